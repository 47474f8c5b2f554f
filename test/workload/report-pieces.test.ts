import * as path from 'node:path';
import { loadEstate, loadTexts } from '../../lib/marathon/load/estate';
import { convertEstate, reportJsonPieces } from '../../lib/workload/convert';
import { reportMarkdown, reportMarkdownPieces } from '../../lib/workload/report-markdown';

// The reports are written in pieces so that a big estate's is never one string; the bytes must be the ones a
// single JSON.stringify / reportMarkdown makes (the CLI's byte-identical output depends on it).
describe('the migration report written in pieces', () => {
  test('the example estate: the JSON pieces are JSON.stringify(report, null, 2), the Markdown pieces reportMarkdown', async () => {
    const estate = await loadEstate({ paths: [path.join(__dirname, '../../examples/estate')] });
    const { report } = convertEstate(estate);
    expect(report.workloads.length).toBeGreaterThan(1);
    const pieces = [...reportJsonPieces(report)];
    expect(pieces.length).toBe(report.workloads.length + 2);
    expect(pieces.join('')).toBe(`${JSON.stringify(report, null, 2)}\n`);
    expect([...reportMarkdownPieces(report)].join('')).toBe(reportMarkdown(report));
  });

  test('an estate of 2,500 apps: the Markdown comes in pieces of 1,000 lines, the same bytes', () => {
    const apps = Array.from({ length: 2500 }, (_, i) => ({ id: `/bulk/app-${i}`, cmd: 'sleep 1', unknownField: i }));
    const estate = loadTexts([{ source: 'bulk.json', text: JSON.stringify(apps), discovered: false }]);
    const { report } = convertEstate(estate);
    expect([...reportJsonPieces(report)].join('')).toBe(`${JSON.stringify(report, null, 2)}\n`);
    const markdown = [...reportMarkdownPieces(report)];
    expect(markdown.length).toBeGreaterThan(1);
    expect(markdown.join('')).toBe(reportMarkdown(report));
  });

  test('an estate with no workload at all (every definition invalid) is one piece, the same bytes', () => {
    const estate = loadTexts([{ source: 'bad.json', text: '{"id": 5}', discovered: false }]);
    const { report } = convertEstate(estate);
    expect(report.workloads).toEqual([]);
    expect([...reportJsonPieces(report)]).toEqual([`${JSON.stringify(report, null, 2)}\n`]);
  });
});

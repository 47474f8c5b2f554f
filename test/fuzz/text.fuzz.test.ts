import { isUtf8 } from 'node:buffer';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import fc from 'fast-check';
import { decodeUtf8 } from '../../lib/marathon/load/decode';
import { loadTexts } from '../../lib/marathon/load/estate';
import { readInputFiles } from '../../lib/marathon/load/files';
import { escapeControlCharacters } from '../../lib/util/control-characters';
import { markdownCode, markdownText } from '../../lib/workload/markdown';
import { fuzz } from './fuzz';

/** Text that tries every trick: Markdown and HTML syntax, mentions, control characters, separators, emoji. */
const hostileText = fc
  .array(
    fc.oneof(
      fc.string({ unit: 'binary', maxLength: 6 }),
      fc.constantFrom(
        '|',
        '\\|',
        '`',
        '``',
        '<script>',
        '</td>',
        '&lt;',
        '@team',
        'x@y',
        '[a](b)',
        '![i](u)',
        '# h',
        '\n',
        '\r\n',
        '\u2028',
        '\u001b[31m',
        '\u202e',
        '*',
        '_',
        '~~',
        '$$',
      ),
    ),
    { maxLength: 12 },
  )
  .map((parts) => parts.join(''));

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;

describe('fuzz: text that reaches people', () => {
  test('markdownText: no line break, control character, raw HTML, unescaped pipe or mention survives', () => {
    fuzz(
      fc.property(hostileText, (text) => {
        const safe = markdownText(text);
        expect(safe).not.toMatch(CONTROL);
        expect(safe).not.toMatch(/[<>]/);
        expect(safe).not.toMatch(/(?<!\\)(?:\\\\)*\|/);
        expect(safe).not.toMatch(/(?<!\\)(?:\\\\)*[`[\]]/);
        expect(safe).not.toMatch(/(^|[^A-Za-z0-9_])@[A-Za-z0-9]/);
      }),
      3000,
      20,
    );
  });

  test('markdownCode: one code span on one line, longer-fenced than any backtick run inside, pipes escaped in tables', () => {
    fuzz(
      fc.property(hostileText, fc.boolean(), (text, inTable) => {
        const code = markdownCode(text, inTable);
        expect(code).not.toMatch(CONTROL);
        const fence = /^`+/.exec(code)?.[0] ?? '';
        expect(code.endsWith(fence)).toBe(true);
        const inner = code.slice(fence.length, code.length - fence.length);
        for (const run of inner.match(/`+/g) ?? []) {
          expect(run.length).toBeLessThan(fence.length);
        }
        if (inTable) {
          expect(inner).not.toMatch(/(?<!\\)\|/);
        }
      }),
      3000,
      21,
    );
  });

  test('escapeControlCharacters: nothing a terminal acts on survives; our own line breaks may', () => {
    fuzz(
      fc.property(hostileText, fc.boolean(), (text, keep) => {
        const safe = escapeControlCharacters(text, keep);

        /* eslint-disable no-control-regex -- the control characters are what the assertion looks for */
        expect(safe).not.toMatch(
          keep
            ? /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]/
            : /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]/,
        );
        /* eslint-enable no-control-regex */
        if (!CONTROL.test(text) && !/[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/.test(text)) {
          expect(safe).toBe(text);
        }
      }),
      3000,
      22,
    );
  });
});

describe('fuzz: bytes as the loader reads them', () => {
  const bytes = fc.oneof(
    fc.uint8Array({ maxLength: 64 }),
    fc
      .tuple(
        fc.string({ unit: 'grapheme', maxLength: 20 }),
        fc.uint8Array({ maxLength: 4 }),
        fc.string({ maxLength: 20 }),
      )
      .map(([a, b, c]) => Buffer.concat([Buffer.from(`{"id": "/${a}`), b, Buffer.from(`${c}", "cmd": "x"}`)])),
  );

  test('decodeUtf8 decodes as Node does and finds the first invalid byte exactly', () => {
    fuzz(
      fc.property(bytes, (raw) => {
        const buffer = Buffer.from(raw);
        const { text, invalid } = decodeUtf8(buffer);
        expect(text).toBe(buffer.toString('utf8'));
        let strictlyValid = true;
        try {
          new TextDecoder('utf-8', { fatal: true }).decode(buffer);
        } catch {
          strictlyValid = false;
        }
        expect(invalid === undefined).toBe(strictlyValid);
        if (invalid) {
          expect(isUtf8(buffer.subarray(0, invalid.byteOffset))).toBe(true);
          expect(invalid.line).toBe(buffer.subarray(0, invalid.byteOffset).toString('latin1').split('\n').length);
        }
      }),
      3000,
      23,
    );
  });

  test('any bytes in a file: the loader answers with definitions or diagnostics, never an exception', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'm2e-fuzz-bytes-'));
    const file = path.join(dir, 'input.json');
    await fc.assert(
      fc.asyncProperty(bytes, async (raw) => {
        fs.writeFileSync(file, raw);
        const walk = await readInputFiles([file]);
        const result = loadTexts(walk.texts, walk.failures);
        expect(result.sources).toHaveLength(1);
        const encoding = result.diagnostics.filter((d) => d.code === 'invalid-utf8');
        expect(encoding.length).toBe(isUtf8(raw) ? 0 : 1);
      }),
      { seed: 24, numRuns: 400 },
    );
  });
});

import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import table from '../../lib/validate/kube-fields.generated.json';

const ROOT = path.resolve(__dirname, '../..');
const MODELS = path.join(ROOT, 'node_modules/@kubernetes/client-node/dist/gen/models');
const GENERATED = path.join(ROOT, 'lib/validate/kube-fields.generated.json');
const hasClientNode = fs.existsSync(MODELS);

describe('kube-fields.generated.json', () => {
  test('records its source and covers every emitted kind', () => {
    expect(table.source).toEqual({
      package: '@kubernetes/client-node',
      version: expect.stringMatching(/^\d+\.\d+\.\d+$/),
      openapi: expect.stringMatching(/^v1\.\d+\.\d+$/),
    });
    const types: Record<string, unknown> = table.types;
    for (const model of Object.values(table.kinds)) {
      expect(types[model]).toBeDefined();
    }
    expect(Object.keys(table.kinds)).toHaveLength(18);
  });

  // client-node is ESM-only and cannot be required inside jest, so the generator runs in its own process.
  (hasClientNode ? test : test.skip)(
    hasClientNode
      ? 'matches what scripts/generate-kube-fields.ts generates from the installed client-node'
      : `matches the generator (skipped: @kubernetes/client-node is not installed at ${MODELS})`,
    () => {
      const result = spawnSync(
        process.execPath,
        ['--import', 'tsx', path.join(ROOT, 'scripts/generate-kube-fields.ts'), '--check'],
        { cwd: ROOT, encoding: 'utf8' },
      );
      const committed = createHash('sha256').update(fs.readFileSync(GENERATED, 'utf8')).digest('hex');
      expect({ status: result.status, stdout: result.stdout.trim(), stderr: result.stderr.trim() }).toEqual({
        status: 0,
        stdout: `sha256 ${committed}`,
        stderr: '',
      });
    },
    30_000,
  );
  if (!hasClientNode) {
    console.warn(
      `[kube-fields.generated.json] generator check skipped: @kubernetes/client-node is not installed at ${MODELS}`,
    );
  }
});

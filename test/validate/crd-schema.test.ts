import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Schema, checkSchema, crdKindOf, crdKinds, patternOf } from '../../lib/validate/crd-schema';
import karpenterTable from '../../lib/validate/crd-schemas-karpenter.generated.json';
import argoCdTable from '../../lib/validate/crd-schemas-argocd.generated.json';
import monitoringTable from '../../lib/validate/crd-schemas-monitoring.generated.json';
import table from '../../lib/validate/crd-schemas.generated.json';
import { KubeProblem, Problems } from '../../lib/validate/kube-problem';

const ROOT = path.resolve(__dirname, '../..');
const GENERATED = path.join(ROOT, 'lib/validate/crd-schemas.generated.json');
const GENERATED_MONITORING = path.join(ROOT, 'lib/validate/crd-schemas-monitoring.generated.json');

function problemsOf(value: unknown, schema: Schema): KubeProblem[] {
  const problems = new Problems();
  checkSchema(value, schema, problems, 'Thing', 'test schema');
  return problems.list;
}

const one = (path: string, fragment: string) => [{ path, message: expect.stringContaining(fragment) }];

describe('checkSchema: the OpenAPI v3 subset of CRD schemas', () => {
  const object = (properties: Record<string, Schema>, extra: Partial<Schema> = {}): Schema => ({
    type: 'object',
    properties,
    ...extra,
  });

  test.each<[string, Schema, unknown, string, string]>([
    ['type: integer', object({ n: { type: 'integer' } }), { n: 1.5 }, 'n', 'expected an integer, got number 1.5'],
    ['type: number', object({ n: { type: 'number' } }), { n: '1' }, 'n', 'expected a number, got string "1"'],
    [
      'type: boolean',
      object({ b: { type: 'boolean' } }),
      { b: 'true' },
      'b',
      'expected true or false, got string "true"',
    ],
    ['null without nullable', object({ s: { type: 'string' } }), { s: null }, 's', 'expected a string, got null'],
    ['required', object({ a: { type: 'string' } }, { required: ['a'] }), {}, 'a', 'required field "a" is missing'],
    [
      'enum',
      object({ e: { type: 'string', enum: ['A', 'B'] } }),
      { e: 'a' },
      'e',
      'must be one of "A", "B"; got string "a"',
    ],
    [
      'unknown field, with a suggestion',
      object({ name: { type: 'string' } }),
      { nam: 'x' },
      'nam',
      'unknown field "nam" (did you mean "name"?): Thing has no such field (test schema)',
    ],
    [
      'an object without properties takes no fields',
      object({ byID: { type: 'object' } }),
      { byID: { id: 'x' } },
      'byID.id',
      'unknown field "id": byID has no fields (test schema)',
    ],
    [
      'additionalProperties schema',
      object({ m: { type: 'object', additionalProperties: { type: 'integer' } } }),
      { m: { a: 1, b: 'x' } },
      'm.b',
      'expected an integer, got string "x"',
    ],
    [
      'additionalProperties false',
      object({ a: { type: 'string' } }, { additionalProperties: false }),
      { a: 'x', b: 'y' },
      'b',
      'unknown field "b"',
    ],
    [
      'items',
      object({ l: { type: 'array', items: { type: 'string' } } }),
      { l: ['a', 2] },
      'l[1]',
      'expected a string, got number 2',
    ],
    [
      'minItems',
      object({ l: { type: 'array', minItems: 1, items: { type: 'string' } } }),
      { l: [] },
      'l',
      'must have at least 1 item, got 0',
    ],
    [
      'maxItems',
      object({ l: { type: 'array', maxItems: 2 } }),
      { l: [1, 2, 3] },
      'l',
      'must have at most 2 items, got 3',
    ],
    ['minimum', object({ n: { type: 'integer', minimum: 600 } }), { n: 60 }, 'n', 'must be at least 600, got 60'],
    [
      'exclusiveMaximum',
      object({ n: { type: 'number', maximum: 1, exclusiveMaximum: true } }),
      { n: 1 },
      'n',
      'must be less than 1, got 1',
    ],
    [
      'minLength counts characters',
      object({ s: { type: 'string', minLength: 3 } }),
      { s: '😀😀' },
      's',
      'must be at least 3 characters, got 2',
    ],
    [
      'pattern',
      object({ s: { type: 'string', pattern: '^[a-z]+$' } }),
      { s: 'A' },
      's',
      '"A" does not match the pattern "^[a-z]+$"',
    ],
    [
      'maxProperties',
      object({ m: { type: 'object', maxProperties: 1, additionalProperties: { type: 'string' } } }),
      { m: { a: 'x', b: 'y' } },
      'm',
      'must have at most 1 field, got 2',
    ],
    [
      'int-or-string',
      object({ p: { 'x-kubernetes-int-or-string': true, anyOf: [{ type: 'integer' }, { type: 'string' }] } }),
      { p: 1.5 },
      'p',
      'expected a string or an integer, got number 1.5',
    ],
    [
      "int-or-string: a string still meets the pattern (the monitoring CRDs' nativeHistogramMinBucketFactor)",
      object({
        f: {
          'x-kubernetes-int-or-string': true,
          anyOf: [{ type: 'integer' }, { type: 'string' }],
          pattern: '^[0-9.]+$',
        },
      }),
      { f: 'x' },
      'f',
      '"x" does not match the pattern "^[0-9.]+$"',
    ],
    [
      'pattern: RE2 (?i) after ^ is case-insensitivity',
      object({ s: { type: 'string', pattern: '^(?i)(abort|warn)?$' } }),
      { s: 'skip' },
      's',
      '"skip" does not match the pattern "^(?i)(abort|warn)?$"',
    ],
    [
      'format int32',
      object({ n: { type: 'integer', format: 'int32' } }),
      { n: 2 ** 31 },
      'n',
      'must fit a int32 (-2147483648 to 2147483647), got 2147483648',
    ],
    [
      'format date-time',
      object({ t: { type: 'string', format: 'date-time' } }),
      { t: '2026-12-02 10:00' },
      't',
      '"2026-12-02 10:00" is not an RFC 3339 date-time',
    ],
    [
      'list-type set',
      object({ l: { type: 'array', 'x-kubernetes-list-type': 'set', items: { type: 'string' } } }),
      { l: ['a', 'b', 'a'] },
      'l[2]',
      'duplicate value string "a", as item 0 (a set list takes each value once)',
    ],
    [
      'list-type map, two keys',
      object({
        l: {
          type: 'array',
          'x-kubernetes-list-type': 'map',
          'x-kubernetes-list-map-keys': ['name', 'port'],
          items: object({ name: { type: 'string' }, port: { type: 'integer' } }),
        },
      }),
      {
        l: [
          { name: 'a', port: 1 },
          { name: 'a', port: 2 },
          { name: 'a', port: 1 },
        ],
      },
      'l[2]',
      'duplicate entry: name string "a", port number 1, as item 0 (a map list takes each key once)',
    ],
    [
      'anyOf',
      object({ v: { anyOf: [{ type: 'boolean' }, { type: 'string', enum: ['auto'] }] } }),
      { v: 'on' },
      'v',
      'expected true or false or a string, got string "on"',
    ],
  ])('%s', (_name, schema, value, at, fragment) => {
    expect(problemsOf(value, schema)).toEqual(one(at, fragment));
  });

  test('nullable, preserve-unknown-fields, additionalProperties true and int-or-string accept what they should', () => {
    const schema = object({
      n: { type: 'string', nullable: true },
      free: {
        type: 'object',
        'x-kubernetes-preserve-unknown-fields': true,
        properties: { known: { type: 'integer' } },
      },
      any: { type: 'object', additionalProperties: true },
      p: { 'x-kubernetes-int-or-string': true, anyOf: [{ type: 'integer' }, { type: 'string' }] },
    });
    expect(
      problemsOf({ n: null, free: { known: 1, other: { deep: true } }, any: { x: [1] }, p: 8080 }, schema),
    ).toEqual([]);
    expect(problemsOf({ p: 'http' }, schema)).toEqual([]);
    const formats = object({
      n: { type: 'integer', format: 'int64' },
      t: { type: 'string', format: 'date-time' },
      s: { type: 'string', pattern: '^(?i)(abort|warn)?$' },
    });
    expect(problemsOf({ n: 2 ** 40, t: '2026-12-02T10:00:00.5+01:00', s: 'Abort' }, formats)).toEqual([]);
    // preserve-unknown-fields keeps checking the fields it declares.
    expect(problemsOf({ free: { known: 'x' } }, schema)).toEqual(one('free.known', 'expected an integer'));
  });

  test('top-level metadata is only skipped for custom resources', () => {
    expect(problemsOf({ metadata: { name: 'x' } }, object({ metadata: { type: 'object' } }))).toEqual(
      one('metadata.name', 'metadata has no fields'),
    );
  });
});

describe('crd-schemas.generated.json', () => {
  const KEYWORDS = new Set([
    'type',
    'properties',
    'required',
    'enum',
    'items',
    'additionalProperties',
    'anyOf',
    'nullable',
    'x-kubernetes-preserve-unknown-fields',
    'x-kubernetes-int-or-string',
    'x-kubernetes-list-type',
    'x-kubernetes-list-map-keys',
    'format',
    'minLength',
    'maxLength',
    'pattern',
    'minimum',
    'maximum',
    'exclusiveMinimum',
    'exclusiveMaximum',
    'minItems',
    'maxItems',
    'minProperties',
    'maxProperties',
  ]);

  test('records its source and covers the External Secrets kinds the EKS environment emits', () => {
    expect(table.source).toEqual({
      repository: 'external-secrets/external-secrets',
      tag: 'helm-chart-2.9.0',
      path: 'deploy/crds/bundle.yaml',
      sha256: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
    expect(crdKinds().sort()).toEqual([
      'argoproj.io/v1alpha1/AppProject',
      'argoproj.io/v1alpha1/Application',
      'external-secrets.io/v1/ClusterSecretStore',
      'external-secrets.io/v1/ExternalSecret',
      'external-secrets.io/v1/SecretStore',
      'karpenter.k8s.aws/v1/EC2NodeClass',
      'karpenter.sh/v1/NodePool',
      'monitoring.coreos.com/v1/PodMonitor',
      'monitoring.coreos.com/v1/PrometheusRule',
      'monitoring.coreos.com/v1/ServiceMonitor',
    ]);
    expect(crdKindOf('external-secrets.io/v1/ClusterSecretStore')).toMatchObject({
      crd: 'clustersecretstores.external-secrets.io',
      scope: 'Cluster',
    });
    expect(crdKindOf('external-secrets.io/v1/SecretStore')).toMatchObject({
      crd: 'secretstores.external-secrets.io',
      scope: 'Namespaced',
    });
    expect(crdKindOf('external-secrets.io/v1beta1/SecretStore')).toBeUndefined();
    const schemas: Record<string, unknown> = {
      ...table.schemas,
      ...monitoringTable.schemas,
      ...karpenterTable.schemas,
      ...argoCdTable.schemas,
    };
    for (const kind of crdKinds()) {
      expect(schemas[crdKindOf(kind)?.schema as string]).toBeDefined();
    }
  });

  test('the tables hold only keywords (and formats) the walker checks, and patterns JavaScript compiles', () => {
    const unsupported: string[] = [];
    const visit = (schema: Record<string, unknown>, at: string) => {
      for (const keyword of Object.keys(schema)) {
        if (!KEYWORDS.has(keyword)) {
          unsupported.push(`${at}: ${keyword}`);
        }
      }
      if (typeof schema.pattern === 'string') {
        expect(() => patternOf(schema.pattern as string)).not.toThrow();
      }
      if (schema.format !== undefined && !['int32', 'int64', 'date-time'].includes(schema.format as string)) {
        unsupported.push(`${at}: format ${String(schema.format)}`);
      }
      if (
        schema['x-kubernetes-list-type'] !== undefined &&
        !['set', 'map'].includes(schema['x-kubernetes-list-type'] as string)
      ) {
        unsupported.push(`${at}: list type ${String(schema['x-kubernetes-list-type'])}`);
      }
      for (const [name, child] of Object.entries(
        (schema.properties ?? {}) as Record<string, Record<string, unknown>>,
      )) {
        visit(child, `${at}.${name}`);
      }
      if (schema.items) {
        visit(schema.items as Record<string, unknown>, `${at}[]`);
      }
      if (typeof schema.additionalProperties === 'object') {
        visit(schema.additionalProperties as Record<string, unknown>, `${at}{}`);
      }
      for (const branch of (schema.anyOf ?? []) as Record<string, unknown>[]) {
        visit(branch, `${at}|`);
      }
    };
    for (const [name, schema] of Object.entries({
      ...table.schemas,
      ...monitoringTable.schemas,
      ...karpenterTable.schemas,
      ...argoCdTable.schemas,
    })) {
      visit(schema, name);
    }
    expect(unsupported).toEqual([]);
    // External Secrets' table predates formats and list types; it stays byte-identical, so it has none.
    expect(JSON.stringify(table.schemas)).not.toMatch(/"format":"|"x-kubernetes-list-type":/);
  });

  // The CRD bundle (1.9 MB) is not in the repository; point ESO_CRD_BUNDLE at deploy/crds/bundle.yaml of the tag.
  const bundle = process.env.ESO_CRD_BUNDLE;
  (bundle !== undefined ? test : test.skip)(
    bundle !== undefined
      ? `matches what scripts/generate-crd-schemas.ts generates from ${bundle}`
      : 'matches the generator (skipped: set ESO_CRD_BUNDLE to the CRD bundle)',
    () => {
      const result = spawnSync(
        process.execPath,
        ['--import', 'tsx', path.join(ROOT, 'scripts/generate-crd-schemas.ts'), bundle as string, '--check'],
        { cwd: ROOT, encoding: 'utf8' },
      );
      const committed = createHash('sha256').update(fs.readFileSync(GENERATED, 'utf8')).digest('hex');
      expect({ status: result.status, stdout: result.stdout.trim() }).toEqual({
        status: 0,
        stdout: `sha256 ${committed}`,
      });
    },
    30_000,
  );

  // The three CRD templates of prometheus-operator-crds-31.0.1 (see the generator's header for the git commands).
  const crds = process.env.PROMETHEUS_OPERATOR_CRDS;
  (crds !== undefined ? test : test.skip)(
    crds !== undefined
      ? `the monitoring table matches what scripts/generate-crd-schemas.ts generates from ${crds}`
      : 'the monitoring table matches the generator (skipped: set PROMETHEUS_OPERATOR_CRDS to a directory of the CRDs)',
    () => {
      const files = ['servicemonitors', 'podmonitors', 'prometheusrules'].map((k) =>
        path.join(crds as string, `crd-${k}.yaml`),
      );
      const result = spawnSync(
        process.execPath,
        ['--import', 'tsx', path.join(ROOT, 'scripts/generate-crd-schemas.ts'), ...files, '--check'],
        { cwd: ROOT, encoding: 'utf8' },
      );
      const committed = createHash('sha256').update(fs.readFileSync(GENERATED_MONITORING, 'utf8')).digest('hex');
      expect({ status: result.status, stdout: result.stdout.trim() }).toEqual({
        status: 0,
        stdout: `sha256 ${committed}`,
      });
    },
    30_000,
  );
});

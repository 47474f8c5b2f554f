import * as fs from 'node:fs';
import * as path from 'node:path';
import { formatPath } from '../../lib/util/json-path';
import { LoadResult } from '../../lib/marathon/load/definition';
import { NOT_JSON_FILE, loadEstate } from '../../lib/marathon/load/estate';
import { CORPUS_DIR, corpusSources, describeWithCorpus } from '../helpers/corpus';
import { GOLDEN_FILES } from './golden/cases';
import { goldenFile, snapshotOf } from './golden/snapshot';

/** SOURCES.tsv's feature tagger calls these pods "app"; they are pod status objects / pods, and are read as such. */
const MISLABELLED_PODS = [
  'dcos__dcos-core-cli/python__lib__dcoscli__tests__data__marathon__pods__good_status.json',
  'dcos__dcos-ui/plugins__services__src__js__containers__service-connection____tests____fixtures__ServicePodWithEndpoints.json',
];

function walk(directory: string): string[] {
  return fs.readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(directory, entry.name);
    return entry.isDirectory() ? walk(full) : [full];
  });
}

describeWithCorpus('the shared Marathon corpus', () => {
  let result: LoadResult;
  const relative = (source: string) => path.relative(CORPUS_DIR, source).split(path.sep).join('/');
  const fromFile = (file: string) => {
    const source = path.join(CORPUS_DIR, file).split(path.sep).join('/');
    return {
      definitions: result.definitions.filter((d) => d.source === source),
      rejected: result.rejected.filter((r) => r.source === source),
      errors: result.diagnostics.filter((d) => d.source === source && d.severity === 'error'),
      status: result.sources.find((s) => s.source === source)?.status,
    };
  };

  beforeAll(async () => {
    result = await loadEstate({ paths: [CORPUS_DIR] });
  });

  test('every file is accounted for: read, skipped with a reason, or reported', () => {
    const files = walk(CORPUS_DIR).map((file) => file.split(path.sep).join('/'));
    expect(result.sources.map((s) => s.source).sort()).toEqual(files.sort());
    for (const source of result.sources) {
      if (source.status !== 'read') {
        expect(source.reason).toBeTruthy();
      }
    }
    const jsonFiles = files.filter((file) => file.endsWith('.json'));
    expect(result.sources.filter((s) => s.reason === NOT_JSON_FILE)).toHaveLength(files.length - jsonFiles.length);
  });

  test('nothing crashes: no internal errors, and every error names the file, the JSON path and a line', () => {
    expect(result.diagnostics.filter((d) => d.code === 'internal-error')).toEqual([]);
    for (const diagnostic of result.diagnostics.filter((d) => d.severity === 'error')) {
      expect(diagnostic.source.startsWith(CORPUS_DIR)).toBe(true);
      expect(diagnostic.message.length).toBeGreaterThan(10);
      expect(diagnostic.line).toBeGreaterThan(0);
    }
  });

  test('every definition file of SOURCES.tsv is read and yields definitions or errors of the kind it holds', () => {
    const sources = corpusSources().filter((source) => source.kind !== 'template');
    expect(sources.length).toBeGreaterThan(440);
    for (const source of sources) {
      const found = fromFile(source.localFile);
      expect({ file: source.localFile, status: found.status }).toEqual({ file: source.localFile, status: 'read' });
      const groups = result.groups.filter(
        (g) => g.source === path.join(CORPUS_DIR, source.localFile).split(path.sep).join('/'),
      );
      expect(found.definitions.length + found.rejected.length + groups.length).toBeGreaterThan(0);
      const kinds = new Set([
        ...found.definitions.map((d) => d.kind),
        ...found.rejected.map((r) => r.kind),
        ...groups.map(() => 'group'),
      ]);
      const expected = MISLABELLED_PODS.includes(source.localFile) ? 'pod' : source.kind;
      expect({ file: source.localFile, kinds: kinds.has(expected) }).toEqual({ file: source.localFile, kinds: true });
    }
  });

  test('every rendered DC/OS package template loads, and all but six broken ones are valid', () => {
    const rendered = result.sources.filter(
      (s) => relative(s.source).startsWith('_rendered/') && s.source.endsWith('.json'),
    );
    expect(rendered).toHaveLength(179);
    expect(rendered.every((s) => s.status === 'read')).toBe(true);
    const invalid = rendered
      .filter((s) => s.rejected > 0)
      .map((s) => relative(s.source).replace(/^_rendered\/mesosphere__universe\/repo__packages__/, ''));
    expect(invalid).toEqual([
      'C__ceph-dash__0__marathon.rendered.json',
      'E__edgelb-pool__300__marathon.rendered.json',
      'E__ethereum__1__marathon.rendered.json',
      'L__logstash__0__marathon.rendered.json',
      'M__marathon-autoscaler__0__marathon.rendered.json',
      'N__nexclipper-agent__0__marathon.rendered.json',
    ]);
    expect(rendered.reduce((sum, s) => sum + s.definitions, 0)).toBe(175);
  });

  test('package templates that are not Marathon JSON are skipped with the reason', () => {
    const skipped = result.sources.filter((s) => s.status === 'skipped' && s.reason !== NOT_JSON_FILE);
    expect(skipped.filter((s) => s.source.endsWith('config.json'))).toHaveLength(183);
    expect(skipped.filter((s) => s.source.endsWith('resource.json'))).toHaveLength(183);
    expect(skipped.filter((s) => relative(s.source).startsWith('_schema/'))).toHaveLength(4);
    expect(skipped).toHaveLength(370);
  });

  test.each<[string, string, string]>([
    [
      'dcos__dcos-core-cli/python__lib__dcoscli__tests__data__marathon__apps__app_add_400.json',
      'container.docker.network',
      'must be one of "BRIDGE", "HOST", "NONE", "USER"; got string "bogus"',
    ],
    [
      'dcos__dcos-core-cli/python__lib__dcoscli__tests__data__marathon__groups__complicated_bad.json',
      'groups[0].apps[0].id',
      'required field "id" is missing',
    ],
    [
      'dcos__dcos-core-cli/python__lib__dcoscli__tests__data__marathon__groups__complicated_bad.json',
      'groups[0].id',
      'id /test-group/appingroups is already used in this document at apps[0]',
    ],
    [
      'mesosphere__marathon/docs__docs__rest-api__public__api__v2__examples__app_patch.json',
      '$',
      'a partial update (PATCH /v2/apps) body is not a full app',
    ],
    [
      'mesosphere__marathon/docs__docs__rest-api__public__api__v2__examples__apps_patch.json',
      '[1]',
      'a partial update (PATCH /v2/apps) body is not a full app',
    ],
    [
      'mesosphere__dcos-docs-site/pages__mesosphere__dcos__1.13__deploying-jobs__quickstart__index.md__L205.json',
      'id',
      'required field "id" is missing',
    ],
    ['d2iq-ps__dcos-migrate/tests__examples__job_ucr.json', 'id', '"hello world" is not a valid job id'],
    [
      'dcos__dcos-docs/1.10__deploying-services__marathon-parameters.md__L212.json',
      'id',
      'segment "myApp" of "/product/service/myApp" is not a valid Marathon id segment',
    ],
    [
      '_rendered/mesosphere__universe/repo__packages__L__logstash__0__marathon.rendered.json',
      'ports[0]',
      'expected a number, got string "10514"',
    ],
    [
      'mesosphere__marathon-lb/ci__backends_1.9__docker_host.json',
      'container.docker.network',
      'the legacy container.docker.network HOST disagrees with networks',
    ],
    ['dcos__dcos-ui/tests___fixtures__metronome__job-bar.json', 'run.mem', 'must be at least 32, got number 1'],
  ])('known-bad %s is rejected at %s', (file, at, message) => {
    const found = fromFile(file);
    expect(found.rejected.length).toBeGreaterThan(0);
    expect(found.errors.filter((e) => formatPath(e.path) === at && e.message.includes(message))).toHaveLength(1);
  });

  test('the pod the dcos CLI calls "ungood" is valid Marathon: it only asks for more capacity than the test cluster had', () => {
    expect(
      fromFile('dcos__dcos-core-cli/python__lib__dcoscli__tests__data__marathon__pods__ungood.json').definitions,
    ).toHaveLength(1);
  });

  test('the corpus totals: every definition is either valid or rejected with errors', () => {
    const count = (kind: string) => result.definitions.filter((d) => d.kind === kind).length;
    expect({
      apps: count('app'),
      pods: count('pod'),
      jobs: count('job'),
      groups: result.groups.length,
      rejected: result.rejected.length,
    }).toEqual({
      apps: 631,
      pods: 42,
      jobs: 42,
      groups: 65,
      rejected: 81,
    });
    for (const rejected of result.rejected) {
      const inside = result.diagnostics.filter(
        (d) =>
          d.source === rejected.source &&
          d.severity === 'error' &&
          rejected.pointer.every((segment, i) => d.path[i] === segment),
      );
      expect(inside.length).toBeGreaterThan(0);
    }
  });

  describe(`${GOLDEN_FILES.length} hand-picked files normalize exactly as pinned in test/marathon/golden/expected`, () => {
    test.each([...GOLDEN_FILES])('%s', (file) => {
      const source = path.join(CORPUS_DIR, file).split(path.sep).join('/');
      const only: LoadResult = {
        definitions: result.definitions.filter((d) => d.source === source),
        groups: result.groups.filter((g) => g.source === source),
        rejected: result.rejected.filter((r) => r.source === source),
        diagnostics: result.diagnostics.filter((d) => d.source === source && d.code !== 'duplicate-id'),
        sources: [],
      };
      const expected = JSON.parse(fs.readFileSync(goldenFile(file), 'utf8'));
      expect(JSON.parse(JSON.stringify(snapshotOf(only)))).toEqual(expected);
    });
  });
});

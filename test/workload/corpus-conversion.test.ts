import { App } from 'cdk8s';
import { parseAllDocuments } from 'yaml';
import { LoadResult } from '../../lib/marathon/load/definition';
import { loadEstate } from '../../lib/marathon/load/estate';
import { formatPath, JsonPath } from '../../lib/util/json-path';
import { isCredential } from '../../lib/translate/credentials';
import { NO_RULE } from '../../lib/translate/report';
import { validateKubeObjects } from '../../lib/validate/kubernetes';
import { Conversion, REPORT_JSON, convertEstate } from '../../lib/workload/convert';
import { MarathonWorkload } from '../../lib/workload/marathon-workload';
import { KubeObject } from '../../lib/translate/kube';
import { CORPUS_DIR, describeWithCorpus } from '../helpers/corpus';

/** Leaf paths of a JSON value, counted independently of the report code so the two can be compared. */
function leafPaths(value: unknown, path: JsonPath = []): string[] {
  if (Array.isArray(value)) {
    return value.length === 0 ? [formatPath(path)] : value.flatMap((item, i) => leafPaths(item, [...path, i]));
  }
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value);
    return entries.length === 0
      ? [formatPath(path)]
      : entries.flatMap(([key, item]) => leafPaths(item, [...path, key]));
  }
  return [formatPath(path)];
}

describeWithCorpus('converting the whole shared corpus', () => {
  let estate: LoadResult;
  let conversion: Conversion;
  let written: KubeObject[];

  beforeAll(async () => {
    estate = await loadEstate({ paths: [CORPUS_DIR] });
    conversion = convertEstate(estate);
    written = [...conversion.files.entries()]
      .filter(([file]) => file.endsWith('.yaml'))
      .flatMap(([, text]) => parseAllDocuments(text).map((document) => document.toJS() as KubeObject));
  }, 120_000);

  test('every valid definition converts, and every emitted object passes strict validation', () => {
    expect(conversion.invalidObjects).toBe(0);
    expect(conversion.report.errors.filter((e) => e.message.startsWith('translation bug'))).toEqual([]);
    expect(conversion.report.workloads).toHaveLength(estate.definitions.length);
    // Only an app that scaled others (marathon-lb-autoscale in the marathon-lb scaling tutorial) is not emitted.
    expect(conversion.report.workloads.filter((w) => w.objects.length === 0).map((w) => w.id)).toEqual([
      '/marathon-lb-autoscale',
    ]);
    // Re-validate what was actually written, after the YAML round trip.
    expect(written.length).toBe(Object.values(conversion.report.summary.objects).reduce((a, b) => a + b, 0));
    expect(validateKubeObjects(written)).toEqual([]);
  });

  test('the report accounts for every input field of every definition, exactly once', () => {
    const byId = new Map(estate.definitions.map((d) => [`${d.kind} ${d.source} ${formatPath(d.pointer)}`, d]));
    for (const workload of conversion.report.workloads) {
      const definition = byId.get(`${workload.kind} ${workload.source} ${workload.pointer}`);
      expect(definition).toBeDefined();
      const reported = workload.fields.map((field) => field.path);
      expect(new Set(reported).size).toBe(reported.length);
      expect([...reported].sort()).toEqual(leafPaths(definition!.provenance.original).sort());
      for (const field of workload.fields) {
        expect(field.note).not.toBe(NO_RULE);
        expect(field.note.length).toBeGreaterThan(0);
      }
    }
  });

  test('the summary counts fields per status and objects per kind', () => {
    const { summary } = conversion.report;
    const fields = conversion.report.workloads.flatMap((w) => w.fields);
    for (const status of ['translated', 'approximated', 'unsupported', 'ignored'] as const) {
      expect(summary.fields[status]).toBe(fields.filter((f) => f.status === status).length);
    }
    expect(summary.definitions).toEqual({ app: 631, pod: 42, job: 42 });
    expect(summary.rejected).toBe(81);
    // cadvisor and spark-shuffle (256 instances, one per host) run on every node.
    expect(summary.objects.DaemonSet).toBe(2);
    expect(summary.objects.Deployment + summary.objects.StatefulSet + summary.objects.DaemonSet).toBe(631 + 42 - 1);
    // On the nginx that marathon-lb-autoscale scaled, and on the pod example with scaling.maxInstances.
    expect(summary.objects.HorizontalPodAutoscaler).toBe(2);
    expect(summary.objects.CronJob).toBe(42);
    // Every status occurs on real input; most fields carry over as they are.
    expect(summary.fields.translated).toBeGreaterThan(
      summary.fields.approximated + summary.fields.unsupported + summary.fields.ignored,
    );
    expect(summary.fields.unsupported).toBeGreaterThan(0);
  });

  test('every object carries the original Marathon / Metronome id of its definition', () => {
    const ids = new Set(conversion.report.workloads.map((w) => w.id));
    for (const object of written) {
      const annotations = object.metadata?.annotations ?? {};
      if (object.kind === 'Namespace') {
        continue;
      }
      if (object.kind === 'ConfigMap' && object.metadata?.name === 'marathon-to-eks-migration-overview') {
        // A namespace's dashboard: migration-dashboard.test.ts checks what it shows.
        continue;
      }
      if (object.kind === 'PrometheusRule') {
        // A namespace's rules hold every workload's group: each rule names its workload's id.
        const groups = (
          object as unknown as {
            spec: { groups: { rules: { annotations?: Record<string, string>; labels: Record<string, string> }[] }[] };
          }
        ).spec.groups;
        // Alerts name it in an annotation; the recording rule of Marathon's instances in a label.
        expect(
          groups
            .flatMap((group) => group.rules)
            .every((rule) => ids.has(rule.annotations?.marathon_id ?? rule.labels.marathon_id)),
        ).toBe(true);
        continue;
      }
      const id =
        annotations['marathon-to-eks/app-id'] ??
        annotations['marathon-to-eks/pod-id'] ??
        annotations['marathon-to-eks/job-id'];
      expect(typeof id === 'string' && ids.has(id)).toBe(true);
    }
  });

  test('every DC/OS metrics label becomes a scrape endpoint, reported with its monitor; none is ignored', () => {
    const lines = conversion.report.workloads.flatMap((workload) =>
      workload.fields
        .filter((field) => /(^|\.)labels\.DCOS_METRICS_/.test(field.path))
        .map((field) => ({ workload, field })),
    );
    // edgelb's api (4 port labels, each FORMAT + ENDPOINT) and the DC/OS docs' metrics example (1 port, FORMAT).
    expect(lines).toHaveLength(9);
    const monitors = written.filter((object) => object.kind === 'ServiceMonitor' || object.kind === 'PodMonitor');
    for (const { workload, field } of lines) {
      expect([workload.id, field.path, field.status]).toEqual([workload.id, field.path, 'translated']);
      const name = /^scraped by (?:ServiceMonitor|PodMonitor) (\S+):/.exec(field.note)?.[1];
      expect(workload.objects.some((ref) => ref.kind.endsWith('Monitor') && ref.name === name)).toBe(true);
    }
    // One endpoint per port labelled DCOS_METRICS_FORMAT=prometheus.
    const formats = lines.filter(({ field }) => field.path.endsWith('DCOS_METRICS_FORMAT'));
    const endpoints = monitors.flatMap(
      (monitor) => ((monitor as unknown as { spec: { endpoints?: unknown[] } }).spec.endpoints ?? []) as unknown[],
    );
    expect([monitors.length, endpoints.length]).toEqual([2, formats.length]);
  });

  test('no credential from the definitions is written: every plain one moved into a Secret the report lists', () => {
    const leaks: string[] = [];
    const walk = (value: unknown, where: string): void => {
      if (typeof value === 'string') {
        if (isCredential(value)) {
          leaks.push(`${where}: ${value.slice(0, 60)}`);
        }
      } else if (Array.isArray(value)) {
        value.forEach((item, i) => walk(item, `${where}[${i}]`));
      } else if (value !== null && typeof value === 'object') {
        const { name, value: literal } = value as { name?: unknown; value?: unknown };
        if (typeof name === 'string' && typeof literal === 'string' && isCredential(literal, name)) {
          leaks.push(`${where}: env ${name}`);
        }
        for (const [key, item] of Object.entries(value)) {
          walk(item, `${where}.${key}`);
        }
      }
    };
    written.forEach((object, i) => walk(object, `${object.kind}/${object.metadata?.name}#${i}`));
    expect(leaks).toEqual([]);
    const moved = conversion.report.secrets.filter((secret) => secret.origin === 'marathon-definition');
    // The README quotes this count: a change means a rule now finds more (or fewer) credentials in real input.
    expect(moved.length).toBe(132);
    for (const file of [REPORT_JSON, 'migration-report.md']) {
      expect(conversion.files.get(file)).not.toMatch(/"POSTGRES_PASSWORD": "password"|hunter2|supersecret/);
    }
  });

  test('every manifest reads back the same under YAML 1.1 (kubectl, go-yaml) as under YAML 1.2', () => {
    // `value: on` is the string "on" in YAML 1.2 and a boolean in 1.1: kubectl would reject such an env var.
    for (const [file, text] of conversion.files) {
      if (!file.endsWith('.yaml')) {
        continue;
      }
      const asRead = (version: '1.1' | '1.2') =>
        parseAllDocuments(text, { version }).map((document) => document.toJS());
      expect([file, asRead('1.1')]).toEqual([file, asRead('1.2')]);
    }
  });

  test('the manifests are byte-for-byte what the MarathonWorkload chart renders (convert skips building the chart)', () => {
    const chart = new MarathonWorkload(new App(), 'estate', { definitions: estate.definitions, groups: estate.groups });
    expect(JSON.stringify(written)).toBe(JSON.stringify(chart.toJson()));
  });

  test('the report JSON on disk is the report', () => {
    expect(JSON.parse(conversion.files.get(REPORT_JSON)!)).toEqual(JSON.parse(JSON.stringify(conversion.report)));
  });

  test('output is byte-for-byte deterministic', async () => {
    const again = convertEstate(await loadEstate({ paths: [CORPUS_DIR] }));
    expect([...again.files.keys()]).toEqual([...conversion.files.keys()]);
    for (const [file, text] of conversion.files) {
      expect(again.files.get(file)).toBe(text);
    }
  }, 120_000);
});

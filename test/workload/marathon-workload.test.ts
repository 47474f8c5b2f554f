import { App, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import * as path from 'node:path';
import { loadEstate } from '../../lib/marathon/load/estate';
import { MarathonWorkload } from '../../lib/workload/marathon-workload';
import { LoadResult } from '../../lib/marathon/load/definition';

const EXAMPLES = path.join(__dirname, '../../examples/estate');

describe('MarathonWorkload', () => {
  let estate: LoadResult;
  let workload: MarathonWorkload;
  beforeAll(async () => {
    estate = await loadEstate({ paths: [EXAMPLES] });
    workload = new MarathonWorkload(new App(), 'estate', { definitions: estate.definitions, groups: estate.groups });
  });

  test('the figures of the README example hold for the example estate', () => {
    expect(workload.report.summary.fields).toEqual({ translated: 205, approximated: 26, unsupported: 2, ignored: 0 });
    expect(workload.report.summary.definitions).toEqual({ app: 5, pod: 1, job: 2 });
  });

  test('an option given as undefined takes its default, as its @default says', () => {
    const unset = new MarathonWorkload(new App(), 'unset', {
      definitions: estate.definitions,
      groups: estate.groups,
      storageClass: undefined,
      namespaceStrategy: undefined,
      certificateArns: undefined,
      perNodeInstances: undefined,
    });
    expect(unset.translation.options).toEqual(workload.translation.options);
    expect(unset.translation.failures).toEqual([]);
    expect(JSON.stringify(unset.objects)).toBe(JSON.stringify(workload.objects));
  });

  test('renders exactly the translated objects (nothing added by cdk8s or cdk8s-plus)', () => {
    const rendered = Testing.synth(workload);
    expect(rendered).toEqual(JSON.parse(JSON.stringify(workload.objects)));
    const text = JSON.stringify(rendered);
    for (const leaked of [
      'cdk8s.io/metadata.addr',
      'externalIPs',
      'allowPrivilegeEscalation',
      'automountServiceAccountToken',
      'progressDeadlineSeconds',
      'minReadySeconds',
    ]) {
      expect(text).not.toContain(leaked);
    }
  });

  test('Namespaces, Services and Ingresses are cdk8s-plus constructs others can compose with', () => {
    const api = workload.serviceNamed('shop', 'api');
    expect(api).toBeInstanceOf(kplus.Service);
    const kinds = workload.node.children.map((child) => child.constructor.name);
    expect(kinds).toEqual(expect.arrayContaining(['Namespace', 'Service', 'Ingress', 'ApiObject']));
  });

  test('exposes the migration report', () => {
    expect(workload.report.summary).toMatchObject({ definitions: { app: 5, pod: 1, job: 2 }, errors: 0 });
    expect(workload.report.workloads.map((w) => w.id)).toEqual([
      '/legacy/cache',
      '/payments/gateway',
      '/shop/frontend',
      '/shop/api',
      '/shop/postgres',
      '/shop/worker',
      'shop.db-vacuum',
      'shop.nightly-report',
    ]);
  });

  test('options reach the translation (one namespace, extra labels, no CPU limits)', () => {
    const custom = new MarathonWorkload(new App(), 'custom', {
      definitions: estate.definitions,
      namespaceStrategy: 'single',
      defaultNamespace: 'legacy',
      extraLabels: { 'cost-center': 'cc-42' },
      dropCpuLimits: true,
    });
    const objects = Testing.synth(custom);
    expect(new Set(objects.map((o) => o.metadata.namespace ?? o.metadata.name))).toEqual(new Set(['legacy']));
    expect(objects.every((o) => o.metadata.labels?.['cost-center'] === 'cc-42')).toBe(true);
    const deployment = objects.find((o) => o.kind === 'Deployment');
    expect(deployment.spec.template.spec.containers[0].resources.limits.cpu).toBeUndefined();
  });

  test('option values that would make every object invalid fail at construction, naming the prop', () => {
    expect(
      () =>
        new MarathonWorkload(new App(), 'bad', {
          definitions: estate.definitions,
          defaultNamespace: 'Bad_NS',
          extraLabels: { team: 'a b' },
        }),
    ).toThrow(
      'MarathonWorkload bad: defaultNamespace: "Bad_NS" is not a DNS-1123 label: lowercase letters, digits and "-", starting and ending with a letter or digit; extraLabels: label team: "a b" is not a valid label value',
    );
  });

  test('the same chart in any order of the definitions', () => {
    const reversed = new MarathonWorkload(new App(), 'estate', {
      definitions: [...estate.definitions].reverse(),
      groups: estate.groups,
    });
    expect(JSON.stringify(Testing.synth(reversed))).toBe(JSON.stringify(Testing.synth(workload)));
  });

  test('the same definitions always render the same chart', () => {
    const again = new MarathonWorkload(new App(), 'estate', { definitions: estate.definitions, groups: estate.groups });
    expect(JSON.stringify(Testing.synth(again))).toBe(JSON.stringify(Testing.synth(workload)));
  });
});

import * as fs from 'node:fs';
import * as path from 'node:path';
import { App } from 'cdk8s';
import { loadEstate, loadTexts } from '../../lib/marathon/load/estate';
import { convertEstate } from '../../lib/workload/convert';
import { MarathonWorkload } from '../../lib/workload/marathon-workload';
import { MigrationReport } from '../../lib/workload/migration-report';
import { WorkloadSelection } from '../../lib/workload/selection';
import { KubeObject } from '../../lib/translate/kube';
import { validateKubeObjects } from '../../lib/validate/kubernetes';
import { EXAMPLES, runCapturing as run } from '../helpers/cli';
import { tempDir, tree } from '../helpers/files';
import * as yaml from 'js-yaml';

/*
 * Issue 12, "Converting a subset": the example estate converted a part at a time. References to workloads left on
 * DC/OS are reported as coexistence with their direction, forwarders validate, and nothing outside the selection is
 * emitted.
 */

const DOMAIN = 'eks.example.internal';

async function exampleEstate() {
  return loadEstate({ paths: [EXAMPLES] });
}

function reportOf(out: string): MigrationReport {
  return JSON.parse(fs.readFileSync(path.join(out, 'migration-report.json'), 'utf8')) as MigrationReport;
}

function objectsIn(out: string): KubeObject[] {
  return Object.entries(tree(out))
    .filter(([file]) => file.endsWith('.yaml'))
    .flatMap(([, text]) => yaml.loadAll(text) as KubeObject[]);
}

describe('convert --wave 1 of the example estate', () => {
  let out: string;
  let report: MigrationReport;
  beforeAll(async () => {
    out = path.join(tempDir(), 'wave-1');
    const result = await run(['convert', EXAMPLES, '--out', out, '--wave', '1', '--coexistence-domain', DOMAIN]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    report = reportOf(out);
  });

  test('emits only the first wave: postgres, not the api that depends on it nor the frontend', async () => {
    const estate = await exampleEstate();
    const ids = report.workloads.map((w) => w.id);
    expect(ids).toContain('/shop/postgres');
    expect(ids).not.toContain('/shop/api');
    expect(ids).not.toContain('/shop/frontend');
    expect(report.leftOnDcos?.map((d) => d.id)).toEqual(expect.arrayContaining(['/shop/api', '/shop/frontend']));
    const all = convertEstate(estate).report.workloads.length;
    expect(report.workloads.length + (report.leftOnDcos?.length ?? 0)).toBe(all);
  });

  test('the api left on DC/OS calling postgres on EKS is a dcos-to-eks reference, carried by the forwarder', () => {
    const reference = report.coexistence?.find((r) => r.from === '/shop/api' && r.via === 'env.DATABASE_HOST');
    expect(reference).toMatchObject({
      to: '/shop/postgres',
      name: 'postgres-shop.marathon.mesos',
      direction: 'dcos-to-eks',
    });
    expect(reference?.how).toContain('dcos/forwarders/');
    const vacuum = report.coexistence?.find((r) => r.from === 'db-vacuum' || r.from.includes('vacuum'));
    expect(vacuum).toMatchObject({ to: '/shop/postgres', direction: 'dcos-to-eks' });
    expect(report.coexistence?.every((r) => r.direction === 'dcos-to-eks')).toBe(true);
  });

  test('postgres gets an internal NLB named in the coexistence zone, and the objects pass strict validation', () => {
    const objects = objectsIn(out);
    const nlb = objects.find(
      (o) =>
        o.kind === 'Service' &&
        (o.metadata?.annotations ?? {})['external-dns.alpha.kubernetes.io/hostname']?.endsWith(`.${DOMAIN}`),
    ) as (KubeObject & { spec: { type: string } }) | undefined;
    expect(nlb?.metadata?.namespace).toBe('shop');
    expect(nlb?.spec.type).toBe('LoadBalancer');
    expect(nlb?.metadata?.annotations?.['service.beta.kubernetes.io/aws-load-balancer-scheme']).toBe('internal');
    expect(validateKubeObjects(objects)).toEqual([]);
  });

  test('the forwarder keeps the id and VIP of postgres, and passes validate', async () => {
    const files = Object.keys(tree(out)).filter((file) => file.startsWith('dcos/forwarders/'));
    expect(files).toEqual(['dcos/forwarders/shop/postgres.json']);
    const forwarder = JSON.parse(fs.readFileSync(path.join(out, files[0]), 'utf8')) as Record<string, unknown>;
    expect(forwarder.id).toBe('/shop/postgres');
    expect(JSON.stringify(forwarder)).toContain('/shop/postgres:5432');
    const validated = await run(['validate', path.join(out, files[0])]);
    expect(validated.code).toBe(0);
  });

  test('the cut-over guide: wave 1 deploys postgres, replaces it in Marathon by its forwarder, says how to roll back', () => {
    expect(report.cutover?.map((step) => step.wave)).toEqual([1]);
    const [step] = report.cutover ?? [];
    expect(step.deploy.map((d) => d.id)).toContain('/shop/postgres');
    // postgres is resident (persistent volumes): Marathon refuses to update them away, so it is deleted first.
    expect(step.replaceInMarathon).toEqual([
      expect.objectContaining({
        id: '/shop/postgres',
        forwarder: 'dcos/forwarders/shop/postgres.json',
        how: expect.stringMatching(/^DELETE \/v2\/apps\/shop\/postgres once its data is copied.*then POST/),
      }),
    ]);
    expect(step.retireOnDcos).not.toContain('/shop/postgres');
    expect(step.rollback.join(' ')).toMatch(/POST the original definition/);
    // postgres keeps its data in a persistent volume: the guide says to copy it before the cut-over.
    expect(step.check[0]).toMatch(/copy the data of .*\/shop\/postgres/);
    const markdown = fs.readFileSync(path.join(out, 'migration-report.md'), 'utf8');
    expect(markdown).toContain('## Migrating in waves');
    expect(markdown).toContain('### Cut-over, wave 1');
  });
});

describe('convert --only of the example estate', () => {
  test('the frontend calling the api left on DC/OS keeps the DC/OS name, reported approximated, not unsupported', async () => {
    const out = path.join(tempDir(), 'frontend');
    const result = await run(['convert', EXAMPLES, '--out', out, '--only', '/shop/frontend']);
    expect(result.code).toBe(0);
    const report = reportOf(out);
    expect(report.workloads.map((w) => w.id)).toEqual(['/shop/frontend']);
    const field = report.workloads[0].fields.find((f) => f.path === 'env.API_URL');
    expect(field?.status).toBe('approximated');
    expect(field?.note).toContain('api-shop.marathon.mesos resolves to DC/OS until app /shop/api migrates');
    expect(report.coexistence).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          from: '/shop/frontend',
          to: '/shop/api',
          via: 'env.API_URL',
          direction: 'eks-to-dcos',
        }),
      ]),
    );
    const deployment = objectsIn(out).find((o) => o.kind === 'Deployment') as unknown as {
      spec: { template: { spec: { containers: { env: { name: string; value?: string }[] }[] } } };
    };
    const env = deployment.spec.template.spec.containers[0].env;
    expect(env.find((e) => e.name === 'API_URL')?.value).toBe('http://api-shop.marathon.mesos:8000');
    // No forwarder without a coexistence domain, and none is needed: nothing on DC/OS calls the frontend.
    expect(Object.keys(tree(out)).some((file) => file.startsWith('dcos/'))).toBe(false);
  });

  test('a pattern that matches nothing is a usage error naming the closest id; nothing is written', async () => {
    const out = path.join(tempDir(), 'none');
    const result = await run(['convert', EXAMPLES, '--out', out, '--only', '/shop/frontnd']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('"/shop/frontnd" matches no workload (did you mean "/shop/frontend"?)');
    expect(fs.existsSync(out)).toBe(false);
  });

  test('globs and group ids select by path', async () => {
    const estate = await exampleEstate();
    const ids = (select: WorkloadSelection) => convertEstate(estate, { select }).report.workloads.map((w) => w.id);
    expect(ids(WorkloadSelection.only('/shop'))).toEqual(ids(WorkloadSelection.only('/shop/*')));
    expect(ids(WorkloadSelection.only('/shop/*')).every((id) => id.startsWith('/shop/'))).toBe(true);
    expect(ids(WorkloadSelection.only('/**')).length).toBeGreaterThan(ids(WorkloadSelection.only('/shop/*')).length);
  });
});

describe('the cut-over guide over several waves', () => {
  test('a workload is scaled down on DC/OS only in the step where its last caller has moved', async () => {
    const estate = await exampleEstate();
    const { report } = convertEstate(estate, { select: WorkloadSelection.throughWave(3) });
    const stepOf = (id: string) => report.cutover?.find((step) => step.retireOnDcos.includes(id))?.wave;
    // postgres moves in wave 1, but the api and the vacuum job that call it only in wave 2.
    expect(stepOf('/shop/postgres')).toBe(2);
    expect(stepOf('/shop/api')).toBe(3);
    expect(stepOf('/shop/frontend')).toBe(3);
    expect(report.cutover?.[0].deploy.map((d) => d.id)).toContain('/shop/postgres');
    // The frontend is public through marathon-lb: its DNS names move before it is retired.
    const third = report.cutover?.find((step) => step.wave === 3);
    expect(third?.moveExternalTraffic).toEqual(['/shop/frontend']);
    expect(third?.check.join(' ')).toMatch(/public DNS names at the EKS load balancers/);
  });

  test('a VIP shared across waves keeps its Service in one workload file as later waves are converted', () => {
    const app = (id: string, port: number, env: Record<string, string> = {}) => ({
      source: `${id}.json`,
      discovered: false,
      text: JSON.stringify({
        id,
        cmd: 'serve $PORT0',
        env,
        portDefinitions: [{ port, name: 'http', labels: { VIP_0: '/shared:80' } }],
      }),
    });
    // /a calls /b, so /b moves in wave 1 and /a in wave 2; by id alone /a would own the shared Service.
    const estate = loadTexts([app('/a', 10001, { B: 'b.marathon.mesos' }), app('/b', 10002)]);
    const owner = (wave: number) =>
      [...convertEstate(estate, { select: WorkloadSelection.throughWave(wave) }).files.entries()]
        .filter(([, text]) => /^ {2}name: shared$/m.test(text))
        .map(([file]) => file);
    expect(owner(1)).toEqual(['default/app-b.yaml']);
    expect(owner(2)).toEqual(['default/app-b.yaml']);
  });

  test('a VIP left on DC/OS is reported unsupported from EKS: its addresses answer only inside DC/OS', () => {
    const estate = loadTexts([
      {
        source: 'vip.json',
        discovered: false,
        text: JSON.stringify({
          id: '/g',
          apps: [
            { id: 'db', cmd: 'db', portDefinitions: [{ port: 0, labels: { VIP_0: '/g/db:5432' } }] },
            { id: 'web', cmd: 'web', env: { DB: 'gdb.marathon.l4lb.thisdcos.directory:5432' } },
          ],
        }),
      },
    ]);
    const { report } = convertEstate(estate, { select: WorkloadSelection.only('/g/web') });
    const field = report.workloads[0].fields.find((f) => f.path === 'env.DB');
    expect(field?.status).toBe('unsupported');
    expect(field?.note).toContain('answers only inside DC/OS');
    expect(report.coexistence?.[0]).toMatchObject({ from: '/g/web', to: '/g/db', direction: 'eks-to-dcos' });
    expect(report.coexistence?.[0].how).toMatch(/^unreachable while \/g\/db stays on DC\/OS/);
  });
});

describe('coexistence options', () => {
  test('--coexistence-source-range limits the NLB to the DC/OS agents; a bad CIDR is a usage error naming the flag', async () => {
    const out = path.join(tempDir(), 'ranges');
    const args = ['convert', EXAMPLES, '--out', out, '--wave', '1', '--coexistence-domain', DOMAIN];
    const ok = await run([
      ...args,
      '--coexistence-source-range',
      '10.20.0.0/16',
      '--coexistence-source-range',
      '10.30.0.0/16',
    ]);
    expect(ok.code).toBe(0);
    const nlb = objectsIn(out).find((o) => o.kind === 'Service' && o.metadata?.name === 'postgres-dcos') as unknown as {
      spec: { loadBalancerSourceRanges?: string[] };
    };
    expect(nlb.spec.loadBalancerSourceRanges).toEqual(['10.20.0.0/16', '10.30.0.0/16']);
    const bad = await run([...args, '--coexistence-source-range', '10.20.0.0/33']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain(
      '--coexistence-source-range: expected a CIDR such as 10.20.0.0/16, got "10.20.0.0/33"',
    );
    const domain = await run(['convert', EXAMPLES, '--out', out, '--wave', '1', '--coexistence-domain', 'Not A Zone']);
    expect(domain.code).toBe(2);
    expect(domain.stderr).toContain('--coexistence-domain:');
  });

  test('the NLB of /shop/api keeps clear of the Service of an app named /shop/api-dcos', () => {
    const app = (id: string, extra: Record<string, unknown> = {}) => ({
      id,
      cmd: 'serve',
      portDefinitions: [{ port: 0, name: 'http' }],
      ...extra,
    });
    const estate = loadTexts([
      {
        source: 'shop.json',
        discovered: false,
        text: JSON.stringify({
          id: '/shop',
          apps: [app('api'), app('api-dcos'), app('caller', { env: { API: 'api-shop.marathon.mesos:10000' } })],
        }),
      },
    ]);
    const conversion = convertEstate(estate, {
      select: WorkloadSelection.only('/shop/api', '/shop/api-dcos'),
      coexistenceDomain: DOMAIN,
    });
    const services = [...conversion.files.entries()]
      .flatMap(([file, text]) => (file.endsWith('.yaml') ? (yaml.loadAll(text) as KubeObject[]) : []))
      .filter((o) => o?.kind === 'Service')
      .map((o) => `${o.metadata?.namespace}/${o.metadata?.name}`);
    expect(new Set(services).size).toBe(services.length);
    expect(services).toEqual(expect.arrayContaining(['shop/api-dcos', 'shop/api-dcos-nlb']));
  });

  test('without --coexistence-domain the DC/OS callers are still reported, and the workload says what is missing', async () => {
    const estate = await exampleEstate();
    const { report, files } = convertEstate(estate, { select: WorkloadSelection.throughWave(1) });
    expect([...files.keys()].some((file) => file.startsWith('dcos/'))).toBe(false);
    const postgres = report.workloads.find((w) => w.id === '/shop/postgres');
    expect(postgres?.remarks.join(' ')).toContain('/shop/api (env.DATABASE_HOST: postgres-shop.marathon.mesos)');
    expect(report.coexistence?.find((r) => r.via === 'env.DATABASE_HOST')?.how).toContain('no coexistence domain');
  });
});

describe('the same selection everywhere', () => {
  test('MarathonWorkload with select renders the objects convert writes, and exposes the forwarders', async () => {
    const estate = await exampleEstate();
    const select = WorkloadSelection.throughWave(1);
    const chart = new MarathonWorkload(new App(), 'wave-1', {
      definitions: estate.definitions,
      groups: estate.groups,
      select,
      coexistenceDomain: DOMAIN,
    });
    const conversion = convertEstate(estate, { select, coexistenceDomain: DOMAIN });
    expect(chart.report).toEqual(conversion.report);
    expect([...chart.forwarders.keys()]).toEqual(['dcos/forwarders/shop/postgres.json']);
    expect(`${JSON.stringify(chart.forwarders.get('dcos/forwarders/shop/postgres.json'), null, 2)}\n`).toBe(
      conversion.files.get('dcos/forwarders/shop/postgres.json'),
    );
  });

  test('the same estate in another order gives byte-identical files', async () => {
    const estate = await exampleEstate();
    const reversed = {
      ...estate,
      definitions: [...estate.definitions].reverse(),
      groups: [...estate.groups].reverse(),
    };
    const options = { select: WorkloadSelection.throughWave(2), coexistenceDomain: DOMAIN };
    expect(convertEstate(reversed, options).files).toEqual(convertEstate(estate, options).files);
  });

  test('waves 1 to n grow until they are the whole estate, with the same names as the full conversion', async () => {
    const estate = await exampleEstate();
    const all = convertEstate(estate).report.workloads.map((w) => w.id);
    let wave = 1;
    let ids: string[] = [];
    while (ids.length < all.length && wave < 20) {
      ids = convertEstate(estate, { select: WorkloadSelection.throughWave(wave) }).report.workloads.map((w) => w.id);
      wave++;
    }
    expect(ids).toEqual(all);
    // Names are decided over the whole estate, so a workload's manifest is the same in its wave and in the full run.
    const full = convertEstate(estate).files;
    const partial = convertEstate(estate, { select: WorkloadSelection.throughWave(1) }).files;
    const postgres = [...partial.keys()].find((file) => file.endsWith('postgres.yaml')) as string;
    expect(partial.get(postgres)).toBe(full.get(postgres));
  });
});

import * as path from 'node:path';
import {
  AppDefinition,
  Definition,
  JobDefinition,
  LoadResult,
  PodDefinition,
} from '../../lib/marathon/load/definition';
import { loadEstate } from '../../lib/marathon/load/estate';
import { CORPUS_DIR, describeWithCorpus } from '../helpers/corpus';
import { GOLDEN_FILES } from './golden/cases';

/**
 * What the pinned golden results must mean, file by file: the behaviour a reviewer checked, stated as
 * assertions so a regenerated golden file cannot quietly change it.
 */
describeWithCorpus('hand-picked corpus files: behaviour of their normalized results', () => {
  const results = new Map<string, LoadResult>();
  beforeAll(async () => {
    for (const file of GOLDEN_FILES) {
      results.set(file, await loadEstate({ paths: [path.join(CORPUS_DIR, file)] }));
    }
  });
  const defs = (file: (typeof GOLDEN_FILES)[number]): Definition[] => results.get(file)?.definitions as Definition[];
  const app = (file: (typeof GOLDEN_FILES)[number], index = 0) => defs(file)[index] as AppDefinition;
  const pod = (file: (typeof GOLDEN_FILES)[number], index = 0) => defs(file)[index] as PodDefinition;
  const job = (file: (typeof GOLDEN_FILES)[number]) => defs(file)[0] as JobDefinition;

  test('covers at least 30 files of every kind', () => {
    expect(GOLDEN_FILES.length).toBeGreaterThanOrEqual(30);
    const kinds = new Set(
      [...results.values()].flatMap((r) => [
        ...r.definitions.map((d) => d.kind),
        ...(r.groups.length ? ['group'] : []),
      ]),
    );
    expect([...kinds].sort()).toEqual(['app', 'group', 'job', 'pod']);
  });

  test('1.4 bridge app: docker.network and docker.portMappings become networks and container.portMappings', () => {
    const a = app('d2iq-ps__dcos-migrate/tests__examples__simplePortmapping.json');
    expect(a.id).toBe('/group1/predictionio-server');
    expect(a.spec.networks).toEqual([{ mode: 'container/bridge', labels: {} }]);
    expect(a.spec.container?.portMappings[0]).toMatchObject({
      containerPort: 80,
      hostPort: 0,
      servicePort: 0,
      protocol: 'tcp',
    });
    expect(a.spec.portDefinitions).toEqual([]);
  });

  test('GET /v2/apps response (1.x docs): ports, uris and array constraints converted; status and nulls ignored', () => {
    const a = app('mesosphere__marathon/docs__docs__rest-api__public__api__v2__examples__app_list.json');
    expect(a.spec.portDefinitions.map((p) => p.port)).toEqual([10013, 10015]);
    expect(a.spec.fetch[0].uri).toBe('https://raw.github.com/mesosphere/marathon/master/README.md');
    expect(a.spec.constraints).toEqual([{ fieldName: 'hostname', operator: 'UNIQUE', value: '' }]);
    expect(a.provenance.ignored.filter((f) => f.kind === 'status').length).toBeGreaterThanOrEqual(5);
  });

  test('docs group example: nested groups resolve ids; a bridge app’s host ports are reported as unused', () => {
    const all = defs('mesosphere__marathon/docs__docs__rest-api__public__api__v2__examples__group.json');
    expect(all.map((d) => d.id)).toEqual(['/tools/oauth-server', '/tools/datadog-agent', '/tools/docker/registry']);
    const registry = all[2] as AppDefinition;
    expect(registry.spec.networks[0].mode).toBe('container/bridge');
    expect(registry.provenance.ignored.map((f) => `${f.path.join('.')}:${f.kind}`)).toContain('ports.0:unused');
  });

  test('dcos-ui API fixture: 1.4 API output with uris repeating fetch and COMMAND checks', () => {
    const a = app('dcos__dcos-ui/tests___fixtures__1-app-for-each-health__app.json');
    expect(defs('dcos__dcos-ui/tests___fixtures__1-app-for-each-health__app.json')).toHaveLength(4);
    expect(a.spec.healthChecks[0]).toMatchObject({ protocol: 'COMMAND', command: expect.any(String) });
    expect(a.provenance.ignored.map((f) => `${f.path.join('.')}:${f.kind}`)).toEqual(
      expect.arrayContaining(['uris:superseded', 'container:null']),
    );
  });

  test('1.4 resident app returned by the API with unreachable timeouts: kept, with a warning', () => {
    const result = results.get(
      'dcos__dcos-ui/tests___fixtures__marathon-1-task-with-volumes__groups.json',
    ) as LoadResult;
    const a = result.definitions[0] as AppDefinition;
    expect(a.spec.container?.volumes.some((v) => v.kind === 'persistent')).toBe(true);
    expect(a.spec.upgradeStrategy.maximumOverCapacity).toBe(0);
    expect(result.diagnostics.some((d) => d.code === 'resident-unreachable')).toBe(true);
  });

  test('acs-cli group: HOST and BRIDGE legacy apps side by side', () => {
    const [web, rest] = defs('wteklabs__acs-cli/marathon-app.json') as AppDefinition[];
    expect(web.spec.networks[0].mode).toBe('container/bridge');
    expect(rest.spec.networks[0].mode).toBe('host');
    expect(rest.spec.portDefinitions.length).toBe(1);
  });

  test('beer demo: five apps of /beer with dependencies resolved and a persistent volume', () => {
    const all = defs('dcos__demos/beer-demo__1.10__marathon-configuration.json') as AppDefinition[];
    expect(all.map((d) => d.id)).toEqual([
      '/beer/database',
      '/beer/service',
      '/beer/logstash',
      '/beer/elasticsearch',
      '/beer/kibana',
    ]);
    expect(all[1].spec.dependencies).toEqual(['/beer/database', '/beer/logstash']);
    expect(all[1].spec.labels.HAPROXY_GROUP).toBe('external');
    expect(all[3].spec.container?.volumes.map((v) => v.kind)).toEqual(['persistent', 'host']);
    expect(all[3].spec.upgradeStrategy).toEqual({ minimumHealthCapacity: 0.5, maximumOverCapacity: 0 });
  });

  test('dual-format marathon-lb backend: the modern form wins, the legacy form is superseded', () => {
    const a = app('mesosphere__marathon-lb/ci__backends_1.9__docker_bridge.json');
    expect(a.spec.networks[0].mode).toBe('container/bridge');
    expect(a.spec.container?.portMappings).toHaveLength(1);
    expect(a.provenance.ignored.map((f) => f.kind)).toEqual(['superseded', 'superseded']);
  });

  test('secrets: env refers to declared secrets by name; no value appears', () => {
    const a = app('d2iq-ps__dcos-migrate/tests__examples__simpleWithSecret.json');
    const secretRefs = Object.values(a.spec.env).filter((v) => typeof v !== 'string');
    expect(secretRefs.length).toBeGreaterThan(0);
    for (const ref of secretRefs) {
      expect(a.spec.secrets[(ref as { secret: string }).secret]).toBeDefined();
    }
  });

  test('jenkins: host ports, requirePorts, persistent volume, MESOS_HTTP check', () => {
    const a = app('d2iq-ps__dcos-migrate/tests__examples__jenkins.json');
    expect(a.spec.networks[0].mode).toBe('host');
    expect(a.spec.healthChecks[0].protocol).toBe('MESOS_HTTP');
    expect(a.spec.container?.volumes.map((v) => v.kind)).toContain('persistent');
    expect(a.spec.unreachableStrategy).toBe('disabled');
  });

  test('nginx VIP app without networks: Marathon runs it on host networking and drops its port mappings — reported', () => {
    const result = results.get(
      'd2iq-ps__dcos-migrate/tests__test_marathon__test_app_transtalor__resources__nginx-vip-app.json',
    ) as LoadResult;
    const a = result.definitions[0] as AppDefinition;
    expect(a.spec.networks).toEqual([{ mode: 'host', labels: {} }]);
    expect(a.spec.container?.portMappings).toEqual([]);
    expect(result.diagnostics.find((d) => d.code === 'ignored-unused')?.message).toContain('declares no networks');
  });

  test('stateful postgres: persistent volume constraints become objects', () => {
    const a = app('d2iq-ps__dcos-migrate/tests__test_marathon__test_app_transtalor__resources__stateful-app.json');
    const persistent = a.spec.container?.volumes.find((v) => v.kind === 'persistent');
    expect(persistent).toMatchObject({ persistent: { constraints: [{ fieldName: 'path', operator: 'LIKE' }] } });
  });

  test('Marathon benchmark export: 100 apps in /cudcos', () => {
    const all = defs('mesosphere__marathon/benchmark__src__main__resources__mocks__json__real__155_100.json');
    expect(all).toHaveLength(100);
    expect(new Set(all.map((d) => d.group))).toEqual(new Set(['/cudcos']));
  });

  test('system-test apps: persistent, external (DVDI), IPv6 check, readiness, ipAddress discovery', () => {
    expect(app('mesosphere__marathon/tests__system__apps__persistent-volume-app.json').spec.unreachableStrategy).toBe(
      'disabled',
    );
    expect(
      app('mesosphere__marathon/tests__system__apps__external-volume-mesos-app.json').spec.container?.volumes[0],
    ).toMatchObject({ kind: 'external' });
    expect(app('mesosphere__marathon/tests__system__apps__ipv6-healthcheck.json').spec.healthChecks[0].ipProtocol).toBe(
      'IPv6',
    );
    expect(
      app('mesosphere__marathon/tests__system__apps__readiness-and-health-app.json').spec.readinessChecks,
    ).toHaveLength(1);
    const pinger = app('mesosphere__marathon/tests__system__apps__pinger-container-app.json');
    expect(pinger.spec.networks).toEqual([{ mode: 'container', name: 'dcos', labels: {} }]);
    expect(pinger.spec.container).toMatchObject({
      type: 'MESOS',
      portMappings: [{ containerPort: 7777, name: 'my-port' }],
    });
  });

  test('Mesos check (not a health check) keeps its own defaults', () => {
    expect(
      app('mesosphere__marathon/docs__docs__rest-api__public__api__v2__examples__app-check-http-example.json').spec
        .check,
    ).toMatchObject({ http: { scheme: 'HTTP' } });
  });

  test('resource limits on pod containers, pod status unwrapped from a /v2/groups tree', () => {
    const p = pod('dcos__dcos-ui/tests___fixtures__resource-limits__groups.json');
    expect(p.pointer).toEqual(['pods', 0]);
    expect(p.spec.containers.map((c) => c.resourceLimits)).toEqual([
      { cpus: 0.5, mem: 256 },
      { cpus: 0.5, mem: 256 },
    ]);
    expect(p.spec.role).toBe('slave_public');
  });

  test('rendered packages: marathon-lb (1.4 HOST + ports) and an SDK scheduler', () => {
    const lb = app('_rendered/mesosphere__universe/repo__packages__M__marathon-lb__45__marathon.rendered.json');
    expect(lb.spec.networks[0].mode).toBe('host');
    expect(lb.spec.portDefinitions.map((p) => p.port).slice(0, 5)).toEqual([80, 443, 9090, 9091, 10000]);
    expect(lb.spec.portDefinitions).toHaveLength(105);
    expect(lb.unknownFields).toEqual([['maintainer']]);
    const hello = app('_rendered/mesosphere__dcos-commons/frameworks__helloworld__universe__marathon.rendered.json');
    expect(hello.spec.labels.DCOS_PACKAGE_FRAMEWORK_NAME).toBe('hello-world');
  });

  test('relative ids in nested groups', () => {
    expect(
      defs('dcos__dcos-core-cli/python__lib__dcoscli__tests__data__marathon__groups__complicated.json').map(
        (d) => d.id,
      ),
    ).toEqual(['/test-group/appingroups', '/test-group/app/sleep10', '/test-group/moregroups/moregroups/sleep1']);
  });

  test('bogus docker network rejected', () => {
    expect(
      results.get('dcos__dcos-core-cli/python__lib__dcoscli__tests__data__marathon__apps__app_add_400.json')?.rejected,
    ).toHaveLength(1);
  });

  test('pods: host networking default ports, bridge pod, persistent pod, docs example', () => {
    expect(
      pod('dcos__dcos-core-cli/python__lib__dcoscli__tests__data__marathon__pods__good.json').spec.networks[0].mode,
    ).toBe('host');
    const group = defs('dcos__dcos-ui/tests___fixtures__marathon-1-pod-group__groups.json');
    expect(group.map((d) => `${d.kind} ${d.id}`)).toEqual(['pod /podses', 'pod /customvip']);
    expect(
      pod('mesosphere__marathon/tests__system__pods__persistent-volume-pod.json').spec.scheduling.unreachableStrategy,
    ).toBe('disabled');
    expect(
      pod('mesosphere__marathon/tests__system__pods__container-bridge-pod.json').spec.containers[0].endpoints[0],
    ).toMatchObject({ containerPort: 80, hostPort: 0 });
    expect(
      pod('mesosphere__marathon/docs__docs__rest-api__public__api__v2__examples__pod.json').spec.containers.length,
    ).toBeGreaterThan(0);
  });

  test('jobs: schedules, UCR, file-based secrets, GPUs, dcos job show output, timeZone', () => {
    const hello = job('d2iq-ps__dcos-migrate/tests__examples__job.json');
    expect(hello.spec.schedules[0]).toMatchObject({
      id: '5min',
      cron: '*/5 * * * *',
      timezone: 'UTC',
      concurrencyPolicy: 'ALLOW',
    });
    expect(hello.spec.run.docker).toMatchObject({ image: 'alpine', forcePullImage: true, privileged: true });
    expect(job('d2iq-ps__dcos-migrate/misc__snapshots__test-cronjob.json').spec.schedules[0].timezone).toBe('UTC');
    expect(
      job('dcos__metronome/api__src__main__resources__public__api__v1__examples__job_ucr.json').spec.run.ucr?.image
        .kind,
    ).toBe('docker');
    expect(
      job('dcos__metronome/api__src__main__resources__public__api__v1__examples__job_file_based_secrets.json').spec.run
        .volumes[0],
    ).toMatchObject({ kind: 'secret' });
    expect(job('dcos__metronome/docs__docs__gpus.md__L28.json').spec.run.gpus).toBeGreaterThan(0);
    expect(
      job(
        'mesosphere__dcos-docs-site/pages__mesosphere__dcos__1.13__cli__command-reference__dcos-job__dcos-job-show__index.md__L47.json',
      ).spec.run.maxLaunchDelay,
    ).toBe(300);
    expect(results.get('dcos__dcos-ui/tests___fixtures__metronome__job-bar.json')?.rejected).toHaveLength(1);
  });
});

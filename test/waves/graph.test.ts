import { loadEstate, loadTexts } from '../../lib/marathon/load/estate';
import { LoadResult } from '../../lib/marathon/load/definition';
import {
  DependencyEdge,
  EstateGraph,
  EstateGraphError,
  MAX_EDGES,
  estateGraph,
  graphWithin,
} from '../../lib/waves/graph';
import { EXAMPLES } from '../helpers/cli';

function graphOf(...documents: unknown[]): EstateGraph {
  const estate = load(...documents);
  return estateGraph(estate.definitions, estate.groups);
}

function load(...documents: unknown[]): LoadResult {
  const estate = loadTexts(
    documents.map((document, i) => ({ source: `file-${i}.json`, text: JSON.stringify(document), discovered: false })),
  );
  const errors = estate.diagnostics.filter((d) => d.severity === 'error');
  if (errors.length > 0) {
    throw new Error(errors.map((d) => d.message).join('\n'));
  }
  return estate;
}

const edge = (from: string, to: string, via: string, name: string, kind: DependencyEdge['kind']) => ({
  from,
  to,
  via,
  name,
  kind,
});

const app = (id: string, extra: Record<string, unknown> = {}) => ({ id, cmd: 'sleep 1', ...extra });
const bridged = (
  id: string,
  port: number,
  labels: Record<string, string> = {},
  extra: Record<string, unknown> = {},
) => ({
  id,
  networks: [{ mode: 'container/bridge' }],
  container: {
    type: 'DOCKER',
    docker: { image: 'nginx' },
    portMappings: [
      { containerPort: port, hostPort: 0, labels, ...(extra.servicePort ? { servicePort: extra.servicePort } : {}) },
    ],
  },
  ...Object.fromEntries(Object.entries(extra).filter(([key]) => key !== 'servicePort')),
});

describe('estateGraph: Marathon dependencies', () => {
  test('relative app dependencies resolve against the group; via is the field, name is as written', () => {
    const graph = graphOf({
      id: '/shop',
      apps: [app('db'), app('api', { dependencies: ['db', '../other/x'] })],
    });
    expect(graph.nodes).toEqual([
      { id: '/shop/api', kind: 'app' },
      { id: '/shop/db', kind: 'app' },
    ]);
    expect(graph.edges).toEqual([edge('/shop/api', '/shop/db', 'dependencies[0]', 'db', 'dependency')]);
    expect(graph.unresolved).toEqual([{ from: '/shop/api', via: 'dependencies[1]', name: '../other/x' }]);
  });

  test('a dependency on a group means every workload inside it; a group dependency holds for all its members', () => {
    const graph = graphOf({
      id: '/prod',
      groups: [
        { id: 'data', apps: [app('pg'), app('redis')], groups: [{ id: 'deep', apps: [app('kafka')] }] },
        { id: 'web', dependencies: ['/prod/data'], apps: [app('front')], groups: [{ id: 'inner', apps: [app('x')] }] },
      ],
    });
    const fromFront = graph.edges.filter((e) => e.from === '/prod/web/front').map((e) => e.to);
    expect(fromFront).toEqual(['/prod/data/deep/kafka', '/prod/data/pg', '/prod/data/redis']);
    expect(graph.edges.filter((e) => e.from === '/prod/web/inner/x')).toHaveLength(3);
    expect(graph.edges[0]).toEqual(
      edge('/prod/web/front', '/prod/data/deep/kafka', 'group /prod/web dependencies[0]', '/prod/data', 'dependency'),
    );
  });

  test('Metronome job dependencies name jobs: via dependencies[i].id', () => {
    const job = (id: string, extra: Record<string, unknown> = {}) => ({
      id,
      run: { cmd: 'true', cpus: 0.1, mem: 32 },
      ...extra,
    });
    const graph = graphOf([
      job('a.first', { schedules: [{ id: 's', cron: '0 1 * * *' }] }),
      job('a.second', { dependencies: [{ id: 'a.first' }, { id: 'gone' }] }),
    ]);
    expect(graph.edges).toEqual([edge('a.second', 'a.first', 'dependencies[0].id', 'a.first', 'dependency')]);
    expect(graph.unresolved).toEqual([{ from: 'a.second', via: 'dependencies[1].id', name: 'gone' }]);
  });
});

describe('estateGraph: names found in texts', () => {
  const services = [
    bridged('/shop/api', 8000, { VIP_0: '/shop/api:8000' }),
    bridged('/shop/db', 5432),
    bridged('/cache/a', 6379, { VIP_0: '/cache:6379' }),
    bridged('/cache/b', 6380, { VIP_0: '/cache:6380' }),
    bridged('/web', 8080, { VIP_0: '10.0.0.5:80' }, { servicePort: 10080, labels: { HAPROXY_GROUP: 'external' } }),
    bridged('/tcp', 9000, {}, { servicePort: 10090, labels: { HAPROXY_GROUP: 'internal', HAPROXY_0_PORT: '9999' } }),
  ];

  test('Mesos-DNS names and SRV records, VIPs (the port picks the members), marathon-lb ports, IP VIPs', () => {
    const caller = app('/caller', {
      env: {
        DB: 'postgres://db-shop.marathon.mesos:5432/x',
        SRV: '_api-shop._tcp.marathon.mesos',
        API: 'http://shopapi.marathon.l4lb.thisdcos.directory:8000/v1',
        CACHE: 'cache.marathon.l4lb.thisdcos.directory:6380',
        ANY_CACHE: 'cache.marathon.l4lb.thisdcos.directory',
        LB: 'http://marathon-lb.marathon.mesos:10080/',
        LB_INTERNAL: 'marathon-lb-internal.marathon.mesos:9999',
        IP: '10.0.0.5:80',
        PASSWORD: { secret: 'db' },
        OUTSIDE: 'leader.mesos:5050',
      },
      secrets: { db: { source: 'shop/db' } },
    });
    const graph = graphOf([...services, caller]);
    const from = graph.edges.filter((e) => e.from === '/caller').map((e) => [e.via, e.to, e.kind, e.name]);
    expect(from).toEqual(
      [
        ['env.ANY_CACHE', '/cache/a', 'vip', 'cache.marathon.l4lb.thisdcos.directory'],
        ['env.ANY_CACHE', '/cache/b', 'vip', 'cache.marathon.l4lb.thisdcos.directory'],
        ['env.CACHE', '/cache/b', 'vip', 'cache.marathon.l4lb.thisdcos.directory:6380'],
        ['env.API', '/shop/api', 'vip', 'shopapi.marathon.l4lb.thisdcos.directory:8000'],
        ['env.SRV', '/shop/api', 'mesos-dns', '_api-shop._tcp.marathon.mesos'],
        ['env.DB', '/shop/db', 'mesos-dns', 'db-shop.marathon.mesos:5432'],
        ['env.LB_INTERNAL', '/tcp', 'marathon-lb', 'marathon-lb-internal.marathon.mesos:9999'],
        ['env.IP', '/web', 'vip', '10.0.0.5:80'],
        ['env.LB', '/web', 'marathon-lb', 'marathon-lb.marathon.mesos:10080'],
      ].sort(([av, at], [bv, bt]) => (at < bt ? -1 : at > bt ? 1 : av < bv ? -1 : av > bv ? 1 : 0)),
    );
    expect(graph.unresolved).toEqual([{ from: '/caller', via: 'env.OUTSIDE', name: 'leader.mesos:5050' }]);
  });

  test('every text field is scanned, and via is the path as written (legacy fields included)', () => {
    const caller = {
      id: '/legacy',
      cmd: 'curl db-shop.marathon.mesos',
      uris: ['http://api-shop.marathon.mesos:8000/artifact.tgz'],
      labels: { UPSTREAM: 'db-shop.marathon.mesos' },
      healthChecks: [{ protocol: 'COMMAND', command: { value: 'nc -z api-shop.marathon.mesos 8000' } }],
      container: {
        type: 'DOCKER',
        docker: { image: 'x', network: 'HOST', parameters: [{ key: 'add-host', value: 'db:db-shop.marathon.mesos' }] },
      },
    };
    const withArgs = app('/args', { cmd: undefined, args: ['--db', 'db-shop.marathon.mesos'] });
    const graph = graphOf([...services, caller, withArgs]);
    expect(graph.edges.filter((e) => e.from === '/legacy').map((e) => e.via)).toEqual([
      'healthChecks[0].command.value',
      'uris[0]',
      'cmd',
      'container.docker.parameters[0].value',
      'labels.UPSTREAM',
    ]);
    expect(graph.edges.filter((e) => e.from === '/args').map((e) => e.via)).toEqual(['args[1]']);
  });

  test('pods and jobs: environment, commands, checks and artifacts', () => {
    const pod = {
      id: '/pod',
      environment: { DB: 'db-shop.marathon.mesos' },
      containers: [
        {
          name: 'main',
          resources: { cpus: 0.1, mem: 32 },
          exec: { command: { shell: 'run --api api-shop.marathon.mesos' } },
          healthCheck: { exec: { command: { argv: ['nc', 'db-shop.marathon.mesos'] } } },
          artifacts: [{ uri: 'http://api-shop.marathon.mesos/a' }],
        },
      ],
    };
    const job = {
      id: 'nightly',
      run: { cmd: 'dump db-shop.marathon.mesos', cpus: 0.1, mem: 32, env: { API: 'api-shop.marathon.mesos' } },
    };
    const graph = graphOf([...services, pod], job);
    expect(graph.edges.filter((e) => e.from === '/pod').map((e) => `${e.via} ${e.to}`)).toEqual([
      'containers[0].artifacts[0].uri /shop/api',
      'containers[0].exec.command.shell /shop/api',
      'containers[0].healthCheck.exec.command.argv[1] /shop/db',
      'environment.DB /shop/db',
    ]);
    expect(graph.edges.filter((e) => e.from === 'nightly').map((e) => `${e.via} ${e.to}`)).toEqual([
      'run.env.API /shop/api',
      'run.cmd /shop/db',
    ]);
  });

  test('a name for the workload itself is no edge; duplicates collapse; the graph ignores input order', () => {
    const self = bridged('/self', 80, {}, { env: { ME: 'self.marathon.mesos', AGAIN: 'self.marathon.mesos' } });
    const twice = app('/twice', { env: { A: 'db-shop.marathon.mesos db-shop.marathon.mesos' } });
    const forward = graphOf([...services, self, twice]);
    expect(forward.edges.filter((e) => e.from === '/self')).toEqual([]);
    expect(forward.edges.filter((e) => e.from === '/twice')).toHaveLength(1);
    expect(graphOf([twice, self, ...[...services].reverse()])).toEqual(forward);
  });

  test('hostile text: a 5 MB value is scanned (within the test timeout); a host longer than DNS allows names nothing', () => {
    const long = `${'a'.repeat(300)}.marathon.mesos`;
    const huge = `${'x.'.repeat(2_500_000)} db-shop.marathon.mesos ${long}`;
    const graph = graphOf([...services, app('/huge', { env: { BIG: huge } })]);
    expect(graph.edges.filter((e) => e.from === '/huge').map((e) => e.to)).toEqual(['/shop/db']);
    expect(graph.unresolved.filter((u) => u.from === '/huge')).toEqual([]);
  });

  test('more edges than the limit is a clear error, not an exhausted heap', () => {
    expect(MAX_EDGES).toBe(2_000_000);
    const estate = load({
      id: '/',
      groups: [
        { id: 'big', apps: Array.from({ length: 40 }, (_, i) => app(`a${i}`)) },
        { id: 'callers', dependencies: ['/big'], apps: Array.from({ length: 40 }, (_, i) => app(`c${i}`)) },
      ],
    });
    expect(graphWithin(estate.definitions, estate.groups, 1600).edges).toHaveLength(1600);
    expect(() => graphWithin(estate.definitions, estate.groups, 1599)).toThrow(EstateGraphError);
    expect(() => graphWithin(estate.definitions, estate.groups, 1599)).toThrow(/more than 1,599 edges/);
  });
});

describe('estateGraph on the example estate', () => {
  test('the shop: frontend → api → postgres, the vacuum job → postgres; VIPs outside the estate are unresolved', async () => {
    const estate = await loadEstate({ paths: [EXAMPLES] });
    const graph = estateGraph(estate.definitions, estate.groups);
    expect(graph.nodes).toHaveLength(8);
    expect(graph.edges.map((e) => `${e.from} → ${e.to} ${e.via} ${e.kind}`)).toEqual([
      '/shop/api → /shop/postgres dependencies[0] dependency',
      '/shop/api → /shop/postgres env.DATABASE_HOST mesos-dns',
      '/shop/frontend → /shop/api dependencies[0] dependency',
      '/shop/frontend → /shop/api env.API_URL mesos-dns',
      'shop.db-vacuum → /shop/postgres run.cmd mesos-dns',
    ]);
    expect(graph.unresolved.map((u) => u.name)).toEqual([
      'cart.marathon.l4lb.thisdcos.directory:80',
      'rabbitmq.marathon.l4lb.thisdcos.directory:5672',
    ]);
  });
});

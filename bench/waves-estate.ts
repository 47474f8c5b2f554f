/**
 * A generated estate for the wave plan: `count` workloads (apps and Metronome jobs) in teams of 25 that call each
 * other the ways DC/OS estates do: Mesos-DNS names and SRV records, VIP names, marathon-lb service ports, Marathon
 * dependencies (app and group level), a partner API in the team before, a cycle every tenth team, and one tool with
 * no edges per team. Deterministic: the same count gives the same files.
 *
 *   npx tsx bench/waves-estate.ts 1000 DIR   writes DIR/marathon.json (a /v2/groups tree) and DIR/metronome.json
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

export interface WavesEstate {
  /** One Marathon group tree: `/estate` with `/estate/platform` and `/estate/team-<n>`. */
  readonly marathon: object;
  /** Metronome jobs. */
  readonly jobs: object[];
}

const TEAM_SIZE = 25;
const PLATFORM = ['auth', 'kafka', 'zookeeper'];

type App = Record<string, unknown>;

function service(id: string, port: number, extra: App = {}, vip?: string): App {
  return {
    id,
    instances: 2,
    cpus: 0.25,
    mem: 256,
    networks: [{ mode: 'container/bridge' }],
    container: {
      type: 'DOCKER',
      docker: { image: `registry.example.com/${id}:1.0.0` },
      portMappings: [
        {
          containerPort: port,
          hostPort: 0,
          name: 'main',
          ...(extra.servicePort !== undefined ? { servicePort: extra.servicePort } : {}),
          ...(vip !== undefined ? { labels: { VIP_0: `${vip}:${port}` } } : {}),
        },
      ],
    },
    ...Object.fromEntries(Object.entries(extra).filter(([key]) => key !== 'servicePort')),
  };
}

/** The apps of team `t` (ids relative to its group), the first `limit` of them. */
function teamApps(t: number, teams: number): App[] {
  const team = `team-${t}`;
  const vip = (name: string) => `/${team}/${name}`;
  const vipHost = (name: string, port: number) => `${team}${name}.marathon.l4lb.thisdcos.directory:${port}`;
  const apps: App[] = [service('db', 5432, {}, vip('db')), service('cache', 6379, {}, vip('cache'))];
  for (let k = 0; k < 8; k++) {
    const env: Record<string, string> = {
      DB_URL: `postgres://db-${team}-estate.marathon.mesos:5432/app`,
      CACHE: vipHost('cache', 6379),
    };
    if (k === 0 && t > 0) {
      env.PARTNER_URL = `http://team-${t - 1}api-1.marathon.l4lb.thisdcos.directory:8000`;
    }
    if (t % 10 === 0 && k === 2 && t + 1 < teams) {
      env.PEER_URL = `http://team-${t + 1}api-3.marathon.l4lb.thisdcos.directory:8000`;
    }
    if (t % 10 === 1 && k === 3) {
      env.PEER_URL = `http://team-${t - 1}api-2.marathon.l4lb.thisdcos.directory:8000`;
    }
    apps.push(service(`api-${k}`, 8000, { env, ...(k % 2 === 0 ? { dependencies: ['db'] } : {}) }, vip(`api-${k}`)));
  }
  for (let k = 0; k < 8; k++) {
    apps.push(
      service(`web-${k}`, 8080, {
        servicePort: 10000 + t * 10 + k,
        labels: { HAPROXY_GROUP: 'external', HAPROXY_0_VHOST: `web-${k}.${team}.example.com` },
        env: { API_URL: `http://${vipHost(`api-${k}`, 8000)}` },
      }),
    );
  }
  for (let k = 0; k < 4; k++) {
    const partnerWeb = 10000 + ((t + 1) % teams) * 10 + k;
    apps.push({
      id: `worker-${k}`,
      cpus: 0.1,
      mem: 128,
      cmd: `./worker --api _api-${k}-${team}-estate._tcp.marathon.mesos --callback http://marathon-lb.marathon.mesos:${partnerWeb}/hook`,
      portDefinitions: [],
    });
  }
  apps.push({ id: 'tool', cpus: 0.1, mem: 64, cmd: 'sleep infinity', portDefinitions: [] });
  return apps;
}

function teamJobs(t: number): object[] {
  return [0, 1].map((k) => ({
    id: `team-${t}.report-${k}`,
    run: {
      cpus: 0.1,
      mem: 128,
      cmd: `./report --db db-team-${t}-estate.marathon.mesos --api team-${t}api-${k}.marathon.l4lb.thisdcos.directory:8000`,
      docker: { image: 'registry.example.com/report:1.0.0' },
    },
    schedules: [{ id: 'nightly', cron: `${k * 7} 3 * * *` }],
  }));
}

/** `count` workloads: the platform's 3 apps, then teams of 23 apps and 2 jobs, the last team cut short. */
export function wavesEstate(count: number): WavesEstate {
  const teams = Math.max(1, Math.ceil((count - PLATFORM.length) / TEAM_SIZE));
  let left = count;
  const take = <T>(items: T[]): T[] => {
    const taken = items.slice(0, Math.max(0, left));
    left -= taken.length;
    return taken;
  };
  const platform = take(PLATFORM.map((name, i) => service(name, 9000 + i, {}, `/platform/${name}`)));
  const groups: object[] = [];
  const jobs: object[] = [];
  for (let t = 0; t < teams && left > 0; t++) {
    const apps = take(teamApps(t, teams));
    jobs.push(...take(teamJobs(t)));
    groups.push({ id: `team-${t}`, ...(t % 5 === 0 ? { dependencies: ['/estate/platform/auth'] } : {}), apps });
  }
  return {
    marathon: { id: '/estate', groups: [{ id: 'platform', apps: platform }, ...groups] },
    jobs,
  };
}

if (require.main === module) {
  const [countText, dir] = process.argv.slice(2);
  const count = Number(countText);
  if (!Number.isInteger(count) || count < 1 || dir === undefined) {
    console.error('usage: tsx bench/waves-estate.ts <count> <dir>');
    process.exit(2);
  }
  const estate = wavesEstate(count);
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'marathon.json'), `${JSON.stringify(estate.marathon, null, 2)}\n`);
  fs.writeFileSync(path.join(dir, 'metronome.json'), `${JSON.stringify(estate.jobs, null, 2)}\n`);
}

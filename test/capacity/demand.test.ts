import { demandOf } from '../../lib/capacity/demand';
import { translateEstate } from '../../lib/translate/estate-translation';
import { loadJson } from '../helpers/load';

const translate = (input: unknown) => {
  const loaded = loadJson(input);
  return translateEstate(loaded.definitions, loaded.groups);
};

describe('demand of a translated estate', () => {
  test('requests, replicas, per-node limits, labels, tolerations and surge come from the workloads', () => {
    const demands = demandOf(
      translate([
        {
          id: '/shop/api',
          cmd: 'serve',
          cpus: 0.5,
          mem: 256,
          instances: 4,
          constraints: [
            ['hostname', 'MAX_PER', '2'],
            ['rack', 'IS', 'r1'],
          ],
        },
        {
          id: '/shop/edge',
          cmd: 'serve',
          cpus: 0.25,
          mem: 128,
          instances: 2,
          acceptedResourceRoles: ['slave_public'],
          constraints: [['hostname', 'UNIQUE']],
        },
        {
          id: '/db',
          cmd: 'postgres',
          cpus: 2,
          mem: 4096,
          container: { type: 'MESOS', volumes: [{ containerPath: 'data', mode: 'RW', persistent: { size: 100 } }] },
        },
      ]),
    );
    expect(demands).toEqual([
      {
        name: 'shop/app-api',
        replicas: 4,
        cpuMillis: 500,
        memoryMib: 256,
        gpus: 0,
        maxPerNode: 2,
        nodeSelector: { rack: 'r1' },
        tolerations: expect.any(Array),
        surge: 4,
      },
      {
        name: 'shop/app-edge',
        replicas: 2,
        cpuMillis: 250,
        memoryMib: 128,
        gpus: 0,
        maxPerNode: 1,
        nodeSelector: { 'marathon-to-eks/node-role': 'public' },
        tolerations: expect.arrayContaining([
          expect.objectContaining({ key: 'marathon-to-eks/node-role', value: 'public' }),
        ]),
        surge: 2,
      },
      // A StatefulSet: no surge (one pod at a time); its volumeClaimTemplates make zonal (EBS) volumes.
      {
        name: 'default/app-db',
        replicas: 1,
        cpuMillis: 2000,
        memoryMib: 4096,
        gpus: 0,
        nodeSelector: {},
        tolerations: expect.any(Array),
        surge: 0,
        zonalVolumes: true,
      },
    ]);
  });

  test('an app that ran on every agent is a per-node demand with its placement', () => {
    const [agent] = demandOf(
      translate([
        {
          id: '/cadvisor',
          cmd: 'cadvisor',
          cpus: 0.1,
          mem: 128,
          instances: 256,
          constraints: [['hostname', 'UNIQUE']],
          acceptedResourceRoles: ['*', 'slave_public'],
        },
      ]),
    );
    expect(agent).toEqual({
      name: 'default/app-cadvisor',
      replicas: 1,
      cpuMillis: 100,
      memoryMib: 128,
      gpus: 0,
      nodeSelector: {},
      tolerations: expect.arrayContaining([
        expect.objectContaining({ key: 'marathon-to-eks/node-role', value: 'public' }),
      ]),
      surge: 0,
      perNode: true,
    });
  });

  test('a Metronome job counts one run; a pod sums its containers', () => {
    const demands = demandOf(
      translate([
        { id: 'backup.nightly', run: { cmd: 'backup.sh', cpus: 1, mem: 512, gpus: 1 } },
        {
          id: '/pay/gw',
          containers: [
            { name: 'app', resources: { cpus: 0.5, mem: 256 }, exec: { command: { shell: 'run' } } },
            { name: 'envoy', resources: { cpus: 0.25, mem: 128 }, exec: { command: { shell: 'envoy' } } },
          ],
          scaling: { kind: 'fixed', instances: 3 },
        },
      ]),
    );
    expect(demands.map((d) => [d.name, d.replicas, d.cpuMillis, d.memoryMib, d.gpus])).toEqual([
      ['backup/job-nightly', 1, 1000, 512, 1],
      ['pay/pod-gw', 3, 750, 384, 0],
    ]);
  });

  test('zonal volumes: volumeClaimTemplates or a persistentVolumeClaim volume, not other volumes', () => {
    const translation = translate([
      {
        id: '/db',
        cmd: 'postgres',
        cpus: 1,
        mem: 1024,
        container: { type: 'MESOS', volumes: [{ containerPath: 'data', mode: 'RW', persistent: { size: 100 } }] },
      },
      {
        id: '/web',
        cmd: 'serve',
        cpus: 0.5,
        mem: 256,
        container: { type: 'MESOS', volumes: [{ containerPath: '/tmp/scratch', hostPath: '/tmp', mode: 'RW' }] },
      },
      { id: '/uploads', cmd: 'serve', cpus: 0.5, mem: 256 },
    ]);
    // A pod that mounts an existing claim (as a hand-edited Deployment would).
    const uploads = translation.workloads.find((w) => w.translation.objects[0].metadata?.name === 'uploads')!;
    const pod = (uploads.translation.objects[0] as { spec: { template: { spec: { volumes?: object[] } } } }).spec
      .template.spec;
    pod.volumes = [...(pod.volumes ?? []), { name: 'uploads', persistentVolumeClaim: { claimName: 'uploads' } }];
    expect(Object.fromEntries(demandOf(translation).map((d) => [d.name, d.zonalVolumes]))).toEqual({
      'default/app-db': true,
      'default/app-web': undefined,
      'default/app-uploads': true,
    });
  });

  test('a workload left to an HPA plans for its minReplicas; an autoscaler app (no objects) has no demand', () => {
    const demands = demandOf(
      translate([
        { id: '/shop/web', cmd: 'serve', cpus: 0.5, mem: 256, instances: 4 },
        {
          id: '/autoscale-web',
          cpus: 0.1,
          mem: 128,
          container: { type: 'DOCKER', docker: { image: 'mesosphere/marathon-autoscale' } },
          env: {
            AS_MARATHON_APP: '/shop/web',
            AS_TRIGGER_MODE: 'cpu',
            AS_MIN_INSTANCES: '2',
            AS_MAX_INSTANCES: '6',
            AS_MIN_RANGE: '55',
            AS_MAX_RANGE: '80',
            AS_AUTOSCALE_MULTIPLIER: '1.5',
            AS_SCALE_UP_FACTOR: '3',
            AS_COOL_DOWN_FACTOR: '4',
            AS_INTERVAL: '30',
          },
        },
      ]),
    );
    expect(demands.map((d) => [d.name, d.replicas])).toEqual([['shop/app-web', 2]]);
  });
});

import { translate, app } from './helpers';

const volumes = (list: object[], extra: object = {}) =>
  app({ container: { type: 'MESOS', docker: { image: 'x' }, volumes: list }, ...extra });

describe('storage', () => {
  test('a persistent volume makes a StatefulSet with a claim template; its sandbox alias mounts it again', () => {
    const result = translate(
      volumes([
        { containerPath: 'pgdata', mode: 'RW', persistent: { size: 2048, type: 'mount' } },
        { containerPath: '/var/lib/postgresql/data', hostPath: 'pgdata', mode: 'RW' },
      ]),
      { storageClass: 'io2' },
    );
    const set = result.one('StatefulSet') as { spec: { volumeClaimTemplates: object[]; serviceName: string } };
    expect(set.spec.volumeClaimTemplates).toEqual([
      {
        apiVersion: 'v1',
        kind: 'PersistentVolumeClaim',
        metadata: { name: 'pgdata' },
        spec: {
          accessModes: ['ReadWriteOnce'],
          storageClassName: 'io2',
          resources: { requests: { storage: '2048Mi' } },
        },
      },
    ]);
    expect(result.container('StatefulSet').volumeMounts).toEqual([
      { name: 'mesos-sandbox', mountPath: '/mnt/mesos/sandbox' },
      { name: 'pgdata', mountPath: '/mnt/mesos/sandbox/pgdata' },
      { name: 'pgdata', mountPath: '/var/lib/postgresql/data' },
    ]);
    expect(result.service().spec).toMatchObject({ clusterIP: 'None' });
    expect(set.spec.serviceName).toBe('web');
    expect(result.field('container.volumes[0].persistent.type').status).toBe('approximated');
    expect(result.estate.workloads[0].report.remarks.join()).toContain('copy the data');
  });

  test('an absolute host path stays a hostPath (flagged); RO is read-only', () => {
    const result = translate(volumes([{ containerPath: '/etc/app', hostPath: '/etc/app', mode: 'RO' }]));
    expect(result.podSpec().volumes).toContainEqual({ name: 'host-etc-app', hostPath: { path: '/etc/app' } });
    expect(result.container().volumeMounts).toContainEqual({
      name: 'host-etc-app',
      mountPath: '/etc/app',
      readOnly: true,
    });
    expect(result.field('container.volumes[0].hostPath')).toMatchObject({
      status: 'approximated',
      note: expect.stringContaining('security risk'),
    });
  });

  test('external volumes (DVDI) become claim templates on the storage class, sized in GiB', () => {
    const result = translate(
      volumes([
        {
          containerPath: '/data',
          mode: 'RW',
          external: { name: 'my-data', provider: 'dvdi', size: 20, options: { 'dvdi/driver': 'rexray' } },
        },
      ]),
    );
    expect(
      (result.one('StatefulSet') as { spec: { volumeClaimTemplates: { spec: object }[] } }).spec.volumeClaimTemplates[0]
        .spec,
    ).toEqual({
      accessModes: ['ReadWriteOnce'],
      storageClassName: 'gp3',
      resources: { requests: { storage: '20Gi' } },
    });
    expect(result.field('container.volumes[0].external.name').status).toBe('approximated');
  });

  test('secret volumes mount the Secret’s value as the file', () => {
    const result = translate(
      volumes([{ containerPath: '/etc/tls/key.pem', secret: 'key' }], { secrets: { key: { source: 'shop/tls/key' } } }),
    );
    expect(result.podSpec().volumes).toContainEqual({ name: 'secret-key', secret: { secretName: 'shop-tls-key' } });
    expect(result.container().volumeMounts).toContainEqual({
      name: 'secret-key',
      mountPath: '/etc/tls/key.pem',
      subPath: 'value',
      readOnly: true,
    });
  });

  test('pod volumes: ephemeral → emptyDir, host → hostPath, persistent → StatefulSet; mounts keep readOnly', () => {
    const result = translate({
      id: '/shop/pod',
      volumes: [{ name: 'scratch' }, { name: 'logs', host: '/var/log' }, { name: 'data', persistent: { size: 512 } }],
      containers: [
        {
          name: 'main',
          resources: { cpus: 0.1, mem: 32 },
          image: { kind: 'DOCKER', id: 'x' },
          volumeMounts: [
            { name: 'scratch', mountPath: '/tmp/s' },
            { name: 'logs', mountPath: '/logs', readOnly: true },
            { name: 'data', mountPath: '/data' },
          ],
        },
      ],
    });
    const spec = result.podSpec('StatefulSet');
    expect(spec.volumes).toEqual([
      { name: 'mesos-sandbox', emptyDir: {} },
      { name: 'scratch', emptyDir: {} },
      { name: 'logs', hostPath: { path: '/var/log' } },
    ]);
    expect(spec.containers[0].volumeMounts).toEqual([
      { name: 'mesos-sandbox', mountPath: '/mnt/mesos/sandbox' },
      { name: 'scratch', mountPath: '/tmp/s' },
      { name: 'logs', mountPath: '/logs', readOnly: true },
      { name: 'data', mountPath: '/data' },
    ]);
  });
});

describe('one mount per path (Docker refuses duplicate mount points)', () => {
  test('an app volume at a path already mounted (the sandbox, another volume) is unsupported, not mounted twice', () => {
    const result = translate(
      volumes([
        { containerPath: '/data', hostPath: '/var/a', mode: 'RW' },
        { containerPath: '/data', hostPath: '/var/b', mode: 'RO' },
        { containerPath: '/mnt/mesos/sandbox', hostPath: '/var/c', mode: 'RW' },
      ]),
    );
    expect(result.container().volumeMounts?.map((mount) => mount.mountPath)).toEqual(['/mnt/mesos/sandbox', '/data']);
    for (const i of [1, 2]) {
      expect(result.field(`container.volumes[${i}].hostPath`)).toMatchObject({
        status: 'unsupported',
        note: expect.stringContaining('already mounted'),
      });
    }
  });

  test('a pod container mounting two volumes at one path keeps the first', () => {
    const result = translate({
      id: '/shop/pod',
      volumes: [{ name: 'a' }, { name: 'b' }],
      containers: [
        {
          name: 'c',
          resources: { cpus: 0.1, mem: 32 },
          exec: { command: { shell: 'sleep 1' } },
          volumeMounts: [
            { name: 'a', mountPath: '/x' },
            { name: 'b', mountPath: '/x' },
          ],
        },
      ],
    });
    expect(result.container().volumeMounts?.filter((mount) => mount.mountPath === '/x')).toEqual([
      { name: 'a', mountPath: '/x' },
    ]);
    expect(result.field('containers[0].volumeMounts[1].mountPath').status).toBe('unsupported');
  });

  test('a Metronome job volume at a path already mounted is unsupported', () => {
    const result = translate({
      id: 'shop.report',
      run: {
        cmd: 'r.sh',
        cpus: 0.1,
        mem: 64,
        disk: 0,
        volumes: [
          { containerPath: 'out', hostPath: '/a', mode: 'RW' },
          { containerPath: '/mnt/mesos/sandbox/out', hostPath: '/b', mode: 'RO' },
        ],
      },
    });
    expect(result.container('CronJob').volumeMounts?.map((mount) => mount.mountPath)).toEqual([
      '/mnt/mesos/sandbox',
      '/mnt/mesos/sandbox/out',
    ]);
    expect(result.field('run.volumes[1].hostPath').status).toBe('unsupported');
  });
});

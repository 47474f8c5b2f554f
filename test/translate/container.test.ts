import { PodSpec } from '../../lib/translate/kube';
import { translate, app } from './helpers';

describe('containers: image, command, resources, user, docker parameters', () => {
  test('image and pull policy; pullConfig becomes imagePullSecrets on a dockerconfigjson Secret', () => {
    const result = translate(
      app({
        container: {
          type: 'MESOS',
          docker: { image: 'registry/app:1', forcePullImage: true, pullConfig: { secret: 'pull' } },
        },
        secrets: { pull: { source: 'shop/registry' } },
      }),
    );
    expect(result.container()).toMatchObject({ image: 'registry/app:1', imagePullPolicy: 'Always' });
    expect(result.podSpec().imagePullSecrets).toEqual([{ name: 'shop-registry' }]);
    expect(result.estate.secrets).toContainEqual({
      namespace: 'shop',
      name: 'shop-registry',
      key: '.dockerconfigjson',
      origin: 'dcos-secret-store',
      source: 'shop/registry',
      type: 'kubernetes.io/dockerconfigjson',
    });
    expect(translate(app({ container: { docker: { image: 'x' } } })).container().imagePullPolicy).toBe('IfNotPresent');
  });

  test('cmd runs through the shell, args go to the entrypoint', () => {
    expect(translate(app()).container().command).toEqual(['/bin/sh', '-c', 'python3 -m http.server $PORT0']);
    const args = translate(
      app({ cmd: undefined, args: ['--port', '8080'], container: { docker: { image: 'x' } } }),
    ).container();
    expect(args.command).toBeUndefined();
    expect(args.args).toEqual(['--port', '8080']);
  });

  test('a command without an image runs in the command image, in the sandbox', () => {
    const result = translate(app());
    expect(result.container()).toMatchObject({ image: 'debian:bookworm-slim', workingDir: '/mnt/mesos/sandbox' });
    expect(result.estate.workloads[0].report.remarks.join()).toContain('no image');
    expect(translate(app(), { commandImage: 'ubuntu:24.04' }).container().image).toBe('ubuntu:24.04');
  });

  test('resources: requests from cpus/mem/disk, limits as Mesos enforced them, GPUs, resourceLimits', () => {
    const result = translate(
      app({ cpus: 0.25, mem: 512, disk: 1024, gpus: 1, container: { type: 'MESOS', docker: { image: 'x' } } }),
    );
    expect(result.container().resources).toEqual({
      requests: { cpu: '250m', memory: '512Mi', 'ephemeral-storage': '1024Mi' },
      limits: { memory: '512Mi', cpu: '250m', 'nvidia.com/gpu': '1' },
    });
    expect(translate(app({ cpus: 2 }), { dropCpuLimits: true }).container().resources).toEqual({
      requests: { cpu: '2', memory: '256Mi' },
      limits: { memory: '256Mi' },
    });
    expect(translate(app({ resourceLimits: { cpus: 'unlimited', mem: 1024 } })).container().resources).toEqual({
      requests: { cpu: '500m', memory: '256Mi' },
      limits: { memory: '1024Mi' },
    });
    expect(translate(app({ cpus: 0.001 })).container().resources?.requests).toMatchObject({ cpu: '1m' });
  });

  test('no cdk8s-plus default sneaks in: no invented replicas, resources, probes or security settings', () => {
    const result = translate(app({ instances: 0 }));
    const deployment = result.one('Deployment');
    expect(deployment.spec?.replicas).toBe(0);
    const container = result.container();
    expect(container.securityContext).toBeUndefined();
    expect(container.startupProbe).toBeUndefined();
    expect(container.livenessProbe).toBeUndefined();
    expect(result.podSpec().automountServiceAccountToken).toBeUndefined();
    expect(JSON.stringify(result.objects)).not.toContain('cdk8s.io');
  });

  test.each([
    ['root', 0],
    ['nobody', 65534],
    ['1001', 1001],
  ])('user %s → runAsUser %i', (user, uid) => {
    expect(translate(app({ user })).container().securityContext).toEqual({ runAsUser: uid });
  });

  test('a user name without a known UID keeps the image user and says so', () => {
    const result = translate(app({ user: 'deploy' }));
    expect(result.container().securityContext).toBeUndefined();
    expect(result.field('user')).toMatchObject({ status: 'approximated', note: expect.stringContaining('runAsUser') });
  });

  test('privileged is translated and flagged', () => {
    const result = translate(app({ container: { docker: { image: 'x', privileged: true } } }));
    expect(result.container().securityContext).toEqual({ privileged: true });
    expect(result.field('container.docker.privileged').note).toContain('review');
  });

  test('docker parameters with a Kubernetes field are mapped, the rest named as unsupported', () => {
    const parameters = [
      { key: 'cap-add', value: 'NET_ADMIN' },
      { key: 'user', value: '1000:1000' },
      { key: 'workdir', value: '/srv' },
      { key: 'env', value: 'MODE=prod' },
      { key: 'shm-size', value: '1g' },
      { key: 'add-host', value: 'db.local:10.0.0.5' },
      { key: 'log-driver', value: 'syslog' },
      { key: 'ulimit', value: 'nofile=1024' },
    ];
    const result = translate(app({ container: { docker: { image: 'x', parameters } } }));
    const container = result.container();
    expect(container.securityContext).toEqual({
      capabilities: { add: ['NET_ADMIN'] },
      runAsUser: 1000,
      runAsGroup: 1000,
    });
    expect(container.workingDir).toBe('/srv');
    expect(result.env().MODE).toBe('prod');
    expect(container.volumeMounts).toContainEqual({ name: 'dshm', mountPath: '/dev/shm' });
    expect(result.podSpec().volumes).toContainEqual({ name: 'dshm', emptyDir: { medium: 'Memory', sizeLimit: '1Gi' } });
    expect(result.podSpec().hostAliases).toEqual([{ ip: '10.0.0.5', hostnames: ['db.local'] }]);
    expect(result.field('container.docker.parameters[6].key').status).toBe('unsupported');
    expect(result.field('container.docker.parameters[7].value')).toMatchObject({
      status: 'unsupported',
      note: 'docker --ulimit nofile=1024 has no Kubernetes counterpart',
    });
  });

  test('taskKillGracePeriodSeconds and tty', () => {
    const result = translate(app({ taskKillGracePeriodSeconds: 45, tty: true }));
    expect(result.podSpec().terminationGracePeriodSeconds).toBe(45);
    expect(result.container()).toMatchObject({ tty: true, stdin: true });
  });
});

describe('environment: user variables, secrets and what Marathon injected', () => {
  test('secrets are referenced by name; their values never appear', () => {
    const result = translate(
      app({ env: { DB_PASSWORD: { secret: 'db' }, MODE: 'prod' }, secrets: { db: { source: 'shop/db/password' } } }),
    );
    expect(result.env().DB_PASSWORD).toEqual({ secretKeyRef: { name: 'shop-db-password', key: 'value' } });
    expect(result.estate.secrets).toEqual([
      {
        namespace: 'shop',
        name: 'shop-db-password',
        key: 'value',
        origin: 'dcos-secret-store',
        source: 'shop/db/password',
        type: 'Opaque',
      },
    ]);
    expect(result.field('secrets.db.source').status).toBe('translated');
  });

  test('PORTn, PORT_NAME, PORTS, HOST, ids, resources, labels and the sandbox are provided, consistent with the ports', () => {
    const result = translate(
      app({
        portDefinitions: [
          { port: 0, name: 'http' },
          { port: 9090, name: 'metrics' },
        ],
        labels: { team: 'web' },
        version: '2020-01-01T00:00:00Z',
      }),
    );
    const env = result.env();
    expect(env).toMatchObject({
      PORT0: '10000',
      PORT1: '9090',
      PORT: '10000',
      PORTS: '10000,9090',
      PORT_HTTP: '10000',
      PORT_METRICS: '9090',
      HOST: { fieldRef: { fieldPath: 'status.podIP' } },
      MESOS_TASK_ID: { fieldRef: { fieldPath: 'metadata.name' } },
      MESOS_SANDBOX: '/mnt/mesos/sandbox',
      MARATHON_APP_ID: '/shop/web',
      MARATHON_APP_VERSION: '2020-01-01T00:00:00Z',
      MARATHON_APP_RESOURCE_CPUS: '0.5',
      MARATHON_APP_LABELS: 'team',
      MARATHON_APP_LABEL_TEAM: 'web',
    });
    expect(result.container().ports).toEqual([
      { name: 'http', containerPort: 10000, protocol: 'TCP' },
      { name: 'metrics', containerPort: 9090, protocol: 'TCP' },
    ]);
    expect(result.container().volumeMounts).toContainEqual({ name: 'mesos-sandbox', mountPath: '/mnt/mesos/sandbox' });
  });

  test('the user’s own variable wins over an injected one of the same name', () => {
    expect(translate(app({ env: { HOST: '0.0.0.0' } })).env().HOST).toBe('0.0.0.0');
  });

  test('HOST is the node IP with host networking kept', () => {
    expect(translate(app(), { hostNetworking: true }).env().HOST).toEqual({ fieldRef: { fieldPath: 'status.hostIP' } });
  });

  test('an environment variable name Kubernetes rejects is reported, not emitted', () => {
    const result = translate(app({ env: { 'MY VAR': 'x' } }));
    expect(result.env()['MY VAR']).toBeUndefined();
    expect(result.field('env["MY VAR"]').status).toBe('unsupported');
  });
});

describe('fetch: artifacts downloaded into the sandbox by an init container', () => {
  test('extracts archives by extension, honours executable and destPath, reports cache', () => {
    const result = translate(
      app({
        fetch: [
          { uri: 'https://h/app.tgz' },
          { uri: 'https://h/run.sh', executable: true, extract: false },
          { uri: 'https://h/data.zip', destPath: 'data/seed.zip', cache: true },
          { uri: 'hdfs://nn/x.jar' },
        ],
      }),
    );
    const init = result.podSpec().initContainers?.[0];
    expect(init).toMatchObject({
      name: 'fetch',
      image: 'busybox:1.36',
      volumeMounts: [{ name: 'mesos-sandbox', mountPath: '/mnt/mesos/sandbox' }],
    });
    const script = (init?.command ?? [])[2];
    expect(script).toContain("wget -q -O 'app.tgz' 'https://h/app.tgz'\ntar -xzf 'app.tgz'");
    expect(script).toContain("chmod +x 'run.sh'");
    expect(script).toContain(
      "mkdir -p 'data'\nwget -q -O 'data/seed.zip' 'https://h/data.zip'\nunzip -o -q 'data/seed.zip'",
    );
    expect(script).not.toContain('hdfs');
    expect(result.field('fetch[2].cache').status).toBe('approximated');
    expect(result.field('fetch[3].uri').status).toBe('unsupported');
  });

  test('an app named fetch (or wait-<dependency>) keeps its name; the init container yields', () => {
    const result = translate(
      [
        { id: '/fetch', cmd: 'ls', fetch: [{ uri: 'https://h/a.tgz' }], dependencies: ['/db'] },
        { id: '/db', cmd: 'db', portDefinitions: [{ port: 0 }] },
      ],
      { waitForDependencies: true },
    );
    const spec = result.one('Deployment', 'fetch').spec?.template.spec as PodSpec;
    expect(spec.containers.map((c) => c.name)).toEqual(['fetch']);
    expect(spec.initContainers?.map((c) => c.name)).toEqual(['fetch-init', 'wait-db']);
  });

  test('legacy uris are fetched too, reported on their own paths', () => {
    const result = translate(app({ uris: ['https://h/tool.tar.gz'] }));
    expect((result.podSpec().initContainers?.[0].command ?? [])[2]).toContain("tar -xzf 'tool.tar.gz'");
    expect(result.field('uris[0]').note).toContain('downloaded by the fetch init container');
  });
});

import { app, translate } from './helpers';

const withParameters = (parameters: { key: string; value: string }[], extra: object = {}) =>
  translate(app({ container: { type: 'DOCKER', docker: { image: 'nginx', parameters }, ...extra } }));
const at = (i: number) => `container.docker.parameters[${i}].value`;

/** Docker parameters carry any text; what Kubernetes cannot hold is kept elsewhere or reported, never emitted invalid. */
describe('docker parameters Kubernetes cannot hold as they are', () => {
  test('a label that is no Kubernetes label ("a b") is kept in a pod annotation, approximated', () => {
    const result = withParameters([
      { key: 'label', value: 'a b' },
      { key: 'label', value: 'tier=web' },
    ]);
    const template = result.one('Deployment').spec?.template;
    expect(template?.metadata?.labels).toMatchObject({ tier: 'web' });
    expect(template?.metadata?.labels).not.toHaveProperty('a b');
    expect(template?.metadata?.annotations?.['marathon-to-eks/docker-labels']).toBe('{"a b":""}');
    expect(result.field(at(0))).toMatchObject({
      status: 'approximated',
      note: expect.stringContaining(
        'not a valid Kubernetes label; kept in the pod annotation marathon-to-eks/docker-labels',
      ),
    });
  });

  test('a label never replaces the labels that select the pods', () => {
    const result = withParameters([{ key: 'label', value: 'app.kubernetes.io/name=other' }]);
    expect(result.one('Deployment').spec?.template.metadata?.labels?.['app.kubernetes.io/name']).toBe('web');
  });

  test('an --env name Kubernetes rejects is unsupported; a repeated one keeps the later value, as Docker does', () => {
    const result = withParameters([
      { key: 'env', value: '1X=2' },
      { key: 'e', value: '..=3' },
      { key: 'env', value: 'MODE=a' },
      { key: 'env', value: 'MODE=b' },
    ]);
    expect(result.field(at(0))).toMatchObject({
      status: 'unsupported',
      note: expect.stringContaining('"1X" is not a valid environment variable name'),
    });
    expect(result.field(at(1))).toMatchObject({
      status: 'unsupported',
      note: expect.stringContaining('".." is not allowed'),
    });
    expect(result.container().env?.filter((variable) => variable.name === 'MODE')).toEqual([
      { name: 'MODE', value: 'b' },
    ]);
  });

  test('--shm-size: not a size is unsupported; given twice, the later wins (one /dev/shm)', () => {
    const bad = withParameters([{ key: 'shm-size', value: 'huge' }]);
    expect(bad.field(at(0))).toMatchObject({ status: 'unsupported', note: expect.stringContaining('not a size') });
    expect(bad.podSpec().volumes?.map((volume) => volume.name)).not.toContain('dshm');
    const twice = withParameters([
      { key: 'shm-size', value: '64m' },
      { key: 'shm-size', value: '1g' },
    ]);
    expect(twice.podSpec().volumes?.filter((volume) => volume.name === 'dshm')).toEqual([
      { name: 'dshm', emptyDir: { medium: 'Memory', sizeLimit: '1Gi' } },
    ]);
  });

  test('--tmpfs over a volume or the sandbox, or at a relative path, is unsupported (Docker refuses duplicate mount points)', () => {
    const result = withParameters(
      [
        { key: 'tmpfs', value: '/data' },
        { key: 'tmpfs', value: '/mnt/mesos/sandbox' },
        { key: 'tmpfs', value: 'tmp' },
        { key: 'tmpfs', value: '/cache:rw' },
      ],
      {
        volumes: [{ containerPath: '/data', hostPath: '/var/data', mode: 'RW' }],
      },
    );
    for (const i of [0, 1]) {
      expect(result.field(at(i))).toMatchObject({
        status: 'unsupported',
        note: expect.stringContaining('already mounted'),
      });
    }
    expect(result.field(at(2))).toMatchObject({
      status: 'unsupported',
      note: expect.stringContaining('must be absolute'),
    });
    expect(result.container().volumeMounts?.map((mount) => mount.mountPath)).toEqual([
      '/mnt/mesos/sandbox',
      '/data',
      '/cache',
    ]);
  });

  test('--add-host, --dns and --dns-search only where Kubernetes takes them', () => {
    const result = withParameters([
      { key: 'add-host', value: 'db' },
      { key: 'add-host', value: 'db:::1' },
      ...['10.0.0.1', '10.0.0.2', 'dns.local', '10.0.0.3', '10.0.0.4'].map((value) => ({ key: 'dns', value })),
      { key: 'dns-search', value: 'Corp.Example.COM' },
      { key: 'dns-search', value: 'a b' },
    ]);
    expect(result.field(at(0)).status).toBe('unsupported');
    expect(result.podSpec().hostAliases).toEqual([{ ip: '::1', hostnames: ['db'] }]);
    expect(result.podSpec().dnsConfig).toEqual({
      nameservers: ['10.0.0.1', '10.0.0.2', '10.0.0.3'],
      searches: ['corp.example.com'],
    });
    expect(result.field(at(4))).toMatchObject({
      status: 'unsupported',
      note: expect.stringContaining('is not an IP address'),
    });
    expect(result.field(at(6))).toMatchObject({
      status: 'unsupported',
      note: expect.stringContaining('at most 3 nameservers'),
    });
    expect(result.field(at(8)).status).toBe('unsupported');
  });

  test('--sysctl: an invalid name is unsupported; a repeated one keeps the later value', () => {
    const result = withParameters([
      { key: 'sysctl', value: 'bad name=1' },
      { key: 'sysctl', value: 'net.core.somaxconn=128' },
      { key: 'sysctl', value: 'net.core.somaxconn=1024' },
    ]);
    expect(result.field(at(0)).status).toBe('unsupported');
    expect(result.podSpec().securityContext?.sysctls).toEqual([{ name: 'net.core.somaxconn', value: '1024' }]);
  });

  test('--hostname is made a DNS-1123 label (approximated); --user beyond Linux ids has no UID', () => {
    const result = withParameters([
      { key: 'hostname', value: 'My_Host.example.com' },
      { key: 'user', value: '4294967296:5' },
    ]);
    expect(result.podSpec().hostname).toBe('my-host');
    expect(result.field(at(0)).status).toBe('approximated');
    expect(result.field(at(1))).toMatchObject({
      status: 'approximated',
      note: expect.stringContaining('has no fixed UID'),
    });
    expect(result.container().securityContext?.runAsUser).toBeUndefined();
  });

  test('a Metronome job gets its docker labels on its pods too', () => {
    const result = translate({
      id: 'shop.report',
      run: {
        cmd: 'r.sh',
        cpus: 0.1,
        mem: 64,
        disk: 0,
        docker: {
          image: 'r',
          parameters: [
            { key: 'label', value: 'tier=batch' },
            { key: 'label', value: 'my label' },
          ],
        },
      },
    });
    const metadata = (
      result.one('CronJob') as {
        spec: { jobTemplate: { spec: { template: { metadata: { labels: object; annotations: object } } } } };
      }
    ).spec.jobTemplate.spec.template.metadata;
    expect(metadata.labels).toMatchObject({ tier: 'batch' });
    expect(metadata.annotations).toMatchObject({ 'marathon-to-eks/docker-labels': '{"my label":""}' });
  });
});

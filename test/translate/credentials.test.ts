import { isCredential, isCredentialName, redactCredentials } from '../../lib/translate/credentials';
import { Deployment } from '../../lib/translate/kube';
import { app, translate } from './helpers';

/** Every string anywhere in the emitted objects. */
function strings(value: unknown): string[] {
  if (typeof value === 'string') {
    return [value];
  }
  if (Array.isArray(value)) {
    return value.flatMap(strings);
  }
  if (value !== null && typeof value === 'object') {
    return Object.entries(value).flatMap(([key, item]) => [key, ...strings(item)]);
  }
  return [];
}

function expectNowhere(result: ReturnType<typeof translate>, ...values: string[]) {
  const written = strings(result.objects);
  const reported = JSON.stringify(result.estate.workloads.map((w) => w.report));
  for (const value of values) {
    expect(written.filter((text) => text.includes(value))).toEqual([]);
    expect(reported).not.toContain(value);
  }
}

describe('credentials in plain values', () => {
  test('names that say "credential", and those that only look like it', () => {
    for (const name of [
      'POSTGRES_PASSWORD',
      'PGPASSWORD',
      'MYSQL_ROOT_PASSWORD',
      'MINIO_SECRET_KEY',
      'AWS_ACCESS_KEY',
      'DB_PWD',
      'SECRET_KEY_BASE',
      'api-token',
      'HAPROXY_0_AUTH',
      'SMTP_PASS',
    ]) {
      expect([name, isCredentialName(name)]).toEqual([name, true]);
    }
    for (const name of [
      'PWD',
      'CASSANDRA_NUM_TOKENS',
      'TOKEN_LIFETIME',
      'PASSWORD_FILE',
      'SPARK_SHARED_SECRET_BIT_LENGTH',
      'SECRETS_ENABLED',
      'BYPASS',
      'NEO4J_USER',
    ]) {
      expect([name, isCredentialName(name)]).toEqual([name, false]);
    }
    expect(isCredential('', 'DB_PASSWORD')).toBe(false);
    expect(isCredential('false', 'SECRETS_SECRET')).toBe(false);
    expect(isCredential('jdbc:mysql://db:3306/beer?user=good&password=beer')).toBe(true);
    expect(isCredential('bolt+routing://neo4j:dcos@core:7687')).toBe(true);
    expect(isCredential('mysqld --password=hunter2')).toBe(true);
    expect(isCredential('redis-server --requirepass foo')).toBe(true);
    expect(isCredential('MYSQL_PASSWORD=s3cret ./start.sh')).toBe(true);
    // References are not values.
    expect(isCredential('mysqld --password "$DB_PASSWORD"')).toBe(false);
    expect(isCredential('https://user:${PASSWORD}@host/')).toBe(false);
    expect(isCredential('curl -f http://localhost:$PORT0/health')).toBe(false);
  });

  test('a credential env var reads its value from the workload credentials Secret', () => {
    const result = translate(app({ id: '/postgres', env: { POSTGRES_PASSWORD: 'password', PGDATA: 'pgdata' } }));
    expect(result.env().POSTGRES_PASSWORD).toEqual({
      secretKeyRef: { name: 'postgres-credentials', key: 'POSTGRES_PASSWORD' },
    });
    expect(result.env().PGDATA).toBe('pgdata');
    expect(result.estate.secrets).toEqual([
      {
        namespace: 'default',
        name: 'postgres-credentials',
        key: 'POSTGRES_PASSWORD',
        origin: 'marathon-definition',
        source: 'app /postgres: env.POSTGRES_PASSWORD',
        type: 'Opaque',
      },
    ]);
    expect(result.field('env.POSTGRES_PASSWORD')).toMatchObject({
      status: 'approximated',
      note: expect.stringContaining('Secret postgres-credentials (key POSTGRES_PASSWORD)'),
    });
    expectNowhere(result, 'password"', ': password');
    expect(strings(result.objects)).not.toContain('password');
  });

  test('a URL with a password in an env var, with its DC/OS host rewritten in the note', () => {
    const result = translate([
      app({
        id: '/shop/web',
        env: { DB_URL: 'postgres://shop:hunter2@db.marathon.l4lb.thisdcos.directory:5432/shop' },
      }),
      app({ id: '/db', portDefinitions: [{ port: 5432, labels: { VIP_0: 'db:5432' } }] }),
    ]);
    const web = result.one<Deployment>('Deployment', 'web').spec?.template.spec?.containers[0];
    expect(web?.env?.find((v) => v.name === 'DB_URL')).toEqual({
      name: 'DB_URL',
      valueFrom: { secretKeyRef: { name: 'web-credentials', key: 'DB_URL' } },
    });
    expect(result.field('env.DB_URL').note).toContain(
      'in the value, replace db.marathon.l4lb.thisdcos.directory → db.default.svc.cluster.local',
    );
    expectNowhere(result, 'hunter2');
  });

  test('commands and args: the kubelet substitutes the moved element', () => {
    const withCmd = translate(app({ cmd: 'redis-server --requirepass s3cret --port $PORT0' }));
    expect(withCmd.container().command).toEqual(['/bin/sh', '-c', '$(MARATHON_TO_EKS_CMD)']);
    expect(withCmd.env().MARATHON_TO_EKS_CMD).toEqual({
      secretKeyRef: { name: 'web-credentials', key: 'MARATHON_TO_EKS_CMD' },
    });
    expect(withCmd.field('cmd').status).toBe('approximated');
    expectNowhere(withCmd, 's3cret');

    const withArgs = translate(
      app({
        cmd: undefined,
        args: ['--db', 'mysql://root:toor@db/x', '--verbose'],
        container: { docker: { image: 'x' } },
      }),
    );
    expect(withArgs.container().args).toEqual(['--db', '$(MARATHON_TO_EKS_ARG_1)', '--verbose']);
    expect(withArgs.env().MARATHON_TO_EKS_ARG_1).toEqual({
      secretKeyRef: { name: 'web-credentials', key: 'MARATHON_TO_EKS_ARG_1' },
    });
    expect(withArgs.field('args[0]').status).toBe('translated');
    expect(withArgs.field('args[1]').status).toBe('approximated');
    expectNowhere(withArgs, 'toor');
  });

  test('health-check commands read the moved line through the shell', () => {
    const result = translate(
      app({ healthChecks: [{ protocol: 'COMMAND', command: { value: 'mysqladmin ping --password=toor' } }] }),
    );
    expect(result.container().livenessProbe?.exec?.command).toEqual([
      '/bin/sh',
      '-c',
      'eval "$MARATHON_TO_EKS_HEALTH_CHECK_0"',
    ]);
    expect(result.env().MARATHON_TO_EKS_HEALTH_CHECK_0).toEqual({
      secretKeyRef: { name: 'web-credentials', key: 'MARATHON_TO_EKS_HEALTH_CHECK_0' },
    });
    expectNowhere(result, 'toor');
  });

  test('fetch URIs with credentials are read from the init container environment', () => {
    const result = translate(
      app({ fetch: [{ uri: 'https://deploy:t0ken@artifacts.example.com/app.tgz', extract: true }] }),
    );
    const fetch = result.podSpec().initContainers?.[0];
    expect(fetch?.command?.[2]).toContain(`wget -q -O 'app.tgz' "$FETCH_URI_0"`);
    expect(fetch?.env).toEqual([
      { name: 'FETCH_URI_0', valueFrom: { secretKeyRef: { name: 'web-credentials', key: 'FETCH_URI_0' } } },
    ]);
    expect(result.field('fetch[0].uri').status).toBe('approximated');
    expectNowhere(result, 't0ken');
  });

  test('labels: never a Kubernetes label or annotation value; the app still reads $MARATHON_APP_LABEL_<NAME>', () => {
    const result = translate(app({ labels: { PGPASSWORD: 'you_thought_so', team: 'shop' } }));
    const deployment = result.one('Deployment');
    expect(deployment.metadata?.labels?.PGPASSWORD).toBeUndefined();
    expect(JSON.parse(deployment.metadata?.annotations?.['marathon-to-eks/marathon-labels'] as string)).toEqual({
      PGPASSWORD: '(not copied: looks like a credential)',
      team: 'shop',
    });
    expect(result.env().MARATHON_APP_LABEL_PGPASSWORD).toEqual({
      secretKeyRef: { name: 'web-credentials', key: 'MARATHON_APP_LABEL_PGPASSWORD' },
    });
    expect(result.env().MARATHON_APP_LABELS).toBe('PGPASSWORD team');
    expectNowhere(result, 'you_thought_so');
  });

  test('docker --env parameters and Metronome job env are covered too', () => {
    const docker = translate(
      app({ container: { docker: { image: 'x', parameters: [{ key: 'env', value: 'API_KEY=abc123' }] } } }),
    );
    expect(docker.env().API_KEY).toEqual({ secretKeyRef: { name: 'web-credentials', key: 'API_KEY' } });
    expectNowhere(docker, 'abc123');

    const job = translate({
      id: 'backup',
      run: { cmd: 'backup.sh', cpus: 0.1, mem: 64, env: { S3_SECRET_KEY: 'xyz987' } },
    });
    expect(job.env('CronJob').S3_SECRET_KEY).toEqual({
      secretKeyRef: { name: 'backup-credentials', key: 'S3_SECRET_KEY' },
    });
    expectNowhere(job, 'xyz987');
  });

  test('pods: pod-level and container-level environment and exec commands', () => {
    const result = translate({
      id: '/pod',
      environment: { SHARED_TOKEN: 'tok-1' },
      containers: [
        { name: 'a', resources: { cpus: 0.1, mem: 32 }, exec: { command: { shell: 'run --password=pw-2' } } },
        { name: 'b', resources: { cpus: 0.1, mem: 32 }, environment: { B_PASSWORD: 'pw-3' } },
      ],
    });
    const [a, b] = result.podSpec().containers;
    const env = (container: typeof a) =>
      Object.fromEntries((container.env ?? []).map((v) => [v.name, v.valueFrom ?? v.value]));
    expect(env(a).SHARED_TOKEN).toEqual({ secretKeyRef: { name: 'pod-credentials', key: 'SHARED_TOKEN' } });
    expect(env(b).SHARED_TOKEN).toEqual({ secretKeyRef: { name: 'pod-credentials', key: 'SHARED_TOKEN' } });
    expect(a.command).toEqual(['/bin/sh', '-c', '$(MARATHON_TO_EKS_CMD)']);
    expect(env(a).MARATHON_TO_EKS_CMD).toBeDefined();
    expect(env(b).B_PASSWORD).toEqual({ secretKeyRef: { name: 'pod-credentials', key: 'B_PASSWORD' } });
    // One key per input field, however many containers read it.
    expect(result.estate.secrets.map((s) => s.key).sort()).toEqual([
      'B_PASSWORD',
      'MARATHON_TO_EKS_CMD',
      'SHARED_TOKEN',
    ]);
    expectNowhere(result, 'tok-1', 'pw-2', 'pw-3');
  });

  test('JSON config and bare Basic values under any name move into the Secret', () => {
    const result = translate(
      app({
        env: {
          CONFIG: '{"db":{"user":"a","password":"hunter2"}}',
          UPSTREAM_AUTH_HEADER: 'Basic dXNlcjpwYXNz',
          MODE: '{"debug":"true"}',
        },
      }),
    );
    expect(result.env().CONFIG).toEqual({ secretKeyRef: { name: 'web-credentials', key: 'CONFIG' } });
    expect(result.env().UPSTREAM_AUTH_HEADER).toEqual({
      secretKeyRef: { name: 'web-credentials', key: 'UPSTREAM_AUTH_HEADER' },
    });
    expect(result.env().MODE).toBe('{"debug":"true"}');
    expectNowhere(result, 'hunter2', 'dXNlcjpwYXNz');
  });

  test('marathon-lb: an Authorization header in HAProxy options is neither copied nor quoted', () => {
    const options = '  http-request set-header Authorization Basic dXNlcjpwYXNz\n';
    const result = translate(
      app({
        portDefinitions: [{ port: 10000 }],
        labels: { HAPROXY_GROUP: 'external', HAPROXY_0_BACKEND_HTTP_OPTIONS: options },
      }),
    );
    const annotation = JSON.parse(
      result.one('Deployment').metadata?.annotations?.['marathon-to-eks/marathon-labels'] as string,
    );
    expect(annotation.HAPROXY_0_BACKEND_HTTP_OPTIONS).toBe('(not copied: looks like a credential)');
    expect(result.env().MARATHON_APP_LABEL_HAPROXY_0_BACKEND_HTTP_OPTIONS).toEqual({
      secretKeyRef: { name: 'web-credentials', key: 'MARATHON_APP_LABEL_HAPROXY_0_BACKEND_HTTP_OPTIONS' },
    });
    expect(result.field('labels.HAPROXY_0_BACKEND_HTTP_OPTIONS')).toMatchObject({
      status: 'unsupported',
      note: expect.stringContaining('looks like a credential, so it is not copied into the manifests'),
    });
    expectNowhere(result, 'dXNlcjpwYXNz');
  });

  test('report notes mask credentials they would quote', () => {
    expect(redactCredentials('docker --log-opt splunk-url=https://u:p4ss@splunk:8088 has no counterpart')).toBe(
      'docker --log-opt splunk-url=https://u:***@splunk:8088 has no counterpart',
    );
    expect(redactCredentials('GET /health?token=abc&x=1')).toBe('GET /health?token=***&x=1');
    expect(redactCredentials('run --password hunter2 now')).toBe('run --password *** now');
    const result = translate(
      app({
        container: {
          docker: { image: 'x', parameters: [{ key: 'log-opt', value: 'splunk-url=https://u:p4ss@splunk:8088' }] },
        },
      }),
    );
    expectNowhere(result, 'p4ss');
  });
});

import { parseAllDocuments } from 'yaml';
import { CREDENTIAL_RULES, CredentialExample, CredentialRule } from '../../lib/util/credential-rules';
import { REPORT_JSON, REPORT_MARKDOWN, convertEstate } from '../../lib/workload/convert';
import { uriProblem } from '../../lib/marathon/validate/shared-rules';
import { loadJson } from '../helpers/load';

/*
 * Every form in the rule table, carried in every place of a definition that can hold it, converted the way the
 * CLI converts: the secret part must be in no file written, and the workload must read it from its Secret.
 */

/** Marathon definitions that carry `example` in env, cmd, args, labels, health checks, fetch URIs and docker options. */
function definitions(rule: CredentialRule, example: CredentialExample) {
  if (rule.kind === 'name') {
    const name = example.name!;
    return [
      {
        id: '/forms/app',
        cmd: 'sleep 3600',
        cpus: 0.1,
        mem: 64,
        env: { [name]: example.text },
        labels: { [name]: example.text },
        container: {
          type: 'DOCKER',
          docker: { image: 'busybox', parameters: [{ key: 'env', value: `DOCKER_${name}=${example.text}` }] },
        },
      },
    ];
  }
  const text = example.text;
  return [
    {
      id: '/forms/app',
      cmd: text,
      cpus: 0.1,
      mem: 64,
      env: { SAMPLE: text },
      labels: {
        sample: text,
        HAPROXY_GROUP: 'external',
        HAPROXY_0_BACKEND_HTTP_OPTIONS: `  http-request set-header X-Sample ${text}\n`,
      },
      portDefinitions: [{ port: 10000, name: 'http' }],
      healthChecks: [{ protocol: 'COMMAND', command: { value: text } }],
      container: {
        type: 'DOCKER',
        docker: {
          image: 'busybox',
          parameters: [
            { key: 'env', value: `SAMPLE_PARAM=${text}` },
            { key: 'label', value: `sample=${text}` },
            { key: 'log-opt', value: text },
          ],
        },
      },
    },
    {
      id: '/forms/args',
      args: [text],
      cpus: 0.1,
      mem: 64,
      container: { type: 'DOCKER', docker: { image: 'busybox' } },
    },
    {
      id: '/forms/artifacts',
      cmd: 'sleep 3600',
      cpus: 0.1,
      mem: 64,
      // An HTTP URI is downloaded by the init container; another scheme is only reported, quoting the URI. A URI
      // with blanks is rejected by the loader, whose message quotes it too.
      fetch: [{ uri: `https://artifacts.example.com/app.tgz#${text}` }, { uri: `hdfs://namenode/artifacts/${text}` }],
    },
    {
      id: '/forms/pod',
      environment: { SAMPLE: text },
      labels: { sample: text },
      containers: [
        {
          name: 'main',
          resources: { cpus: 0.1, mem: 32 },
          exec: { command: { shell: text } },
          labels: { sample: text },
        },
      ],
    },
    { id: 'forms-job', run: { cmd: text, cpus: 0.1, mem: 64, env: { SAMPLE: text } } },
  ];
}

/** The Secret keys each workload must read, by the form's kind: what moving every place above amounts to. */
const EXPECTED_KEYS: Record<CredentialRule['kind'], (example: CredentialExample) => Record<string, string[]>> = {
  name: ({ name }) => ({ 'app-credentials': [`DOCKER_${name!}`, name!, `MARATHON_APP_LABEL_${name!}`].sort() }),
  text: ({ text }) => ({
    'app-credentials': [
      'MARATHON_APP_LABEL_HAPROXY_0_BACKEND_HTTP_OPTIONS',
      'MARATHON_APP_LABEL_SAMPLE',
      'MARATHON_TO_EKS_CMD',
      'MARATHON_TO_EKS_HEALTH_CHECK_0',
      'SAMPLE',
      'SAMPLE_PARAM',
    ],
    'args-credentials': ['MARATHON_TO_EKS_ARG_0'],
    ...(isValidUri(text) ? { 'artifacts-credentials': ['FETCH_URI_0'] } : {}),
    'forms-job-credentials': ['MARATHON_TO_EKS_CMD', 'SAMPLE'],
    'pod-credentials': ['MARATHON_TO_EKS_CMD', 'SAMPLE'],
  }),
};

function isValidUri(text: string): boolean {
  return uriProblem(text) === undefined;
}

/** Every `secretKeyRef` in the manifests, as `secret/key`. */
function secretKeyRefs(files: ReadonlyMap<string, string>): Set<string> {
  const refs = new Set<string>();
  const walk = (value: unknown): void => {
    if (Array.isArray(value)) {
      value.forEach(walk);
    } else if (value !== null && typeof value === 'object') {
      const ref = (value as { secretKeyRef?: { name: string; key: string } }).secretKeyRef;
      if (ref) {
        refs.add(`${ref.name}/${ref.key}`);
      }
      Object.values(value).forEach(walk);
    }
  };
  for (const [file, text] of files) {
    if (file.endsWith('.yaml')) {
      parseAllDocuments(text).forEach((document) => walk(document.toJS()));
    }
  }
  return refs;
}

const cases = CREDENTIAL_RULES.flatMap((rule) =>
  rule.examples.map((example) => [rule.id, example.text, rule, example] as const),
);

describe('every form the rules detect stays out of the manifests and the report', () => {
  test('every rule has samples to convert', () => {
    for (const rule of CREDENTIAL_RULES) {
      expect([rule.id, cases.filter(([id]) => id === rule.id).length > 0]).toEqual([rule.id, true]);
    }
  });

  test.each(cases)('%s: %j', (_, __, rule, example) => {
    const loaded = loadJson(definitions(rule, example));
    const rejected = loaded.diagnostics.filter((d) => d.severity === 'error').map((d) => d.code);
    expect(rejected).toEqual(rule.kind === 'text' && !isValidUri(example.text) ? ['invalid-uri', 'invalid-uri'] : []);
    const conversion = convertEstate(loaded);
    expect(conversion.invalidObjects).toBe(0);

    const files = [...conversion.files.keys()];
    expect(files).toEqual(expect.arrayContaining([REPORT_JSON, REPORT_MARKDOWN]));
    expect(files.filter((file) => file.endsWith('.yaml')).length).toBeGreaterThan(0);
    for (const [file, text] of conversion.files) {
      expect([file, text.includes(example.secret)]).toEqual([file, false]);
    }

    const moved = conversion.report.secrets.filter((secret) => secret.origin === 'marathon-definition');
    const byName: Record<string, string[]> = {};
    for (const secret of moved) {
      (byName[secret.name] ??= []).push(secret.key);
    }
    for (const keys of Object.values(byName)) {
      keys.sort();
    }
    expect(byName).toEqual(EXPECTED_KEYS[rule.kind](example));
    const refs = secretKeyRefs(conversion.files);
    for (const secret of moved) {
      expect(refs).toContain(`${secret.name}/${secret.key}`);
    }
  });
});

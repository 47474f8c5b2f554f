import { load } from 'js-yaml';
import { parseAllDocuments } from 'yaml';
import { stringifyYaml } from '../../lib/workload/yaml';

/** What the three readers that matter make of a document: YAML 1.2 (eemeli/yaml), YAML 1.1 (kubectl's go-yaml dialect), js-yaml. */
function readings(text: string): unknown[] {
  const [v12] = parseAllDocuments(text, { version: '1.2' });
  const [v11] = parseAllDocuments(text, { version: '1.1' });
  for (const document of [v12, v11]) {
    if (document.errors.length > 0) {
      throw new Error(`${document.errors[0].message}\n${text}`);
    }
  }
  return [v12.toJS(), v11.toJS(), load(text)];
}

const TRICKY = [
  'yes',
  'Yes',
  'NO',
  'on',
  'Off',
  'y',
  'N',
  'true',
  'False',
  'null',
  'Null',
  '~',
  '=',
  '<<',
  '',
  ' ',
  '  lead',
  'trail ',
  '0755',
  '0x1F',
  '0o17',
  '0b101',
  '1e3',
  '1_000',
  '1:20',
  '190:20:30',
  '.5',
  '.inf',
  '-.inf',
  '.NaN',
  'NaN',
  '+1',
  '-1',
  '-c',
  '-Xmx512m',
  '2024-01-01',
  '2001-12-14t21:59:43.10-05:00',
  'a: b',
  'a:',
  'a #b',
  '#c',
  '- x',
  '? x',
  '@x',
  '`x`',
  '!tag',
  '&a',
  '*a',
  '|',
  '>',
  '%x',
  '{a}',
  '[a]',
  "'q'",
  '"q"',
  'a\tb',
  'multi\nline',
  'ends\n',
  'ends\n\n',
  '\n',
  'x\r\ny',
  '\u0085',
  'a\u2028b',
  '\ufeffbom',
  'é',
  '日本',
  '😀',
  '\u007f',
  'http://x:80/y?a=b&c',
  'nginx:1.14.2',
  '---',
  '...',
  'a ---',
  'key=value',
];

describe('manifest YAML writer', () => {
  test('tricky strings read back as the same strings in YAML 1.1, 1.2 and js-yaml, as values and as keys', () => {
    for (const text of TRICKY) {
      const value = { key: text, list: [text, { [text || 'empty']: text }], [text || 'empty']: 1 };
      const yaml = stringifyYaml(value);
      for (const reading of readings(yaml)) {
        expect([text, reading]).toEqual([text, value]);
      }
    }
  });

  test('reads like hand-written Kubernetes YAML', () => {
    const text = stringifyYaml({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'web', labels: {}, annotations: { 'marathon-to-eks/app-id': '/shop/web' } },
      spec: {
        containers: [
          {
            name: 'web',
            command: ['/bin/sh', '-c', 'set -e\ncd /srv\nexec ./run'],
            ports: [{ containerPort: 80 }],
            env: [{ name: 'MODE', value: 'on' }],
          },
        ],
        volumes: [{ name: 'scratch', emptyDir: {} }],
        nodeSelector: { 'kubernetes.io/os': 'linux' },
        tolerations: [],
      },
    });
    expect(text).toBe(
      [
        'apiVersion: v1',
        'kind: Pod',
        'metadata:',
        '  name: web',
        '  labels: {}',
        '  annotations:',
        '    marathon-to-eks/app-id: /shop/web',
        'spec:',
        '  containers:',
        '    - name: web',
        '      command:',
        '        - /bin/sh',
        '        - -c',
        '        - |-',
        '          set -e',
        '          cd /srv',
        '          exec ./run',
        '      ports:',
        '        - containerPort: 80',
        '      env:',
        '        - name: MODE',
        '          value: "on"',
        '  volumes:',
        '    - name: scratch',
        '      emptyDir: {}',
        '  nodeSelector:',
        '    kubernetes.io/os: linux',
        '  tolerations: []',
        '',
      ].join('\n'),
    );
  });

  test('numbers stay numbers in YAML 1.1 too; unsupported values are refused', () => {
    for (const reading of readings(stringifyYaml({ a: 1e21, b: 0.5, c: -3, d: 1.5e-7 }))) {
      expect(reading).toEqual({ a: 1e21, b: 0.5, c: -3, d: 1.5e-7 });
    }
    expect(() => stringifyYaml({ a: Number.NaN })).toThrow('cannot write NaN as YAML');
    expect(() => stringifyYaml({ a: () => 1 })).toThrow('cannot write function as YAML');
  });
});

import * as path from 'node:path';
import { loadEstate } from '../../lib/marathon/load/estate';
import { externalSecret as externalSecretOf } from '../../lib/eks/addons/external-secrets';
import { validateKubeObject, validateKubeObjects } from '../../lib/validate/kubernetes';
import { manifestsOf, synthesize } from '../eks/helpers';
import {
  Obj,
  broken,
  clusterSecretStore,
  externalSecret,
  secretStore,
  storageClass,
  validatingAdmissionPolicy,
  validatingAdmissionPolicyBinding,
} from './kube-objects';

/**
 * The kinds the EKS environment emits through KubernetesManifests: StorageClass and ValidatingAdmissionPolicy(Binding)
 * (client-node field table and kubernetes-models), and the External Secrets Operator custom resources (their CRD
 * schemas, crd-schemas.generated.json).
 */

type Case = [string, () => Obj, (o: Obj) => void, string, string];

/** Each case breaks one thing in a valid object and expects exactly one problem, at that path. */
function expectOneProblem(make: () => Obj, edit: (o: Obj) => void, path: string, fragment: string): void {
  expect(validateKubeObject(broken(make, edit))).toEqual([{ path, message: expect.stringContaining(fragment) }]);
}

const ESO = '(CRD externalsecrets.external-secrets.io, external-secrets/external-secrets helm-chart-2.9.0)';

describe('EKS environment kinds: what lib/eks emits passes', () => {
  test('externalSecret() objects, Opaque and dockerconfigjson, with and without a property', () => {
    const objects = [
      externalSecretOf('shop', 'db', [
        { secretKey: 'password', remoteKey: 'marathon-to-eks/shop/db', property: 'password' },
      ]),
      externalSecretOf(
        'shop',
        'registry',
        [{ secretKey: '.dockerconfigjson', remoteKey: 'marathon-to-eks/shop/registry' }],
        { type: 'kubernetes.io/dockerconfigjson' },
      ),
    ];
    expect(validateKubeObjects(objects)).toEqual([]);
  });

  test('every manifest of a synthesized EksEnvironment passes, the example estate’s included', async () => {
    const estate = await loadEstate({ paths: [path.join(__dirname, '../../examples/estate')] });
    const result = synthesize({}, estate, false);
    const objects = [...result.templates.values()].flatMap((template) => manifestsOf(template).flat());
    const kinds = new Set(objects.map((object) => (object as { kind: string }).kind));
    expect([...kinds]).toEqual(
      expect.arrayContaining([
        'StorageClass',
        'ClusterSecretStore',
        'SecretStore',
        'ExternalSecret',
        'ValidatingAdmissionPolicy',
        'ValidatingAdmissionPolicyBinding',
        'Namespace',
        'Deployment',
        'StatefulSet',
        'Ingress',
      ]),
    );
    expect(validateKubeObjects(objects)).toEqual([]);
  }, 60_000);
});

describe('StorageClass', () => {
  test.each<Case>([
    [
      'unknown field',
      storageClass,
      (o) => (o.volumeBindingmode = 'Immediate'),
      'volumeBindingmode',
      'unknown field "volumeBindingmode" (did you mean "volumeBindingMode"?): StorageClass has no such field',
    ],
    [
      'required field',
      storageClass,
      (o) => delete o.provisioner,
      'provisioner',
      'required field "provisioner" is missing',
    ],
    [
      'enum: reclaimPolicy',
      storageClass,
      (o) => (o.reclaimPolicy = 'delete'),
      'reclaimPolicy',
      'must be one of "Delete", "Recycle", "Retain"; got string "delete"',
    ],
    [
      'enum: volumeBindingMode',
      storageClass,
      (o) => (o.volumeBindingMode = 'Late'),
      'volumeBindingMode',
      'must be one of "Immediate", "WaitForFirstConsumer"',
    ],
    [
      'parameter values are strings',
      storageClass,
      (o) => (o.parameters.encrypted = true),
      'parameters.encrypted',
      'expected a string, got true',
    ],
    [
      'provisioner is a qualified name',
      storageClass,
      (o) => (o.provisioner = 'ebs csi/aws/com'),
      'provisioner',
      'provisioner "ebs csi/aws/com" has more than one "/"',
    ],
    [
      'cluster-scoped',
      storageClass,
      (o) => (o.metadata.namespace = 'kube-system'),
      'metadata.namespace',
      'StorageClass is cluster-scoped',
    ],
  ])('%s', (_name, make, edit, path, fragment) => expectOneProblem(make, edit, path, fragment));
});

describe('ValidatingAdmissionPolicy and its binding', () => {
  const rule = 'spec.matchConstraints.resourceRules[0]';
  test.each<Case>([
    [
      'unknown field',
      validatingAdmissionPolicy,
      (o) => (o.spec.validations[0].messsage = 'x'),
      'spec.validations[0].messsage',
      '(did you mean "message"?): Validation has no such field',
    ],
    [
      'required field: expression',
      validatingAdmissionPolicy,
      (o) => delete o.spec.validations[0].expression,
      'spec.validations[0].expression',
      'required field "expression" is missing',
    ],
    [
      'required field: matchConstraints',
      validatingAdmissionPolicy,
      (o) => delete o.spec.matchConstraints,
      'spec.matchConstraints',
      'required field "matchConstraints" is missing',
    ],
    [
      'enum: failurePolicy',
      validatingAdmissionPolicy,
      (o) => (o.spec.failurePolicy = 'fail'),
      'spec.failurePolicy',
      'must be one of "Fail", "Ignore"; got string "fail"',
    ],
    [
      'enum: operations',
      validatingAdmissionPolicy,
      (o) => (o.spec.matchConstraints.resourceRules[0].operations[1] = 'PATCH'),
      `${rule}.operations[1]`,
      'must be one of "*", "CONNECT", "CREATE", "DELETE", "UPDATE"',
    ],
    [
      'no resource rules',
      validatingAdmissionPolicy,
      (o) => (o.spec.matchConstraints.resourceRules = []),
      'spec.matchConstraints.resourceRules',
      'at least one resource rule is required',
    ],
    [
      'a rule without resources',
      validatingAdmissionPolicy,
      (o) => (o.spec.matchConstraints.resourceRules[0].resources = []),
      `${rule}.resources`,
      'at least one resource is required',
    ],
    [
      '"*" with other operations',
      validatingAdmissionPolicy,
      (o) => o.spec.matchConstraints.resourceRules[0].operations.push('*'),
      `${rule}.operations`,
      '"*" matches every operation and must be the only value',
    ],
    [
      'nothing to validate',
      validatingAdmissionPolicy,
      (o) => (o.spec.validations = []),
      'spec.validations',
      'validations or auditAnnotations must contain at least one item',
    ],
    [
      'a message with a line break',
      validatingAdmissionPolicy,
      (o) => (o.spec.validations[0].message = 'no\nway'),
      'spec.validations[0].message',
      'must not contain line breaks',
    ],
    [
      'policy is cluster-scoped',
      validatingAdmissionPolicy,
      (o) => (o.metadata.namespace = 'shop'),
      'metadata.namespace',
      'ValidatingAdmissionPolicy is cluster-scoped',
    ],
    [
      'binding: unknown field',
      validatingAdmissionPolicyBinding,
      (o) => (o.spec.policy = 'x'),
      'spec.policy',
      'unknown field "policy"',
    ],
    [
      'binding: required field',
      validatingAdmissionPolicyBinding,
      (o) => delete o.spec.policyName,
      'spec.policyName',
      'required field "policyName" is missing',
    ],
    [
      'binding: enum',
      validatingAdmissionPolicyBinding,
      (o) => (o.spec.validationActions = ['Block']),
      'spec.validationActions[0]',
      'must be one of "Audit", "Deny", "Warn"; got string "Block"',
    ],
    [
      'binding: no action',
      validatingAdmissionPolicyBinding,
      (o) => (o.spec.validationActions = []),
      'spec.validationActions',
      'at least one validation action is required',
    ],
    [
      'binding: Deny and Warn',
      validatingAdmissionPolicyBinding,
      (o) => o.spec.validationActions.push('Warn'),
      'spec.validationActions',
      'must not contain both "Deny" and "Warn"',
    ],
    [
      'binding: policyName syntax',
      validatingAdmissionPolicyBinding,
      (o) => (o.spec.policyName = 'Secret_Store'),
      'spec.policyName',
      '"Secret_Store" is not a DNS-1123 subdomain',
    ],
    [
      'binding is cluster-scoped',
      validatingAdmissionPolicyBinding,
      (o) => (o.metadata.namespace = 'shop'),
      'metadata.namespace',
      'ValidatingAdmissionPolicyBinding is cluster-scoped',
    ],
  ])('%s', (_name, make, edit, path, fragment) => expectOneProblem(make, edit, path, fragment));
});

describe('External Secrets custom resources (CRD schemas)', () => {
  test.each<Case>([
    [
      'ExternalSecret: unknown field',
      externalSecret,
      (o) => (o.spec.target.tmplate = {}),
      'spec.target.tmplate',
      `unknown field "tmplate" (did you mean "template"?): spec.target has no such field ${ESO}`,
    ],
    [
      'ExternalSecret: unknown top-level field',
      externalSecret,
      (o) => (o.data = {}),
      'data',
      'unknown field "data": ExternalSecret has no such field',
    ],
    [
      'ExternalSecret: required field',
      externalSecret,
      (o) => delete o.spec.data[0].remoteRef.key,
      'spec.data[0].remoteRef.key',
      'required field "key" is missing',
    ],
    [
      'ExternalSecret: enum',
      externalSecret,
      (o) => (o.spec.target.creationPolicy = 'owner'),
      'spec.target.creationPolicy',
      'must be one of "Owner", "Orphan", "Merge", "None", "CreateOrMerge"; got string "owner"',
    ],
    [
      'ExternalSecret: store kind enum',
      externalSecret,
      (o) => (o.spec.secretStoreRef.kind = 'Store'),
      'spec.secretStoreRef.kind',
      'must be one of "SecretStore", "ClusterSecretStore"',
    ],
    [
      'ExternalSecret: type',
      externalSecret,
      (o) => (o.spec.refreshInterval = 3600),
      'spec.refreshInterval',
      'expected a string, got number 3600',
    ],
    [
      'ExternalSecret: pattern',
      externalSecret,
      (o) => (o.spec.data[0].secretKey = 'pass word'),
      'spec.data[0].secretKey',
      '"pass word" does not match the pattern "^[-._a-zA-Z0-9]+$"',
    ],
    [
      'ExternalSecret: minLength (and no pattern problem on top)',
      externalSecret,
      (o) => (o.spec.target.name = ''),
      'spec.target.name',
      'must not be empty',
    ],
    [
      'ExternalSecret: maxLength',
      externalSecret,
      (o) => (o.spec.data[0].secretKey = 'k'.repeat(254)),
      'spec.data[0].secretKey',
      'must be at most 253 characters, got 254',
    ],
    [
      'ExternalSecret: map values',
      externalSecret,
      (o) => (o.spec.target.template.data = { config: 1 }),
      'spec.target.template.data.config',
      'expected a string, got number 1',
    ],
    [
      'ExternalSecret: array items',
      externalSecret,
      (o) => (o.spec.data = [o.spec.data[0], 'password']),
      'spec.data[1]',
      'expected an object, got string "password"',
    ],
    [
      'ExternalSecret: metadata unknown field',
      externalSecret,
      (o) => (o.metadata.label = {}),
      'metadata.label',
      'unknown field "label" (did you mean "labels"?): ObjectMeta has no such field',
    ],
    [
      'ExternalSecret: metadata types',
      externalSecret,
      (o) => (o.metadata.labels = { tier: 1 }),
      'metadata.labels.tier',
      'expected a string, got number 1',
    ],
    [
      'ExternalSecret: label syntax',
      externalSecret,
      (o) => (o.metadata.labels = { 'a/b/c': 'x' }),
      'metadata.labels["a/b/c"]',
      'label key "a/b/c" has more than one "/"',
    ],
    [
      'ExternalSecret: name',
      externalSecret,
      (o) => (o.metadata.name = 'DB'),
      'metadata.name',
      '"DB" is not a DNS-1123 subdomain',
    ],
    [
      'ExternalSecret: name required',
      externalSecret,
      (o) => delete o.metadata.name,
      'metadata.name',
      'required field "name" is missing',
    ],
    [
      'SecretStore: unknown field',
      secretStore,
      (o) => (o.spec.provider.aws.regoin = 'us-east-1'),
      'spec.provider.aws.regoin',
      '(did you mean "region"?): spec.provider.aws has no such field (CRD secretstores.external-secrets.io, external-secrets/external-secrets helm-chart-2.9.0)',
    ],
    [
      'SecretStore: required field',
      secretStore,
      (o) => delete o.spec.provider,
      'spec.provider',
      'required field "provider" is missing',
    ],
    [
      'SecretStore: enum',
      secretStore,
      (o) => (o.spec.provider.aws.service = 'SSM'),
      'spec.provider.aws.service',
      'must be one of "SecretsManager", "ParameterStore", "CertificateManager"; got string "SSM"',
    ],
    [
      'SecretStore: int-or-string',
      secretStore,
      (o) => (o.spec.refreshInterval = true),
      'spec.refreshInterval',
      'expected a string or an integer, got true',
    ],
    [
      'SecretStore: namespace syntax',
      secretStore,
      (o) => (o.metadata.namespace = 'Shop'),
      'metadata.namespace',
      '"Shop" is not a DNS-1123 label',
    ],
    [
      'ClusterSecretStore: unknown field names its own CRD',
      clusterSecretStore,
      (o) => (o.spec.provider.aws.regoin = 'x'),
      'spec.provider.aws.regoin',
      '(CRD clustersecretstores.external-secrets.io, external-secrets/external-secrets helm-chart-2.9.0)',
    ],
    [
      'ClusterSecretStore: unknown field',
      clusterSecretStore,
      (o) => (o.spec.conditions[0].namespace = ['monitoring']),
      'spec.conditions[0].namespace',
      '(did you mean "namespaces"?)',
    ],
    [
      'ClusterSecretStore: required field',
      clusterSecretStore,
      (o) => delete o.spec.provider.aws.region,
      'spec.provider.aws.region',
      'required field "region" is missing',
    ],
    [
      'ClusterSecretStore: enum',
      clusterSecretStore,
      (o) => (o.spec.provider.aws.service = 'secretsmanager'),
      'spec.provider.aws.service',
      'must be one of "SecretsManager", "ParameterStore", "CertificateManager"',
    ],
    [
      'ClusterSecretStore: one provider',
      clusterSecretStore,
      (o) => (o.spec.provider.fake = { data: [] }),
      'spec.provider',
      'exactly one field may be set, got 2: "aws", "fake"',
    ],
    [
      'ClusterSecretStore: no provider',
      clusterSecretStore,
      (o) => (o.spec.provider = {}),
      'spec.provider',
      'exactly one field must be set ("akeyless", "aws",',
    ],
    [
      'ClusterSecretStore: condition namespaces',
      clusterSecretStore,
      (o) => (o.spec.conditions[0].namespaces = ['Monitoring']),
      'spec.conditions[0].namespaces[0]',
      'does not match the pattern',
    ],
    [
      'ClusterSecretStore: a value of the wrong type',
      clusterSecretStore,
      (o) => (o.spec.conditions = { namespaces: ['monitoring'] }),
      'spec.conditions',
      'expected an array, got an object',
    ],
    [
      'ClusterSecretStore: null',
      clusterSecretStore,
      (o) => (o.spec.provider.aws.role = null),
      'spec.provider.aws.role',
      'expected a string, got null',
    ],
    [
      'ClusterSecretStore is cluster-scoped',
      clusterSecretStore,
      (o) => (o.metadata.namespace = 'external-secrets'),
      'metadata.namespace',
      'ClusterSecretStore is cluster-scoped',
    ],
  ])('%s', (_name, make, edit, path, fragment) => expectOneProblem(make, edit, path, fragment));

  test('int-or-string, maps and free-form values accept what they should', () => {
    expect(validateKubeObject(broken(secretStore, (o) => (o.spec.refreshInterval = 60)))).toEqual([]);
    expect(
      validateKubeObject(
        broken(
          clusterSecretStore,
          (o) => (o.spec.conditions[0].namespaceSelector = { matchLabels: { 'kubernetes.io/metadata.name': 'shop' } }),
        ),
      ),
    ).toEqual([]);
    expect(
      validateKubeObject(
        broken(externalSecret, (o) => (o.spec.target.template.data = { 'config.json': '{{ .password }}' })),
      ),
    ).toEqual([]);
    expect(
      validateKubeObject(broken(externalSecret, (o) => (o.metadata.annotations = { 'example.com/anything': 'x' }))),
    ).toEqual([]);
  });

  test('an ExternalSecret of a version the tool does not emit names the one it does', () => {
    const object = broken(externalSecret, (o) => (o.apiVersion = 'external-secrets.io/v1beta1'));
    expect(validateKubeObject(object)).toEqual([
      {
        path: 'apiVersion',
        message: 'ExternalSecret is emitted as apiVersion "external-secrets.io/v1", got "external-secrets.io/v1beta1"',
      },
    ]);
  });

  test('validateKubeObjects reports custom resources with their index, kind and name', () => {
    const bad = broken(externalSecret, (o) => (o.spec.target.creationPolicy = 'owner'));
    expect(validateKubeObjects([storageClass(), bad, clusterSecretStore()])).toEqual([
      {
        index: 1,
        kind: 'ExternalSecret',
        name: 'db',
        problems: [{ path: 'spec.target.creationPolicy', message: expect.stringContaining('must be one of') }],
      },
    ]);
  });
});

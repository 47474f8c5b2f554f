import { APPLICATION_HEALTH_LUA, managedArgoCdSettings } from '../../../lib/eks/gitops/argocd-health';
import { ArgoCdHelm, ARGOCD_CHART } from '../../../lib/eks/gitops/argocd-helm';
import { GitOpsEngine } from '../../../lib/eks/gitops/gitops-options';
import {
  ARGOCD_CAPABILITY_NAME,
  ARGOCD_WRITE_RULES,
  ManagedArgoCd,
  accessObjects,
  clusterRegistration,
} from '../../../lib/eks/gitops/managed-argocd';
import { ESTATE_PROJECT } from '../../../lib/gitops/argocd-objects';
import { crdKinds } from '../../../lib/validate/crd-schema';
import { knownKinds } from '../../../lib/validate/kube-fields';
import { validateKubeObjects } from '../../../lib/validate/kubernetes';
import { flatten } from '../helpers';
import { CLUSTER_NAME, Json, build, dependsOn, joined, logicalId, resources, synth } from './fixtures';

const IDC = 'arn:aws:sso:::instance/ssoins-1234567890abcdef';

const managed = (extra: Partial<Parameters<typeof GitOpsEngine.managedArgoCd>[0]> = {}) =>
  GitOpsEngine.managedArgoCd({ identityCenter: { instanceArn: IDC }, ...extra });

describe('GitOpsEngine.managedArgoCd', () => {
  const result = synth(
    build({
      engine: managed({
        identityCenter: { instanceArn: IDC, region: 'eu-west-1' },
        rbac: [{ role: 'ADMIN', identities: [{ id: 'group-1', type: 'SSO_GROUP' }] }],
        vpcEndpointIds: ['vpce-0123'],
      }),
      albController: false,
      externalSecrets: false,
      nag: true,
    }),
  );
  const engine = result.engine as ManagedArgoCd;
  const roleId = logicalId(engine.role);
  const clusterId = logicalId(result.cluster);
  const capabilityId = logicalId(engine.capability);

  test('the capability: type ARGOCD, RETAIN, Identity Center, namespace, RBAC mappings and VPC endpoints', () => {
    result.template.hasResourceProperties('AWS::EKS::Capability', {
      CapabilityName: ARGOCD_CAPABILITY_NAME,
      ClusterName: CLUSTER_NAME,
      Type: 'ARGOCD',
      DeletePropagationPolicy: 'RETAIN',
      RoleArn: { 'Fn::GetAtt': [roleId, 'Arn'] },
      Configuration: {
        ArgoCd: {
          AwsIdc: { IdcInstanceArn: IDC, IdcRegion: 'eu-west-1' },
          Namespace: 'argocd',
          RbacRoleMappings: [{ Role: 'ADMIN', Identities: [{ Id: 'group-1', Type: 'SSO_GROUP' }] }],
          NetworkAccess: { VpceIds: ['vpce-0123'] },
        },
      },
    });
    const [[, capability]] = resources(result.json, 'AWS::EKS::Capability');
    expect(dependsOn(capability)).toEqual(expect.arrayContaining([roleId, clusterId]));
  });

  test('the capability role: trusted by the capabilities service alone (AssumeRole, TagSession), no permissions', () => {
    const role = result.json.Resources[roleId];
    expect(role.Properties.AssumeRolePolicyDocument.Statement).toEqual([
      {
        Effect: 'Allow',
        Principal: { Service: 'capabilities.eks.amazonaws.com' },
        Action: ['sts:AssumeRole', 'sts:TagSession'],
      },
    ]);
    expect(role.Properties.ManagedPolicyArns).toBeUndefined();
    const policies = resources(result.json, 'AWS::IAM::Policy').filter(([, p]) =>
      JSON.stringify(p.Properties.Roles).includes(roleId),
    );
    expect(policies).toEqual([]);
  });

  test('the local cluster is registered by its ARN under in-cluster, after the capability', () => {
    const resource = result.json.Resources[logicalId(engine.registration)];
    const parts = joined(resource.Properties.Manifest);
    expect(parts).toContainEqual({ 'Fn::GetAtt': [clusterId, 'Arn'] });
    const [secret] = JSON.parse(flatten(resource.Properties.Manifest));
    expect(secret).toMatchObject({
      kind: 'Secret',
      metadata: { name: 'cluster-in-cluster', namespace: 'argocd' },
      stringData: { name: 'in-cluster', server: '<token>', project: ESTATE_PROJECT },
    });
    expect(secret.metadata.labels['argocd.argoproj.io/secret-type']).toBe('cluster');
    // The capability authenticates with its role: no bearer token, no config, nothing secret in it.
    expect(Object.keys(secret.stringData).sort()).toEqual(['name', 'project', 'server']);
    expect(dependsOn(resource)).toContain(capabilityId);
  });

  test("RBAC for the access entry's group: read everything, write the estate's kinds, not cluster-admin", () => {
    const resource = result.json.Resources[logicalId(engine.access)];
    expect(joined(resource.Properties.Manifest)).toContainEqual({ 'Fn::GetAtt': [roleId, 'Arn'] });
    const objects = JSON.parse(flatten(resource.Properties.Manifest)) as Json[];
    expect(objects.map((o) => `${o.kind}/${o.metadata.name}`)).toEqual([
      'ClusterRole/marathon-to-eks-argocd-read',
      'ClusterRoleBinding/marathon-to-eks-argocd-read',
      'ClusterRole/marathon-to-eks-argocd-apply',
      'ClusterRoleBinding/marathon-to-eks-argocd-apply',
      'Role/marathon-to-eks-argocd-applications',
      'RoleBinding/marathon-to-eks-argocd-applications',
    ]);
    for (const binding of objects.filter((o) => o.kind.endsWith('Binding'))) {
      expect(binding.subjects).toEqual([
        { kind: 'Group', name: 'eks-access-entry:<token>', apiGroup: 'rbac.authorization.k8s.io' },
      ]);
    }
    const apply = objects[2];
    for (const rule of apply.rules) {
      expect(rule.verbs).not.toContain('*');
      expect(rule.apiGroups).not.toContain('*');
      expect(rule.resources).not.toContain('*');
    }
    // Namespaces are created, never deleted (the layout keeps them: Prune=false,Delete=false).
    expect(apply.rules[0]).toEqual({
      apiGroups: [''],
      resources: ['namespaces'],
      verbs: ['create', 'update', 'patch'],
    });
    expect(objects[4]).toMatchObject({ metadata: { namespace: 'argocd' }, rules: [{ apiGroups: ['argoproj.io'] }] });
    expect(objects[0].rules).toEqual([{ apiGroups: ['*'], resources: ['*'], verbs: ['get', 'list', 'watch'] }]);
    expect(dependsOn(resource)).toContain(capabilityId);
  });

  // lib/validate knows no RBAC kinds (it checks only what the estate emits): the registration Secret is checked.
  test('the registration Secret passes strict validation', () => {
    const secret = clusterRegistration('in-cluster', 'argocd', 'arn:aws:eks:us-east-1:123456789012:cluster/c');
    expect(validateKubeObjects([secret])).toEqual([]);
    const objects = accessObjects('arn:aws:iam::123456789012:role/capability', 'argocd');
    expect(objects[2]).toMatchObject({ kind: 'ClusterRole', rules: ARGOCD_WRITE_RULES });
  });

  test("argocd-cm carries the Application health check, in the capability's namespace, after it", () => {
    const resource = result.json.Resources[logicalId(engine.settings)];
    const [configMap] = JSON.parse(flatten(resource.Properties.Manifest));
    expect(configMap).toMatchObject({
      kind: 'ConfigMap',
      metadata: { name: 'argocd-cm', namespace: 'argocd', labels: { 'app.kubernetes.io/part-of': 'argocd' } },
      data: { 'resource.customizations.health.argoproj.io_Application': APPLICATION_HEALTH_LUA },
    });
    expect(dependsOn(resource)).toContain(capabilityId);
    expect(validateKubeObjects([managedArgoCdSettings('argocd')])).toEqual([]);
  });

  // The platform's own kinds, which CloudFormation applies and Argo CD never syncs.
  const PLATFORM_ONLY = [
    'ClusterSecretStore',
    'EC2NodeClass',
    'NodePool',
    'StorageClass',
    'ValidatingAdmissionPolicy',
    'ValidatingAdmissionPolicyBinding',
  ];
  const plural = (kind: string) => {
    const lower = kind.toLowerCase();
    return lower.endsWith('y') ? `${lower.slice(0, -1)}ies` : lower.endsWith('s') ? `${lower}es` : `${lower}s`;
  };

  test('every kind the tool emits into an estate namespace, Argo CD may write (a new kind fails here first)', () => {
    const objects = accessObjects('arn:aws:iam::123456789012:role/capability', 'argocd') as Json[];
    const rules = [...objects[2].rules, ...objects[4].rules] as Json[];
    const uncovered = [...knownKinds(), ...crdKinds()].filter((key) => {
      const kind = key.slice(key.lastIndexOf('/') + 1);
      const parts = key.split('/');
      const group = parts.length === 3 ? parts[0] : '';
      if (PLATFORM_ONLY.includes(kind)) {
        return false;
      }
      return !rules.some(
        (rule) =>
          rule.apiGroups.includes(group) && rule.resources.includes(plural(kind)) && rule.verbs.includes('create'),
      );
    });
    expect(uncovered).toEqual([]);
  });

  test('ready: the capability, the RBAC, the registration and the settings; names from the options', () => {
    expect(engine).toBeInstanceOf(ManagedArgoCd);
    expect(engine.ready).toEqual([engine.capability, engine.access, engine.registration, engine.settings]);
    expect([engine.namespace, engine.destination]).toEqual(['argocd', 'in-cluster']);
  });

  test('cdk-nag finds nothing unacknowledged', () => {
    const nag = result.report.pluginReports.find((r: Json) => r.pluginName === 'AwsSolutions');
    expect(nag).toBeDefined();
    expect(nag.violations).toEqual([]);
  });

  test('without RBAC mappings or endpoints: none written; Identity Center in the stack region', () => {
    const bare = synth(build({ engine: managed(), albController: false, externalSecrets: false }));
    const [[, capability]] = resources(bare.json, 'AWS::EKS::Capability');
    expect(capability.Properties.Configuration.ArgoCd).toEqual({
      AwsIdc: { IdcInstanceArn: IDC, IdcRegion: 'us-east-1' },
      Namespace: 'argocd',
    });
  });
});

describe('GitOpsEngine.argoCdHelm', () => {
  const result = synth(build({ engine: GitOpsEngine.argoCdHelm(), albController: false, externalSecrets: false }));
  const chartOf = (json: Json) => {
    const found = resources(json, 'Custom::AWSCDK-EKS-HelmChart').filter(([, r]) => r.Properties.Chart === 'argo-cd');
    expect(found).toHaveLength(1);
    return found[0][1];
  };

  test('the argo-cd chart 10.1.1 from argo-helm, release argocd, in namespace argocd which it creates', () => {
    expect(chartOf(result.json).Properties).toMatchObject({
      Chart: 'argo-cd',
      Version: '10.1.1',
      Repository: 'https://argoproj.github.io/argo-helm',
      Release: 'argocd',
      Namespace: 'argocd',
      CreateNamespace: true,
      Wait: true,
    });
    expect(ARGOCD_CHART.version).toBe('10.1.1');
  });

  test('values: CRDs kept, the Application health check, server not exposed, requests, no Dex, no password', () => {
    const values = JSON.parse(chartOf(result.json).Properties.Values);
    expect(values.crds).toEqual({ install: true, keep: true });
    expect(values.configs.cm['resource.customizations.health.argoproj.io_Application']).toBe(APPLICATION_HEALTH_LUA);
    expect(APPLICATION_HEALTH_LUA).toContain('hs.status = obj.status.health.status');
    expect(values.server.service).toEqual({ type: 'ClusterIP' });
    for (const component of ['controller', 'repoServer', 'server', 'redis', 'applicationSet']) {
      expect(values[component].resources.requests).toEqual({ cpu: expect.any(String), memory: expect.any(String) });
    }
    expect(values.dex).toEqual({ enabled: false });
    expect(values.notifications).toEqual({ enabled: false });
    expect(JSON.stringify(values)).not.toMatch(/password|secret/i);
  });

  test('ready is the chart; Argo CD names its own cluster in-cluster and needs no registration', () => {
    const engine = result.engine as ArgoCdHelm;
    expect(engine).toBeInstanceOf(ArgoCdHelm);
    expect(engine.ready).toEqual([engine.chart]);
    expect([engine.namespace, engine.destination]).toEqual(['argocd', 'in-cluster']);
    expect(resources(result.json, 'AWS::EKS::Capability')).toEqual([]);
    const manifests = resources(result.json, 'Custom::AWSCDK-EKS-KubernetesResource');
    expect(manifests.filter(([, r]) => JSON.stringify(r).includes('secret-type'))).toEqual([]);
  });

  test("the caller's chart version and values over ours; its resources are what the capacity plan counts", () => {
    const options = {
      chartVersion: '10.2.0',
      values: { server: { replicas: 2 }, controller: { resources: { requests: { cpu: '1', memory: '2Gi' } } } },
    };
    const custom = synth(
      build({ engine: GitOpsEngine.argoCdHelm(options), albController: false, externalSecrets: false }),
    );
    const chart = chartOf(custom.json);
    expect(chart.Properties.Version).toBe('10.2.0');
    const values = JSON.parse(chart.Properties.Values);
    expect(values.server).toMatchObject({ replicas: 2, service: { type: 'ClusterIP' } });
    expect(values.controller.resources).toEqual({ requests: { cpu: '1', memory: '2Gi' } });
    const pods = ArgoCdHelm.pods(options);
    expect(pods.map((p) => p.name)).toEqual([
      'argocd/argocd-application-controller',
      'argocd/argocd-repo-server',
      'argocd/argocd-server',
      'argocd/argocd-redis',
      'argocd/argocd-applicationset-controller',
    ]);
    expect(pods[0].containers).toEqual([{ requests: { cpu: '1', memory: '2Gi' } }]);
    expect(ArgoCdHelm.pods()[0].containers).toEqual([{ requests: { cpu: '250m', memory: '512Mi' } }]);
  });
});

import {
  GitOpsBootstrap,
  REPOSITORY_SECRET,
  bootstrapProblems,
  repositoryExternalSecret,
} from '../../../lib/eks/gitops/gitops-bootstrap';
import { GitCredentials, GitOpsEngine } from '../../../lib/eks/gitops/gitops-options';
import { ArgoCdHelm } from '../../../lib/eks/gitops/argocd-helm';
import { ManagedArgoCd } from '../../../lib/eks/gitops/managed-argocd';
import { PLATFORM_SECRET_STORE } from '../../../lib/eks/addons/external-secrets';
import { RESOURCES_FINALIZER, bootstrapProject, rootApplication } from '../../../lib/gitops/argocd-objects';
import { validateKubeObjects } from '../../../lib/validate/kubernetes';
import { flatten } from '../helpers';
import { Json, build, dependsOn, logicalId, logicalIds, resources, synth, withoutPruneLabel } from './fixtures';

const REPOSITORY = 'https://git.example.com/platform/estate.git';
const SECRET_NAME = 'marathon-to-eks/git-credentials';
const delivery = {
  repository: REPOSITORY,
  revision: 'main',
  path: 'clusters/prod',
  credentials: GitCredentials.secretsManager(SECRET_NAME),
};

function manifestOf(json: Json, id: string): Json[] {
  return JSON.parse(flatten(json.Resources[id].Properties.Manifest)) as Json[];
}

describe('GitOpsBootstrap with the Helm engine, credentials and the load balancer controller', () => {
  const result = synth(build({ engine: GitOpsEngine.argoCdHelm(), delivery, nag: true }));
  const bootstrap = result.bootstrap as GitOpsBootstrap;
  const engine = result.engine as ArgoCdHelm;
  const layout = { ...delivery, destination: 'in-cluster', namespace: 'argocd' };

  test('the bootstrap project and the root Application, as the layout writes them, with its finalizer', () => {
    const [project] = manifestOf(result.json, logicalId(bootstrap.project));
    expect(withoutPruneLabel(project)).toEqual(bootstrapProject(layout));
    const [root] = manifestOf(result.json, logicalId(bootstrap.root));
    expect(withoutPruneLabel(root)).toEqual(rootApplication(layout));
    expect(root.metadata.finalizers).toEqual([RESOURCES_FINALIZER]);
    expect(root.spec.source).toMatchObject({
      repoURL: REPOSITORY,
      targetRevision: 'main',
      path: 'clusters/prod/argocd',
    });
  });

  test("the repository Secret: an ExternalSecret in Argo CD's namespace through the platform store", () => {
    const objects = manifestOf(result.json, logicalId(bootstrap.repositorySecret!));
    expect(objects.map(withoutPruneLabel)).toEqual([repositoryExternalSecret('argocd', REPOSITORY, SECRET_NAME)]);
    expect(objects[0].spec).toMatchObject({
      secretStoreRef: { kind: 'ClusterSecretStore', name: PLATFORM_SECRET_STORE },
      target: {
        name: REPOSITORY_SECRET,
        template: {
          mergePolicy: 'Merge',
          metadata: { labels: { 'argocd.argoproj.io/secret-type': 'repository' } },
          data: { url: REPOSITORY, type: 'git' },
        },
      },
      dataFrom: [{ extract: { key: SECRET_NAME } }],
    });
    expect(validateKubeObjects([repositoryExternalSecret('argocd', REPOSITORY, SECRET_NAME)])).toEqual([]);
  });

  test('the platform store role may read exactly that secret', () => {
    const platformRoleId = logicalId(result.externalSecrets!.platformRole);
    const policies = resources(result.json, 'AWS::IAM::Policy').filter(([, p]) =>
      JSON.stringify(p.Properties.Roles).includes(platformRoleId),
    );
    expect(policies).toHaveLength(1);
    const statements = policies[0][1].Properties.PolicyDocument.Statement as Json[];
    expect(statements).toEqual([
      {
        Effect: 'Allow',
        Action: ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'],
        Resource: {
          'Fn::Join': [
            '',
            ['arn:', { Ref: 'AWS::Partition' }, `:secretsmanager:us-east-1:123456789012:secret:${SECRET_NAME}-??????`],
          ],
        },
      },
    ]);
  });

  test('no credential can reach the template: the secret name only in the ExternalSecret and the grant', () => {
    const holders = Object.entries(result.json.Resources as Record<string, Json>)
      .filter(([, r]) => JSON.stringify(r).includes(SECRET_NAME))
      .map(([id, r]) => [r.Type, id]);
    expect(holders.sort()).toEqual(
      [
        [
          'AWS::IAM::Policy',
          resources(result.json, 'AWS::IAM::Policy').find(([, p]) => JSON.stringify(p).includes(SECRET_NAME))![0],
        ],
        ['Custom::AWSCDK-EKS-KubernetesResource', logicalId(bootstrap.repositorySecret!)],
      ].sort(),
    );
    expect(result.text).not.toMatch(/sshPrivateKey|githubAppPrivateKey|"password"|"username"/);
    expect(resources(result.json, 'AWS::SecretsManager::Secret')).toEqual([]);
  });

  test('the root Application goes first on destroy: it depends on Argo CD, the project, the secret, the controllers', () => {
    const root = result.json.Resources[logicalId(bootstrap.root)];
    const after = dependsOn(root);
    expect(after).toEqual(
      expect.arrayContaining([
        logicalId(engine.chart),
        logicalId(bootstrap.project),
        logicalId(bootstrap.repositorySecret!),
        logicalId(result.externalSecrets!.chart),
      ]),
    );
    const controller = logicalIds(result.cluster.albController!);
    expect(controller.length).toBeGreaterThan(0);
    expect(after).toEqual(expect.arrayContaining(controller));
    // Nothing depends on the root Application: CloudFormation deletes it before anything else of the bootstrap.
    const dependents = Object.values(result.json.Resources as Record<string, Json>).filter((r) =>
      dependsOn(r).includes(logicalId(bootstrap.root)),
    );
    expect(dependents).toEqual([]);
    expect(dependsOn(result.json.Resources[logicalId(bootstrap.repositorySecret!)])).toEqual(
      expect.arrayContaining([logicalId(engine.chart), logicalId(result.externalSecrets!.store)]),
    );
    expect(dependsOn(result.json.Resources[logicalId(bootstrap.project)])).toContain(logicalId(engine.chart));
  });

  test('cdk-nag finds nothing unacknowledged', () => {
    const nag = result.report.pluginReports.find((r: Json) => r.pluginName === 'AwsSolutions');
    expect(nag).toBeDefined();
    expect(nag.violations).toEqual([]);
  });
});

describe('GitOpsBootstrap with the managed engine', () => {
  const result = synth(
    build({
      engine: GitOpsEngine.managedArgoCd({ identityCenter: { instanceArn: 'arn:aws:sso:::instance/ssoins-1' } }),
      delivery: { repository: REPOSITORY },
      albController: false,
    }),
  );
  const bootstrap = result.bootstrap as GitOpsBootstrap;
  const engine = result.engine as ManagedArgoCd;

  test('the root Application after the capability, its RBAC, settings and the cluster registration', () => {
    expect(dependsOn(result.json.Resources[logicalId(bootstrap.root)])).toEqual(
      expect.arrayContaining([
        logicalId(engine.capability),
        logicalId(engine.access),
        logicalId(engine.registration),
        logicalId(engine.settings),
        logicalId(bootstrap.project),
        logicalId(result.externalSecrets!.chart),
      ]),
    );
  });

  test('a public repository: no repository Secret, no secret grant; destination and namespace from the engine', () => {
    expect(bootstrap.repositorySecret).toBeUndefined();
    const manifests = resources(result.json, 'Custom::AWSCDK-EKS-KubernetesResource').map(([, r]) =>
      flatten(r.Properties.Manifest),
    );
    expect(manifests.filter((m) => m.includes('"secret-type') && m.includes('repository'))).toEqual([]);
    expect(result.text).not.toContain('secretsmanager:GetSecretValue');
    const [root] = manifestOf(result.json, logicalId(bootstrap.root));
    expect(root.spec.destination).toEqual({ name: engine.destination, namespace: engine.namespace });
    expect(root.spec.source.path).toBe('argocd');
  });
});

describe('GitOpsBootstrap validation', () => {
  test('credentials without the External Secrets Operator fail synth, saying what to do', () => {
    const built = build({ engine: GitOpsEngine.argoCdHelm(), delivery, externalSecrets: false, albController: false });
    expect(() => built.app.synth()).toThrow(/credentials need the externalSecrets add-on/);
  });

  test("the source's problems fail synth", () => {
    const built = build({
      engine: GitOpsEngine.argoCdHelm(),
      delivery: { repository: 'https://user:token@git.example.com/estate.git' },
      albController: false,
    });
    expect(() => built.app.synth()).toThrow(/Delivery\.gitOps: repository: the URL carries credentials/);
  });

  test('every problem, each in words a user can act on', () => {
    expect(bootstrapProblems({ repository: REPOSITORY }, false)).toEqual([]);
    expect(bootstrapProblems(delivery, true)).toEqual([]);
    expect(bootstrapProblems({ repository: 'ftp://x', path: '../up' }, true)).toEqual([
      'Delivery.gitOps: repository: "ftp://x" is not an https://, ssh:// or git@host: URL',
      'Delivery.gitOps: path: "../up" must be a folder inside the repository',
    ]);
    expect(bootstrapProblems({ repository: 'https://git.example.com/{{x}}.git' }, true)).toEqual([
      'Delivery.gitOps: repository: a URL with "{{" cannot be templated into the repository Secret',
    ]);
    expect(
      bootstrapProblems({ repository: REPOSITORY, credentials: GitCredentials.secretsManager(' ') }, true),
    ).toEqual(['Delivery.gitOps: credentials: GitCredentials.secretsManager needs a secret name']);
  });
});

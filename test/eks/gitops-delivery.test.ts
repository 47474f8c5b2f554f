import * as path from 'node:path';
import { Stack } from 'aws-cdk-lib';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import * as cdk8s from 'cdk8s';
import { EksEnvironment } from '../../lib/eks/eks-environment';
import { Delivery, GitCredentials, GitOpsEngine } from '../../lib/eks/gitops/gitops-options';
import { loadEstate, loadTexts } from '../../lib/marathon/load/estate';
import { LoadResult } from '../../lib/marathon/load/definition';
import { MarathonWorkload } from '../../lib/workload/marathon-workload';
import { ENV, manifestsOf, offlineApp, synthesize } from './helpers';

const EXAMPLES = path.join(__dirname, '../../examples/estate');
const REPOSITORY = 'https://git.example.com/platform/estate.git';

type Manifest = { kind?: string; apiVersion?: string; metadata?: { name?: string; namespace?: string } };

let estate: LoadResult;
beforeAll(async () => {
  estate = await loadEstate({ paths: [EXAMPLES] });
});

const workloadOf = (id = 'estate', alerts = true) =>
  new MarathonWorkload(new cdk8s.App(), id, { definitions: estate.definitions, groups: estate.groups, alerts });

describe('Delivery.gitOps', () => {
  test('the stacks carry the Namespaces, the Secrets and the Argo CD bootstrap, and no workload manifest', () => {
    const gitOps = Delivery.gitOps({
      repository: REPOSITORY,
      path: 'clusters/prod',
      credentials: GitCredentials.secretsManager('platform/git-deploy-token'),
    });
    const result = synthesize(
      { gitOpsEngine: GitOpsEngine.argoCdHelm(), workloads: [workloadOf()], delivery: gitOps },
      undefined,
      false,
    );
    const manifests = [...result.templates.values()].flatMap((template) => manifestsOf(template).flat()) as Manifest[];
    const kinds = new Set(manifests.map((object) => object.kind));
    // Nothing Argo CD syncs is in a template.
    for (const kind of ['Deployment', 'StatefulSet', 'Service', 'Ingress', 'CronJob', 'PodDisruptionBudget']) {
      expect(kinds.has(kind)).toBe(false);
    }
    // The buckets hold each namespace's SecretStore only: the ExternalSecrets are in Git with the manifests.
    const plan = result.environment.workloadDeliveries[0].plan;
    const bucketKinds = new Set(plan.buckets.flatMap((bucket) => bucket.objects.map((object) => object.kind)));
    expect([...bucketKinds]).toEqual(['SecretStore']);
    expect(manifests.filter((object) => object.kind === 'Namespace').length).toBeGreaterThan(0);
    const root = manifests.find((object) => object.kind === 'Application') as
      { spec: { source: { repoURL: string; path: string } } } | undefined;
    expect(root?.spec.source).toMatchObject({ repoURL: REPOSITORY, path: 'clusters/prod/argocd' });
    expect(manifests.filter((object) => object.kind === 'AppProject').map((o) => o.metadata?.name)).toEqual([
      'marathon-to-eks-bootstrap',
    ]);
    // At most the environment's stack and one stack of Secrets.
    expect(result.templates.size).toBeLessThanOrEqual(2);
  });

  test('no bucket of a GitOps delivery prunes or deletes what it applied', () => {
    const result = synthesize(
      {
        gitOpsEngine: GitOpsEngine.argoCdHelm(),
        workloads: [workloadOf()],
        delivery: Delivery.gitOps({
          repository: REPOSITORY,
          credentials: GitCredentials.secretsManager('platform/git-deploy-token'),
        }),
      },
      undefined,
      false,
    );
    const buckets = [...result.templates.values()].flatMap((template) =>
      Object.entries(template.findResources('Custom::AWSCDK-EKS-KubernetesResource')).filter(([id]) =>
        id.startsWith('Bucket'),
      ),
    );
    expect(buckets.length).toBeGreaterThan(0);
    for (const [, bucket] of buckets) {
      expect(bucket.DeletionPolicy).toBe('Retain');
      expect(bucket.Properties.PruneLabel).toBeUndefined();
    }
    const warnings = Annotations.fromStack(result.stack).findWarning('*', Match.stringLikeRegexp('gitOpsHandoff'));
    expect(warnings).toHaveLength(1);
  });

  test('a handoff keeps every bucket with its workloads, unpruned and retained, beside the Argo CD bootstrap', () => {
    const handoff = synthesize(
      {
        gitOpsEngine: GitOpsEngine.argoCdHelm(),
        workloads: [workloadOf()],
        delivery: Delivery.gitOps({ repository: REPOSITORY, handoff: true }),
      },
      undefined,
      false,
    );
    const before = synthesize({ workloads: [workloadOf()] }, undefined, false);
    const bucketsOf = (result: typeof before) =>
      [...result.templates.values()].flatMap((template) =>
        Object.entries(template.findResources('Custom::AWSCDK-EKS-KubernetesResource')).filter(([id]) =>
          id.startsWith('Bucket'),
        ),
      );
    // The same buckets, by logical id, as CloudFormation delivery has: none leaves the template in this deploy.
    expect(
      bucketsOf(handoff)
        .map(([id]) => id)
        .sort(),
    ).toEqual(
      bucketsOf(before)
        .map(([id]) => id)
        .sort(),
    );
    for (const [, bucket] of bucketsOf(handoff)) {
      expect(bucket.DeletionPolicy).toBe('Retain');
      expect(bucket.Properties.PruneLabel).toBeUndefined();
    }
    const kinds = new Set(
      [...handoff.templates.values()]
        .flatMap((template) => manifestsOf(template).flat() as Manifest[])
        .map((o) => o.kind),
    );
    expect(kinds.has('Deployment')).toBe(true);
    expect(kinds.has('Application')).toBe(true);
    expect(Annotations.fromStack(handoff.stack).findWarning('*', Match.stringLikeRegexp('gitOpsHandoff'))).toEqual([]);
  });

  test('the load balancer controller warning still reads the workloads Argo CD applies', () => {
    const result = synthesize(
      {
        gitOpsEngine: GitOpsEngine.argoCdHelm(),
        addons: { loadBalancerController: false },
        workloads: [workloadOf()],
        delivery: Delivery.gitOps({ repository: REPOSITORY }),
      },
      undefined,
      false,
    );
    expect(
      Annotations.fromStack(result.stack).findWarning('*', Match.stringLikeRegexp('noLoadBalancerController')),
    ).toHaveLength(1);
  });

  test('a GitOps delivery without an engine fails synth and names the way out', () => {
    const app = offlineApp();
    const stack = new Stack(app, 'Platform', { env: ENV });
    const environment = new EksEnvironment(stack, 'Eks');
    environment.addWorkload(workloadOf(), { delivery: Delivery.gitOps({ repository: REPOSITORY }) });
    expect(() => app.synth()).toThrow(/Delivery\.gitOps needs Argo CD on the environment: set gitOpsEngine/);
  });

  test('two estates from different repositories on one environment fail synth', () => {
    const app = offlineApp();
    const stack = new Stack(app, 'Platform', { env: ENV });
    const environment = new EksEnvironment(stack, 'Eks', { gitOpsEngine: GitOpsEngine.argoCdHelm() });
    environment.addWorkload(workloadOf('wave1'), { delivery: Delivery.gitOps({ repository: REPOSITORY }) });
    environment.addWorkload(workloadOf('wave2'), {
      delivery: Delivery.gitOps({ repository: 'https://git.example.com/other.git' }),
    });
    expect(() => app.synth()).toThrow(/an environment syncs one repository folder/);
  });

  test('two estates from the same repository folder share one bootstrap', () => {
    const app = offlineApp();
    const stack = new Stack(app, 'Platform', { env: ENV });
    // Without External Secrets: each namespace's SecretStore belongs to one estate, and these two share namespaces.
    const environment = new EksEnvironment(stack, 'Eks', {
      gitOpsEngine: GitOpsEngine.argoCdHelm(),
      addons: { externalSecrets: false, monitoring: false },
    });
    const gitOps = Delivery.gitOps({ repository: REPOSITORY, revision: 'main' });
    environment.addWorkload(workloadOf('wave1', false), { delivery: gitOps });
    environment.addWorkload(workloadOf('wave2', false), { delivery: gitOps });
    const assembly = app.synth();
    expect(assembly.stacks.length).toBeGreaterThan(0);
    expect(environment.node.findAll().filter((c) => c.node.id === 'GitOps').length).toBe(1);
  });

  test("the managed engine warns of a namespace past the capability's 150 objects per Application", () => {
    const app = offlineApp();
    const stack = new Stack(app, 'Platform', { env: ENV });
    const environment = new EksEnvironment(stack, 'Eks', {
      gitOpsEngine: GitOpsEngine.managedArgoCd({
        identityCenter: { instanceArn: 'arn:aws:sso:::instance/ssoins-1234567890abcdef' },
      }),
    });
    const apps = Array.from({ length: 80 }, (_, i) => ({
      id: `/big/app-${i}`,
      cmd: 'sleep 1000',
      cpus: 0.1,
      mem: 64,
      container: { type: 'DOCKER', docker: { image: 'nginx:1.27' } },
      portDefinitions: [{ port: 0, name: 'http' }],
    }));
    const big = loadTexts([{ source: 'big.json', text: JSON.stringify(apps), discovered: false }]);
    environment.addWorkload(
      new MarathonWorkload(new cdk8s.App(), 'big', { definitions: big.definitions, groups: big.groups }),
      { delivery: Delivery.gitOps({ repository: REPOSITORY }) },
    );
    const warnings = Annotations.fromStack(stack).findWarning('*', Match.stringLikeRegexp('argoCdCapabilityLimit'));
    expect(warnings.map((w) => String(w.entry.data))).toEqual([
      expect.stringMatching(
        /^big: namespace big has \d+ objects, and the EKS Argo CD capability manages at most 150 per Application/,
      ),
    ]);
    // Argo CD from its chart has no such limit.
    const helm = new EksEnvironment(new Stack(app, 'Other', { env: ENV }), 'Eks', {
      gitOpsEngine: GitOpsEngine.argoCdHelm(),
    });
    helm.addWorkload(
      new MarathonWorkload(new cdk8s.App(), 'big', { definitions: big.definitions, groups: big.groups }),
      {
        delivery: Delivery.gitOps({ repository: REPOSITORY }),
      },
    );
    expect(
      Annotations.fromStack(helm.node.scope as Stack).findWarning('*', Match.stringLikeRegexp('argoCdCapabilityLimit')),
    ).toEqual([]);
  });
});

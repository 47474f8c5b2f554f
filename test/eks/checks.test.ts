import { Stack, Validations } from 'aws-cdk-lib';
import * as eks from 'aws-cdk-lib/aws-eks-v2';
import { clusterFindings } from '../../lib/eks/checks';
import { ClusterEndpoint } from '../../lib/eks/cluster-endpoint';
import { EksEnvironment } from '../../lib/eks/eks-environment';
import { ENV, offlineApp } from './helpers';

describe('our synth-time EKS checks (cdk-nag misses aws-eks-v2 clusters)', () => {
  test('rules on the synthesized cluster: open endpoint, missing logs, unencrypted Secrets', () => {
    const secure = {
      ResourcesVpcConfig: { EndpointPublicAccess: true, PublicAccessCidrs: ['203.0.113.0/24'] },
      Logging: {
        ClusterLogging: {
          EnabledTypes: ['api', 'audit', 'authenticator', 'controllerManager', 'scheduler'].map((Type) => ({ Type })),
        },
      },
      EncryptionConfig: [{ Provider: { KeyArn: 'arn:aws:kms:us-east-1:1:key/x' }, Resources: ['secrets'] }],
    };
    expect(clusterFindings(secure)).toEqual([]);
    expect(clusterFindings({ ...secure, ResourcesVpcConfig: { EndpointPublicAccess: false } })).toEqual([]);
    const rules = (properties: Record<string, unknown>) => clusterFindings(properties).map((f) => f.ruleName);
    // CloudFormation's defaults: public, from anywhere.
    expect(rules({ ...secure, ResourcesVpcConfig: {} })).toEqual(['M2E-EKS1']);
    expect(rules({ ...secure, ResourcesVpcConfig: { PublicAccessCidrs: ['10.0.0.0/8', '0.0.0.0/0'] } })).toEqual([
      'M2E-EKS1',
    ]);
    expect(
      clusterFindings({ ...secure, Logging: { ClusterLogging: { EnabledTypes: [{ Type: 'api' }] } } })[0].description,
    ).toBe('Control-plane logging is off for audit, authenticator, controllerManager, scheduler');
    expect(rules({ ...secure, EncryptionConfig: undefined })).toEqual(['M2E-EKS3']);
    expect(rules({})).toEqual(['M2E-EKS1', 'M2E-EKS2', 'M2E-EKS3']);
  });

  test('synth fails on any aws-eks-v2 cluster open to the internet, naming the construct and the fix; an acknowledgement with a reason passes', () => {
    const build = (acknowledged: boolean) => {
      const app = offlineApp();
      const stack = new Stack(app, 'Open', { env: ENV });
      const environment = new EksEnvironment(stack, 'Eks', {
        endpoint: ClusterEndpoint.openToTheWorld(),
        addons: {
          monitoring: false,
          externalSecrets: false,
          clusterAutoscaler: false,
          metricsServer: false,
          ebsCsi: false,
          loadBalancerController: false,
        },
      });
      if (acknowledged) {
        Validations.of(environment.cluster).acknowledge({
          id: 'marathon-to-eks::M2E-EKS1',
          reason: 'a short-lived demo cluster',
        });
      }
      return app;
    };
    expect(() => build(false).synth()).toThrow(
      /ERROR The cluster API endpoint is reachable from the whole internet \(marathon-to-eks\)\s+Open\/Eks\/Cluster\/Resource[\s\S]*Acknowledge with 'marathon-to-eks::M2E-EKS1'/,
    );
    expect(() => build(true).synth()).not.toThrow();
  });

  test('it also guards clusters built without EksEnvironment once registered', () => {
    const app = offlineApp();
    const stack = new Stack(app, 'Plain', { env: ENV });
    new EksEnvironment(stack, 'Eks', {
      addons: {
        monitoring: false,
        externalSecrets: false,
        clusterAutoscaler: false,
        metricsServer: false,
        ebsCsi: false,
        loadBalancerController: false,
      },
    });
    new eks.Cluster(stack, 'Other', {
      version: eks.KubernetesVersion.V1_36,
      defaultCapacityType: eks.DefaultCapacityType.NODEGROUP,
      defaultCapacity: 0,
    });
    expect(() => app.synth()).toThrow(/Plain\/Other\/Resource[\s\S]*M2E-EKS1[\s\S]*M2E-EKS2[\s\S]*M2E-EKS3/);
  });

  test('endpoints: publicFrom refuses 0.0.0.0/0 and non-CIDRs', () => {
    expect(() => ClusterEndpoint.publicFrom('0.0.0.0/0')).toThrow(
      'opens the API to the whole internet; use ClusterEndpoint.openToTheWorld() and acknowledge marathon-to-eks::M2E-EKS1 if that is really meant',
    );
    expect(() => ClusterEndpoint.publicFrom('office')).toThrow('"office" is not a CIDR block');
    expect(() => ClusterEndpoint.publicFrom()).toThrow('needs at least one CIDR block');
    expect(ClusterEndpoint.publicFrom('203.0.113.0/24').description).toBe('public from 203.0.113.0/24');
  });
});

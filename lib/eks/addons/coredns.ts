import * as eks from 'aws-cdk-lib/aws-eks-v2';
import { Construct } from 'constructs';
import { ContainerResources, EksAddonOptions, PlatformPods, mergeValues } from './addon-options';
import { managedAddon } from './eks-addon';

/** What a caller can set of CoreDNS as an EKS add-on. */
export type CoreDnsOptions = EksAddonOptions;

/** A DNS zone CoreDNS forwards to other name servers instead of resolving it itself. */
export interface ForwardZone {
  /** The zone, a valid DNS name without the trailing dot, e.g. `mesos`. */
  readonly zone: string;
  /** Where its queries go: IPv4 addresses, with `:port` unless it is 53, e.g. `10.0.1.10`, `10.0.1.11:8053`. */
  readonly servers: readonly string[];
}

export interface CoreDnsProps extends CoreDnsOptions {
  /** The cluster whose CoreDNS the add-on takes over. */
  readonly cluster: eks.Cluster;
  /** The cluster's Kubernetes version (`1.36`): picks the pinned add-on version. */
  readonly kubernetesVersion: string;
  /**
   * Zones forwarded to other name servers, each in its own server block next to the default one. Without any, the
   * add-on keeps EKS's default Corefile (no `corefile` is configured).
   * @default none
   */
  readonly forwardZones?: readonly ForwardZone[];
}

/**
 * The server block EKS's own CoreDNS serves, kept byte for byte: the Corefile in the `coredns` ConfigMap EKS creates
 * on Kubernetes 1.33 to 1.36 (eksctl-io/eksctl 99984adb, pkg/addons/default/assets/coredns-1.33.json … coredns-1.36.json,
 * dumped from new clusters by build/updates/dump-coredns-manifests.sh). The add-on's readiness probe calls `/ready`, so
 * `ready` must stay (EKS user guide, awsdocs/amazon-eks-user-guide 4d52b4d0, eks-networking-add-ons.adoc, "If you use a
 * custom Corefile, you must add the ready plugin").
 */
export const DEFAULT_SERVER_BLOCK = `.:53 {
    errors
    health {
        lameduck 5s
      }
    ready
    kubernetes cluster.local in-addr.arpa ip6.arpa {
      pods insecure
      fallthrough in-addr.arpa ip6.arpa
    }
    prometheus :9153
    forward . /etc/resolv.conf
    cache 30
    loop
    reload
    loadbalance
}
`;

/**
 * The whole Corefile: EKS's default block, then one block per forwarded zone, in the order given (the caller sorts
 * them). A zone gets its own server block, so its answers are cached apart and nothing of the cluster's zones changes;
 * CoreDNS sends a query to the block of the most specific zone that matches it. `forward . <servers>` is the forward
 * plugin's basic form (coredns/coredns plugin/forward/README.md, identical at v1.12.1, v1.12.3 and v1.13.2, the
 * versions the add-on builds pin): FROM `.` is relative to the block's zone, TO is `ip[:port]`, 15 at most.
 */
export function corefile(forwardZones: readonly ForwardZone[]): string {
  const blocks = forwardZones.map(
    ({ zone, servers }) => `${zone}:53 {\n    errors\n    cache 30\n    forward . ${servers.join(' ')}\n}\n`,
  );
  return [DEFAULT_SERVER_BLOCK, ...blocks].join('');
}

/** Two replicas requesting 100m CPU and 70Mi each, as EKS runs CoreDNS (eksctl 99984adb, coredns-1.36.json). */
const DEFAULT_REPLICAS = 2;
const DEFAULT_RESOURCES: ContainerResources = { requests: { cpu: '100m', memory: '70Mi' } };

/**
 * CoreDNS as the EKS `coredns` add-on, taking over the self-managed CoreDNS every cluster starts with
 * (`bootstrapSelfManagedAddons`), so its Corefile can forward zones, such as DC/OS's, to other name servers.
 */
export class CoreDns extends Construct {
  /**
   * Its pods, which EKS runs whether or not the add-on is managed: two replicas of 100m / 70Mi, or the `replicaCount`
   * and `resources` of the add-on's configuration values (its schema names both: cdk-eks-blueprints docs/addons/coredns.md,
   * 7f2ca133, `describe-addon-configuration` of v1.10.1-eksbuild.1).
   */
  static pods(options: CoreDnsOptions = {}): PlatformPods[] {
    const configured = options.configurationValues ?? {};
    const replicas = configured.replicaCount;
    const resources = configured.resources;
    return [
      {
        name: 'kube-system/coredns',
        replicas:
          typeof replicas === 'number' && Number.isInteger(replicas) && replicas > 0 ? replicas : DEFAULT_REPLICAS,
        containers: [isObject(resources) ? (resources as ContainerResources) : DEFAULT_RESOURCES],
      },
    ];
  }

  readonly addon: eks.Addon;
  /** The Corefile configured, when zones are forwarded. */
  readonly corefile?: string;

  constructor(scope: Construct, id: string, props: CoreDnsProps) {
    super(scope, id);
    const zones = props.forwardZones ?? [];
    this.corefile = zones.length > 0 ? corefile(zones) : undefined;
    // `corefile` is the add-on's key for the whole Corefile ("Entire corefile contents to use with installation",
    // cdk-eks-blueprints docs/addons/coredns.md 7f2ca133, quoting describe-addon-configuration).
    const configurationValues =
      this.corefile !== undefined
        ? mergeValues({ corefile: this.corefile }, props.configurationValues)
        : props.configurationValues;
    this.addon = managedAddon(this, 'Addon', {
      ...props,
      addonName: 'coredns',
      ...(configurationValues ? { configurationValues } : {}),
    });
    const resource = this.addon.node.defaultChild as eks.CfnAddon;
    // aws-eks-v2's Addon (aws-cdk-lib 2.276.0, lib/addon.d.ts) has no resolveConflicts, hence the L1 property. The
    // cluster already runs a self-managed CoreDNS; OVERWRITE lets the add-on take over its objects instead of failing
    // on the fields that differ (EKS user guide, eks-networking-add-ons.adoc: "add --resolve-conflicts OVERWRITE").
    resource.resolveConflicts = 'OVERWRITE';
    // Removing the add-on (or the `dcos` prop) must not remove the cluster's DNS: EKS then stops managing CoreDNS and
    // leaves it running, with the last Corefile.
    resource.preserveOnDelete = true;
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

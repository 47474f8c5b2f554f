import * as fs from 'node:fs';
import * as path from 'node:path';
import { Annotations } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { packageRoot } from '../../util/package-root';

/**
 * The versions the environment pins for each Kubernetes minor, so a deploy installs what was checked, not what EKS or
 * a chart defaults to that day: the EKS add-ons and the Cluster Autoscaler image (its minor must match the cluster's,
 * cluster-autoscaler FAQ). Where each version was read is in data/eks-addons/SOURCES.md.
 */
export const ADDON_VERSIONS_FILE = 'data/eks-addons/versions.json';

/** What is pinned: EKS add-ons by their add-on name, images by their project. */
export type PinnedComponent =
  'aws-ebs-csi-driver' | 'metrics-server' | 'eks-pod-identity-agent' | 'coredns' | 'cluster-autoscaler';

interface VersionsFile {
  readonly components: Readonly<Record<PinnedComponent, Readonly<Record<string, string>>>>;
}

let cached: VersionsFile | undefined;

function versionsFile(): VersionsFile {
  cached ??= JSON.parse(
    fs.readFileSync(path.join(packageRoot(ADDON_VERSIONS_FILE), ADDON_VERSIONS_FILE), 'utf8'),
  ) as VersionsFile;
  return cached;
}

/** The pinned version of a component for a Kubernetes version (`1.36`), or undefined when none is pinned. */
export function pinnedVersion(component: PinnedComponent, kubernetesVersion: string): string | undefined {
  const minor = /^(\d+\.\d+)/.exec(kubernetesVersion)?.[1];
  return minor === undefined ? undefined : versionsFile().components[component]?.[minor];
}

/** Every pinned version: component → Kubernetes minor → version (the README's table). */
export function pinnedVersions(): VersionsFile['components'] {
  return versionsFile().components;
}

/** The context key (cdk.json or `-c`) that pins versions for a deployment: `{ "aws-ebs-csi-driver": "v1.2.3-eksbuild.1", … }`. */
export const ADDON_VERSIONS_CONTEXT = 'marathon-to-eks:addonVersions';

/**
 * The version of a component to install: the explicit one, else the context's, else the data file's for the
 * cluster's minor. With none, synth warns (`marathon-to-eks:unpinnedAddon`) and the caller leaves the version out.
 */
export function resolveVersion(
  scope: IConstruct,
  component: PinnedComponent,
  kubernetesVersion: string,
  explicit: string | undefined,
): string | undefined {
  if (explicit !== undefined) {
    return explicit;
  }
  const context = scope.node.tryGetContext(ADDON_VERSIONS_CONTEXT) as unknown;
  const fromContext = contextVersions(context)[component];
  if (fromContext !== undefined) {
    return fromContext;
  }
  const pinned = pinnedVersion(component, kubernetesVersion);
  if (pinned === undefined) {
    Annotations.of(scope).addWarningV2(
      'marathon-to-eks:unpinnedAddon',
      `no version of ${component} is pinned for Kubernetes ${kubernetesVersion} (${ADDON_VERSIONS_FILE}): each deploy gets the default of the day. Pin it in the add-on's props or in the context key ${ADDON_VERSIONS_CONTEXT} (data/eks-addons/SOURCES.md shows how to look it up)`,
    );
  }
  return pinned;
}

/** The context value, as an object or its JSON text (`-c key={"…":"…"}`); anything else pins nothing. */
function contextVersions(value: unknown): Partial<Record<PinnedComponent, string>> {
  let parsed = value;
  if (typeof value === 'string') {
    try {
      parsed = JSON.parse(value) as unknown;
    } catch {
      throw new Error(
        `the context key ${ADDON_VERSIONS_CONTEXT} must be a JSON object of add-on versions, got ${JSON.stringify(value.slice(0, 80))}`,
      );
    }
  }
  if (parsed === undefined || parsed === null) {
    return {};
  }
  if (
    typeof parsed !== 'object' ||
    Array.isArray(parsed) ||
    Object.values(parsed).some((version) => typeof version !== 'string')
  ) {
    throw new Error(`the context key ${ADDON_VERSIONS_CONTEXT} must map add-on names to version strings`);
  }
  return parsed as Partial<Record<PinnedComponent, string>>;
}

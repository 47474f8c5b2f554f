import { JsonPath } from '../util/json-path';
import { DefinitionScope } from './scope';

/** What rewriting one text did. */
export interface Rewrite {
  readonly text: string;
  readonly rewritten: readonly string[];
  readonly unresolved: readonly string[];
  /** Names of workloads of the estate that stay on DC/OS in this run: kept, and resolved by DC/OS meanwhile. */
  readonly onDcos: readonly string[];
  /** Names of workloads left on DC/OS that nothing outside DC/OS can reach (VIPs, container IPs): kept as written. */
  readonly unreachable: readonly string[];
}

// VIP addresses (11.0.0.0/8) are balanced by IPVS on each DC/OS node, and container IPs live on DC/OS's overlay
// (9.0.0.0/8): neither is routed outside DC/OS (docs/dcos-coexistence.md, "What resolves but cannot be reached").
const UNREACHABLE_FROM_OUTSIDE = /\.(?:l4lb|containerip\.dcos)\.thisdcos\.directory(?::\d+)?$/i;

/** True for a DC/OS name (`host` or `host:port`) whose addresses nothing outside DC/OS can reach. */
export function answersOnlyInsideDcos(name: string): boolean {
  return UNREACHABLE_FROM_OUTSIDE.test(name);
}

// Host names of DC/OS's service discovery: Mesos-DNS (`*.mesos`) and the DC/OS DNS/VIP zone (`*.thisdcos.directory`).
export const DCOS_HOST =
  /(?<![A-Za-z0-9_.-])[A-Za-z0-9_][A-Za-z0-9_.-]*\.(?:mesos|thisdcos\.directory)(?![A-Za-z0-9-])/g;

/**
 * Rewrites the Mesos-DNS and VIP names in `text` that refer to services of this estate into their Kubernetes
 * Service names (`api-shop.marathon.mesos` → `api.shop.svc.cluster.local`). Names it cannot resolve are returned
 * so the report can list them; they are left as written.
 */
export function rewriteServiceNames(scope: DefinitionScope, text: string): Rewrite {
  if (!text.includes('.mesos') && !text.includes('thisdcos.directory')) {
    return { text, rewritten: [], unresolved: [], onDcos: [], unreachable: [] };
  }
  const { discovery } = scope.estate;
  const rewritten: string[] = [];
  const unresolved: string[] = [];
  const onDcos: string[] = [];
  const unreachable: string[] = [];
  const result = text.replace(DCOS_HOST, (host) => {
    // Mesos-DNS SRV records read `_<task>._tcp.marathon.mesos` for the task's `<task>.marathon.mesos`.
    const srv = /^_([^.]+)\._(tcp|udp)\.(.+)$/i.exec(host);
    const target = discovery.get((srv ? `${srv[1]}.${srv[3]}` : host).toLowerCase());
    if (!target) {
      unresolved.push(host);
      return host;
    }
    // A migration in waves: the name is rewritten in the run that moves everything answering to it. Until then
    // DC/OS keeps answering (CoreDNS forwards the DC/OS zones to Mesos-DNS), where DC/OS can be reached at all; a
    // VIP half moved keeps its DC/OS name, whose members on EKS answer through their forwarders' VIP labels.
    if (!target.answeredBy.every((id) => scope.estate.isSelectedId(id))) {
      if (answersOnlyInsideDcos(srv ? srv[3] : host)) {
        unreachable.push(
          `${host} (${target.what}) answers only inside DC/OS: move it in the same wave (waves --pin) or call it by its Mesos-DNS name`,
        );
      } else {
        onDcos.push(`${host} resolves to DC/OS until ${target.what} migrates`);
      }
      return host;
    }
    const replacement = srv ? `_${target.srvPortName ?? 'port0'}._${srv[2].toLowerCase()}.${target.host}` : target.host;
    rewritten.push(`${host} → ${replacement} (${target.what})`);
    return replacement;
  });
  return { text: result, rewritten, unresolved, onDcos, unreachable };
}

/** A report note for a rewritten text, or undefined when nothing in it was a DC/OS name. */
function rewriteNote(rewrite: Rewrite): { status: 'approximated' | 'unsupported'; note: string } | undefined {
  const parts: string[] = [];
  if (rewrite.rewritten.length > 0) {
    parts.push(`service names rewritten: ${rewrite.rewritten.join('; ')}`);
  }
  if (rewrite.onDcos.length > 0) {
    parts.push(
      `kept as written: ${rewrite.onDcos.join('; ')} (EksEnvironment dcos forwards the DC/OS zones to Mesos-DNS)`,
    );
  }
  if (rewrite.unreachable.length > 0) {
    parts.push(`kept as written, but unreachable from EKS while it stays on DC/OS: ${rewrite.unreachable.join('; ')}`);
  }
  if (rewrite.unresolved.length > 0) {
    parts.push(
      `DC/OS names with no Kubernetes equivalent in this estate (left as written; fix by hand): ${rewrite.unresolved.join(', ')}`,
    );
  }
  if (parts.length === 0) {
    return undefined;
  }
  const unsupported = rewrite.unresolved.length > 0 || rewrite.unreachable.length > 0;
  return { status: unsupported ? 'unsupported' : 'approximated', note: parts.join('. ') };
}

/** Records a rewrite of the text at `path`, or `translated` with `otherwise` when the text had no DC/OS names. */
export function noteRewrite(scope: DefinitionScope, path: JsonPath, rewrite: Rewrite, otherwise: string): void {
  const note = rewriteNote(rewrite);
  if (!note) {
    scope.notes.translated(path, otherwise);
  } else if (note.status === 'unsupported') {
    scope.notes.unsupported(path, `${otherwise}; ${note.note}`);
  } else {
    scope.notes.approximated(path, `${otherwise}; ${note.note}`);
  }
}

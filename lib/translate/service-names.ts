import { JsonPath } from '../util/json-path';
import { DefinitionScope } from './scope';

/** What rewriting one text did. */
export interface Rewrite {
  readonly text: string;
  readonly rewritten: readonly string[];
  readonly unresolved: readonly string[];
  /** Names of workloads of the estate that stay on DC/OS in this run: kept, and resolved by DC/OS meanwhile. */
  readonly onDcos: readonly string[];
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
    return { text, rewritten: [], unresolved: [], onDcos: [] };
  }
  const { discovery } = scope.estate;
  const rewritten: string[] = [];
  const unresolved: string[] = [];
  const onDcos: string[] = [];
  const result = text.replace(DCOS_HOST, (host) => {
    // Mesos-DNS SRV records read `_<task>._tcp.marathon.mesos` for the task's `<task>.marathon.mesos`.
    const srv = /^_([^.]+)\._(tcp|udp)\.(.+)$/.exec(host);
    const target = discovery.get((srv ? `${srv[1]}.${srv[3]}` : host).toLowerCase());
    if (!target) {
      unresolved.push(host);
      return host;
    }
    // A migration in waves: what answers to the name has not moved yet, so DC/OS keeps answering (CoreDNS forwards
    // the DC/OS zones to Mesos-DNS); the name is rewritten in the run that moves it.
    if (!target.answeredBy.some((id) => scope.estate.isSelectedId(id))) {
      onDcos.push(`${host} resolves to DC/OS until ${target.what} migrates`);
      return host;
    }
    const replacement = srv ? `_${target.srvPortName ?? 'port0'}._${srv[2]}.${target.host}` : target.host;
    rewritten.push(`${host} → ${replacement} (${target.what})`);
    return replacement;
  });
  return { text: result, rewritten, unresolved, onDcos };
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
  if (rewrite.unresolved.length > 0) {
    parts.push(
      `DC/OS names with no Kubernetes equivalent in this estate (left as written; fix by hand): ${rewrite.unresolved.join(', ')}`,
    );
  }
  if (parts.length === 0) {
    return undefined;
  }
  return { status: rewrite.unresolved.length > 0 ? 'unsupported' : 'approximated', note: parts.join('. ') };
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

import { z } from 'zod';
import { Diagnostic } from '../diagnostics';
import { JsonPath, formatPath, valueAt } from '../../util/json-path';
import { normalizeApp } from '../normalize/app';
import { NormalizeContext } from '../normalize/context';
import { normalizeJob } from '../normalize/job';
import { normalizePod } from '../normalize/pod';
import { MarathonApp } from '../model/app';
import { MetronomeJob } from '../model/job';
import { MarathonPod } from '../model/pod';
import { withoutNullMembers } from '../nulls';
import { canonicalPath, isChildOf, pathIdProblem, serviceIdProblem } from '../path-id';
import { Provenance } from '../provenance';
import { AppInput, appSchema } from '../schema/app';
import { GroupInput, groupSchema } from '../schema/group';
import { JobInput, jobSchema } from '../schema/job';
import { PodInput, podSchema, podStatusWrapperSchema } from '../schema/pod';
import { SourceDocument } from '../source-text';
import { appFindings, legacyAppFindings } from '../validate/app-rules';
import { describeValue } from '../../util/describe';
import { Finding, error } from '../validate/finding';
import { jobFindings, rawJobFindings } from '../validate/job-rules';
import { podFindings, rawPodFindings } from '../validate/pod-rules';
import { checkSchema } from '../validate/schema-issues';
import { Candidate, podCandidate, splitDocument } from './detect';
import { Definition, DefinitionFields, GroupDefinition, RejectedDefinition } from './definition';

/** What one document contributed. */
export interface CompiledDocument {
  readonly definitions: Definition[];
  readonly groups: GroupDefinition[];
  readonly rejected: RejectedDefinition[];
  readonly diagnostics: Diagnostic[];
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

/**
 * Validates and normalizes every definition in a parsed document. One bad definition never stops the others:
 * each is compiled on its own and either becomes a {@link Definition} or a {@link RejectedDefinition} with errors.
 */
export function compileDocument(document: SourceDocument): CompiledDocument {
  const compiler = new DocumentCompiler(document);
  const { candidates, misfits } = splitDocument(document.value);
  for (const misfit of misfits) {
    compiler.reject(
      { kind: 'unknown', source: document.source, pointer: misfit.pointer },
      [
        error(
          [],
          'invalid-type',
          `expected a JSON object (a Marathon app, pod or group, or a Metronome job), got ${describeValue(misfit.value)}`,
        ),
      ],
      misfit.pointer,
    );
  }
  for (const candidate of candidates) {
    compiler.compile(candidate, undefined);
  }
  return withLocations(compiler.output, document);
}

/** Adds line and column to errors and warnings, locating them all in one pass over the text. */
function withLocations(output: CompiledDocument, document: SourceDocument): CompiledDocument {
  const needing = output.diagnostics.filter((d) => d.severity !== 'info');
  if (needing.length === 0) {
    return output;
  }
  const positions = document.locateAll(needing.map((d) => d.path));
  const located = new Map(needing.map((d, i) => [d, { ...d, ...positions[i] }]));
  const locate = (d: Diagnostic) => located.get(d) ?? d;
  return {
    ...output,
    diagnostics: output.diagnostics.map(locate),
    definitions: output.definitions.map((definition) => ({ ...definition, notes: definition.notes.map(locate) })),
  };
}

/** What differs between apps, pods and jobs on their shared path through `compileService`. */
interface ServiceCompiler<I, S> {
  /** The schema of what the user wrote. */
  readonly schema: z.ZodType;
  /** Rules on the input as written. */
  readonly rawRules: (input: I) => Finding[];
  /** The input → the normalized definition, in its enclosing group (`/` outside any). */
  readonly normalize: (input: I, group: string, ctx: NormalizeContext) => S;
  /** Rules on the normalized definition. */
  readonly rules: (spec: S) => Finding[];
  /** The definition of its kind. */
  readonly define: (fields: DefinitionFields<S>) => Definition;
}

const APP: ServiceCompiler<AppInput, MarathonApp> = {
  schema: appSchema,
  rawRules: legacyAppFindings,
  normalize: normalizeApp,
  rules: appFindings,
  define: (fields) => ({ kind: 'app', ...fields }),
};

const POD: ServiceCompiler<PodInput, MarathonPod> = {
  schema: podSchema,
  rawRules: rawPodFindings,
  normalize: normalizePod,
  rules: podFindings,
  define: (fields) => ({ kind: 'pod', ...fields }),
};

/** Metronome has no groups: a job is normalized without one. */
const JOB: ServiceCompiler<JobInput, MetronomeJob> = {
  schema: jobSchema,
  rawRules: rawJobFindings,
  normalize: (job, _group, ctx) => normalizeJob(job, ctx),
  rules: jobFindings,
  define: (fields) => ({ kind: 'job', ...fields }),
};

class DocumentCompiler {
  readonly output: CompiledDocument = { definitions: [], groups: [], rejected: [], diagnostics: [] };
  /** Ids already defined in this document, for Marathon's "ids must be unique" rule. */
  private readonly seenIds = new Map<string, JsonPath>();

  constructor(private readonly document: SourceDocument) {}

  /** Compiles one candidate; returns the id it was accepted under, or `undefined` when it was rejected. */
  compile(candidate: Candidate, group: string | undefined): string | undefined {
    try {
      switch (candidate.kind) {
        case 'group':
          return this.compileGroup(candidate, group);
        case 'app':
          return this.compileService(candidate, group, APP);
        case 'pod':
          return this.compileService(candidate, group, POD);
        case 'job':
          return this.compileService(candidate, undefined, JOB);
      }
    } catch (cause) {
      // A bug of ours must not take the other definitions down with it, and must never show a stack trace.
      const message = cause instanceof Error ? cause.message : String(cause);
      this.reject(
        rejection(candidate, this.document.source),
        [error([], 'internal-error', `internal error while reading this definition (please report it): ${message}`)],
        candidate.pointer,
      );
      return undefined;
    }
  }

  private compileGroup(candidate: Candidate, parent: string | undefined): string | undefined {
    const value = withoutNullMembers(candidate.value).value as Record<string, unknown>;
    const findings = checkSchema(groupSchema, value);
    const rawId = typeof value.id === 'string' ? value.id : undefined;
    const id = rawId !== undefined ? canonicalPath(rawId, parent ?? '/') : undefined;
    if (rawId !== undefined) {
      const problem = pathIdProblem(rawId);
      if (problem) {
        findings.push(error(['id'], 'invalid-id', problem));
      } else if (parent !== undefined && id !== undefined && !isChildOf(id, parent)) {
        findings.push(
          error(['id'], 'invalid-id', `group ${id} is not a direct child of its enclosing group ${parent}`),
        );
      }
    }
    if (id !== undefined) {
      this.checkUnique(id, candidate.pointer, findings);
    }
    // Children are read even when the group itself is invalid, so their own problems are reported too.
    const base = id ?? parent ?? '/';
    const childIds = { apps: [] as string[], pods: [] as string[], groups: [] as string[] };
    const visit = (
      key: 'apps' | 'pods' | 'groups',
      make: (item: Record<string, unknown>, pointer: JsonPath) => Candidate,
    ) => {
      const items = value[key];
      if (!Array.isArray(items)) {
        return;
      }
      items.forEach((item, i) => {
        const pointer = [...candidate.pointer, key, i];
        if (!isObject(item)) {
          this.reject(
            {
              kind: key === 'groups' ? 'group' : key === 'apps' ? 'app' : 'pod',
              source: this.document.source,
              pointer,
            },
            [error([], 'invalid-type', `expected an object, got ${describeValue(item)}`)],
            pointer,
          );
          return;
        }
        const childId = this.compile(make(item, pointer), base);
        if (childId !== undefined) {
          childIds[key].push(childId);
        }
      });
    };
    visit('apps', (item, pointer) => ({ kind: 'app', pointer, value: item }));
    visit('pods', (item, pointer) => podCandidate(item, pointer));
    visit('groups', (item, pointer) => ({ kind: 'group', pointer, value: item }));

    if (hasErrors(findings) || id === undefined) {
      this.reject(rejection(candidate, this.document.source), findings, candidate.pointer);
      return undefined;
    }
    this.emitNotes(findings, candidate.pointer);
    const group = value as GroupInput;
    if (group.version !== undefined) {
      this.note(candidate.pointer, ['version'], 'read-only version of the Marathon API response; ignored');
    }
    this.output.groups.push({
      id,
      source: this.document.source,
      pointer: candidate.pointer,
      dependencies: (group.dependencies ?? []).map((dependency) => canonicalPath(dependency, parent ?? '/')),
      ...(group.enforceRole !== undefined ? { enforceRole: group.enforceRole } : {}),
      apps: childIds.apps,
      pods: childIds.pods,
      groups: childIds.groups,
    });
    return id;
  }

  /**
   * The shared path of apps, pods and jobs: schema → rules on the input → normalize → rules on the normalized
   * definition (their paths mapped back to what the user wrote).
   */
  private compileService<I, S extends { id: string }>(
    candidate: Candidate,
    group: string | undefined,
    service: ServiceCompiler<I, S>,
  ): string | undefined {
    const specPath = candidate.specPath ?? [];
    const { value: input, nullPaths } = withoutNullMembers(
      specPath.length > 0 ? valueAt(candidate.value, specPath) : candidate.value,
    );
    const findings: Finding[] = [];
    if (specPath.length > 0) {
      findings.push(...checkSchema(podStatusWrapperSchema, candidate.value));
    }
    findings.push(...checkSchema(service.schema, input, specPath));
    if (!hasErrors(findings)) {
      findings.push(...rebase(service.rawRules(input as I), specPath));
    }
    if (hasErrors(findings)) {
      this.reject(rejection(candidate, this.document.source), findings, candidate.pointer);
      return undefined;
    }

    const ctx = new NormalizeContext();
    for (const path of nullPaths) {
      ctx.ignore(path, 'null', "null leaves the field unset; Marathon's default applies");
    }
    const spec = service.normalize(input as I, group ?? '/', ctx);
    const canonical = service.rules(spec);
    const around =
      specPath.length === 0
        ? []
        : Object.keys(candidate.value as object)
            .filter((key) => key !== specPath[0])
            .map((key) => ({
              path: [key],
              kind: 'status' as const,
              reason: 'read-only pod status from the Marathon API',
            }));
    const provenance = ctx.recorder.build(candidate.value, specPath, around);
    const located = canonical.map((finding) => ({ ...finding, path: provenance.nearestOriginalPath(finding.path) }));
    findings.push(...rebase(ctx.findings, specPath), ...located);
    if (candidate.kind !== 'job') {
      const problem = serviceIdProblem(spec.id);
      if (problem) {
        findings.push(error([...specPath, 'id'], 'invalid-id', problem));
      }
      if (group !== undefined && !isChildOf(spec.id, group)) {
        findings.push(
          error(
            [...specPath, 'id'],
            'invalid-id',
            `${spec.id} is not a direct child of its enclosing group ${group} (use a relative id or a nested group)`,
          ),
        );
      }
      this.checkUnique(spec.id, candidate.pointer, findings, specPath);
    }
    if (hasErrors(findings)) {
      this.reject(rejection(candidate, this.document.source, spec.id), findings, candidate.pointer);
      return undefined;
    }
    const notes = this.emitNotes(findings, candidate.pointer);
    this.output.definitions.push(
      service.define({
        id: spec.id,
        source: this.document.source,
        pointer: candidate.pointer,
        spec,
        provenance: provenance as Provenance,
        unknownFields: findings.filter((finding) => finding.code === 'unknown-field').map((finding) => finding.path),
        notes,
        ...(group !== undefined ? { group } : {}),
      }),
    );
    return spec.id;
  }

  private checkUnique(id: string, pointer: JsonPath, findings: Finding[], specPath: JsonPath = []): void {
    const first = this.seenIds.get(id);
    if (first) {
      findings.push(
        error([...specPath, 'id'], 'duplicate-id', `id ${id} is already used in this document at ${formatPath(first)}`),
      );
    } else {
      this.seenIds.set(id, pointer);
    }
  }

  reject(rejected: RejectedDefinition, findings: Finding[], pointer: JsonPath): void {
    this.output.rejected.push(rejected);
    this.emitNotes(findings, pointer);
  }

  private emitNotes(findings: Finding[], pointer: JsonPath): Diagnostic[] {
    const diagnostics = findings.map((finding) => this.diagnostic(pointer, finding));
    this.output.diagnostics.push(...diagnostics);
    return diagnostics.filter((d) => d.severity !== 'error');
  }

  private note(pointer: JsonPath, path: JsonPath, message: string): void {
    this.output.diagnostics.push(this.diagnostic(pointer, { severity: 'info', path, code: 'ignored-status', message }));
  }

  private diagnostic(pointer: JsonPath, finding: Finding): Diagnostic {
    return {
      severity: finding.severity,
      source: this.document.source,
      path: [...pointer, ...finding.path],
      message: finding.message,
      code: finding.code,
    };
  }
}

function rejection(candidate: Candidate, source: string, id?: string): RejectedDefinition {
  const spec = candidate.specPath ? valueAt(candidate.value, candidate.specPath) : candidate.value;
  const rawId = isObject(spec) && typeof spec.id === 'string' ? spec.id : undefined;
  return {
    kind: candidate.kind,
    source,
    pointer: candidate.pointer,
    ...((id ?? rawId) !== undefined ? { id: id ?? rawId } : {}),
  };
}

function rebase(findings: Finding[], specPath: JsonPath): Finding[] {
  return specPath.length === 0
    ? findings
    : findings.map((finding) => ({ ...finding, path: [...specPath, ...finding.path] }));
}

function hasErrors(findings: readonly Finding[]): boolean {
  return findings.some((finding) => finding.severity === 'error');
}

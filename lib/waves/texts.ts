import { JsonPath } from '../util/json-path';
import { AppDefinition, Definition, JobDefinition, PodDefinition } from '../marathon/load/definition';
import { Artifact, EnvValue, MesosCommand, StringMap } from '../marathon/model/common';

/** A text of a definition that may name another workload, at its path in the normalized definition. */
export interface ReferenceText {
  readonly path: JsonPath;
  readonly text: string;
}

/**
 * Every text of a definition in which a caller names a service: environment values, commands and their arguments,
 * command checks, fetched URIs, labels and Docker parameters. Secret references in the environment are names of
 * secrets, not of services, so they are left out; so are readiness checks (a path and a port name, never a host)
 * and the VIP labels of ports (they declare a name, they do not call one).
 */
export function referenceTexts(definition: Definition): ReferenceText[] {
  const texts: ReferenceText[] = [];
  if (definition.kind === 'app') {
    appTexts(definition, texts);
  } else if (definition.kind === 'pod') {
    podTexts(definition, texts);
  } else {
    jobTexts(definition, texts);
  }
  return texts;
}

function appTexts({ spec }: AppDefinition, texts: ReferenceText[]): void {
  envTexts(spec.env, ['env'], texts);
  if (spec.cmd !== undefined) {
    texts.push({ path: ['cmd'], text: spec.cmd });
  }
  (spec.args ?? []).forEach((text, i) => texts.push({ path: ['args', i], text }));
  spec.healthChecks.forEach((check, i) => {
    if (check.command !== undefined) {
      texts.push({ path: ['healthChecks', i, 'command'], text: check.command });
    }
  });
  commandTexts(spec.check?.exec?.command, ['check', 'exec', 'command'], texts);
  artifactTexts(spec.fetch, ['fetch'], texts);
  labelTexts(spec.labels, ['labels'], texts);
  (spec.container?.docker?.parameters ?? []).forEach(({ value }, i) =>
    texts.push({ path: ['container', 'docker', 'parameters', i, 'value'], text: value }),
  );
}

function podTexts({ spec }: PodDefinition, texts: ReferenceText[]): void {
  envTexts(spec.environment, ['environment'], texts);
  labelTexts(spec.labels, ['labels'], texts);
  spec.containers.forEach((container, c) => {
    const at = ['containers', c];
    commandTexts(container.exec?.command, [...at, 'exec', 'command'], texts);
    envTexts(container.environment, [...at, 'environment'], texts);
    commandTexts(container.healthCheck?.exec?.command, [...at, 'healthCheck', 'exec', 'command'], texts);
    commandTexts(container.check?.exec?.command, [...at, 'check', 'exec', 'command'], texts);
    artifactTexts(container.artifacts, [...at, 'artifacts'], texts);
    labelTexts(container.labels, [...at, 'labels'], texts);
  });
}

function jobTexts({ spec }: JobDefinition, texts: ReferenceText[]): void {
  const { run } = spec;
  if (run.cmd !== undefined) {
    texts.push({ path: ['run', 'cmd'], text: run.cmd });
  }
  (run.args ?? []).forEach((text, i) => texts.push({ path: ['run', 'args', i], text }));
  envTexts(run.env, ['run', 'env'], texts);
  artifactTexts(run.artifacts, ['run', 'artifacts'], texts);
  (run.docker?.parameters ?? []).forEach(({ value }, i) =>
    texts.push({ path: ['run', 'docker', 'parameters', i, 'value'], text: value }),
  );
  labelTexts(spec.labels, ['labels'], texts);
}

function envTexts(env: Readonly<Record<string, EnvValue>>, at: JsonPath, texts: ReferenceText[]): void {
  for (const [name, value] of Object.entries(env)) {
    if (typeof value === 'string') {
      texts.push({ path: [...at, name], text: value });
    }
  }
}

function labelTexts(labels: StringMap, at: JsonPath, texts: ReferenceText[]): void {
  for (const [key, value] of Object.entries(labels)) {
    texts.push({ path: [...at, key], text: value });
  }
}

function artifactTexts(artifacts: readonly Artifact[], at: JsonPath, texts: ReferenceText[]): void {
  artifacts.forEach(({ uri }, i) => texts.push({ path: [...at, i, 'uri'], text: uri }));
}

function commandTexts(command: MesosCommand | undefined, at: JsonPath, texts: ReferenceText[]): void {
  if (command === undefined) {
    return;
  }
  if ('shell' in command) {
    texts.push({ path: [...at, 'shell'], text: command.shell });
  } else {
    command.argv.forEach((text, i) => texts.push({ path: [...at, 'argv', i], text }));
  }
}

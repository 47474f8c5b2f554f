import { JsonPath } from '../../util/json-path';
import { MetronomeJob } from '../model/job';
import { JOB_ID_PATTERN, JobInput } from '../schema/job';
import { cronProblem, timeZoneProblem } from './cron';
import { quote } from '../../util/describe';
import { Finding, error, warning } from './finding';
import { duplicateFindings, isValidRegex, undefinedSecret, uriProblem } from './shared-rules';

const ID_HINT = 'Metronome ids are lowercase dot-separated names of letters, digits and "-" (e.g. "backup.nightly")';

/** Checks on the job as written: ids and fields whose absence Metronome's API rejects. */
export function rawJobFindings(job: JobInput): Finding[] {
  const findings: Finding[] = [];
  if (!JOB_ID_PATTERN.test(job.id)) {
    const hint = job.id.includes('/') ? ' (Metronome ids use "." where Marathon uses "/")' : '';
    findings.push(error(['id'], 'invalid-id', `${quote(job.id)} is not a valid job id: ${ID_HINT}${hint}`));
  }
  for (const field of ['cpus', 'mem', 'disk'] as const) {
    if (job.run[field] === undefined) {
      findings.push(
        warning(
          ['run'],
          'missing-field',
          `run.${field} is missing: Metronome's API requires it; its model default is used`,
        ),
      );
    }
  }
  (job.schedules ?? []).forEach((schedule, i) => {
    if (!JOB_ID_PATTERN.test(schedule.id)) {
      findings.push(
        error(['schedules', i, 'id'], 'invalid-id', `${quote(schedule.id)} is not a valid schedule id: ${ID_HINT}`),
      );
    }
  });
  (job.run.placement?.constraints ?? []).forEach((constraint, i) => {
    const at = ['run', 'placement', 'constraints', i];
    if (constraint.attribute === undefined && constraint.attr === undefined) {
      findings.push(error(at, 'missing-field', 'required field "attribute" is missing'));
    }
    if (constraint.operator === undefined && constraint.op === undefined) {
      findings.push(error(at, 'missing-field', 'required field "operator" is missing'));
    }
  });
  (job.run.artifacts ?? []).forEach((artifact, i) => {
    if (artifact.uri === undefined && artifact.url === undefined) {
      findings.push(error(['run', 'artifacts', i], 'missing-field', 'required field "uri" is missing'));
    }
  });
  return findings;
}

/** Metronome's rules on a job (`JobSpec.scala`, `JobRunSpec.scala`, `ScheduleSpec.scala`). */
export function jobFindings(job: MetronomeJob): Finding[] {
  const findings: Finding[] = [];
  const run = job.run;
  if (run.cmd === undefined && run.docker === undefined && run.ucr === undefined) {
    findings.push(
      error(
        ['run'],
        'missing-command',
        'a job needs run.cmd, a run.docker image or a run.ucr image (args alone are not enough)',
      ),
    );
  }
  if (run.cmd !== undefined && (run.args?.length ?? 0) > 0) {
    // Metronome accepts both, but Mesos runs cmd through the shell and drops the arguments.
    findings.push(
      warning(
        ['run', 'args'],
        'unused',
        'args are ignored when cmd is set: Mesos runs cmd through /bin/sh -c and drops the arguments',
      ),
    );
  }
  if (run.docker !== undefined && run.ucr !== undefined) {
    findings.push(error(['run', 'ucr'], 'conflict', 'give either run.docker or run.ucr, not both'));
  }
  if (run.gpus > 0 && run.docker !== undefined) {
    findings.push(error(['run', 'gpus'], 'unsupported', 'GPUs are not supported with Docker (use run.ucr)'));
  }

  // Every secret a job uses must be declared, and every declared one used.
  const referenced = new Set<string>();
  const refer = (secret: string, at: JsonPath) => {
    referenced.add(secret);
    if (run.secrets[secret] === undefined) {
      findings.push(undefinedSecret(at, secret, 'run.secrets'));
    }
  };
  for (const [name, value] of Object.entries(run.env)) {
    if (typeof value !== 'string') {
      refer(value.secret, ['run', 'env', name, 'secret']);
    }
  }
  run.volumes.forEach((volume, i) => {
    if (volume.kind !== 'secret') {
      return;
    }
    refer(volume.secret, ['run', 'volumes', i, 'secret']);
    if (run.docker !== undefined) {
      findings.push(
        error(
          ['run', 'volumes', i],
          'unsupported',
          'file-based secrets are only supported with run.ucr, not run.docker',
        ),
      );
    }
  });
  for (const name of Object.keys(run.secrets)) {
    if (!referenced.has(name)) {
      findings.push(
        error(
          ['run', 'secrets', name],
          'unused-secret',
          `secret ${quote(name)} is declared but not used by env or volumes (Metronome rejects this)`,
        ),
      );
    }
  }

  findings.push(...jobNetworkFindings(job));
  run.placement.constraints.forEach((constraint, i) => {
    const at = ['run', 'placement', 'constraints', i];
    if (constraint.value === undefined) {
      findings.push(error(at, 'invalid-constraint', `${constraint.operator} needs a value`));
    } else if (constraint.operator !== 'IS' && !isValidRegex(constraint.value)) {
      findings.push(
        error([...at, 'value'], 'invalid-constraint', `${quote(constraint.value)} is not a valid regular expression`),
      );
    }
  });
  run.artifacts.forEach((artifact, i) => {
    const problem = uriProblem(artifact.uri);
    if (problem) {
      findings.push(error(['run', 'artifacts', i, 'uri'], 'invalid-uri', problem));
    }
  });

  if (job.schedules.length > 1) {
    findings.push(error(['schedules'], 'invalid', 'Metronome allows at most one schedule per job'));
  }
  if (job.schedules.length > 0 && job.dependencies.length > 0) {
    findings.push(error(['dependencies'], 'conflict', 'a job may not have both dependencies and schedules'));
  }
  findings.push(...duplicateFindings(job.dependencies, (i) => ['dependencies', i, 'id'], 'dependency'));
  job.schedules.forEach((schedule, i) => {
    const at = ['schedules', i];
    const cron = cronProblem(schedule.cron);
    if (cron) {
      findings.push(error([...at, 'cron'], 'invalid-cron', cron));
    }
    const zone = timeZoneProblem(schedule.timezone);
    if (zone) {
      findings.push(error([...at, 'timezone'], 'invalid-timezone', zone));
    }
    if (schedule.startingDeadlineSeconds < 60) {
      findings.push(
        error(
          [...at, 'startingDeadlineSeconds'],
          'out-of-range',
          `must be at least 60, got ${schedule.startingDeadlineSeconds}`,
        ),
      );
    }
  });
  return findings;
}

function jobNetworkFindings(job: MetronomeJob): Finding[] {
  const networks = job.run.networks;
  if (networks.length === 0) {
    return [];
  }
  const findings: Finding[] = [];
  const modes = new Set(networks.map((network) => network.mode));
  const hasContainer = job.run.docker !== undefined || job.run.ucr !== undefined;
  if (modes.size > 1) {
    findings.push(
      error(
        ['run', 'networks'],
        'invalid-network',
        'do not mix host, container and container/bridge networks; define one kind',
      ),
    );
  }
  if (!hasContainer && networks.some((network) => network.mode !== 'host')) {
    findings.push(
      error(
        ['run', 'networks'],
        'invalid-network',
        'only jobs with a container (docker or ucr) may join container or bridge networks',
      ),
    );
  }
  if (job.run.docker !== undefined && networks.filter((network) => network.mode === 'container').length > 1) {
    findings.push(error(['run', 'networks'], 'invalid-network', 'Docker does not allow joining more than one network'));
  }
  if (networks.length > 1 && networks.some((network) => network.mode !== 'container')) {
    findings.push(
      error(['run', 'networks'], 'invalid-network', 'only one host or container/bridge network is allowed'),
    );
  }
  findings.push(
    ...duplicateFindings(
      networks.map((network) => network.name),
      (i) => ['run', 'networks', i, 'name'],
      'network name',
    ),
  );
  networks.forEach((network, i) => {
    const at = ['run', 'networks', i];
    if (network.mode === 'host' && (network.name !== undefined || Object.keys(network.labels).length > 0)) {
      findings.push(error(at, 'invalid-network', 'host networks may not have a name or labels'));
    }
    if (network.mode === 'container/bridge' && network.name !== undefined) {
      findings.push(error([...at, 'name'], 'invalid-network', 'bridge networks may not have a name'));
    }
    if (network.mode === 'container' && (network.name === undefined || network.name === '')) {
      findings.push(error(at, 'missing-field', 'a container network needs a name'));
    }
  });
  return findings;
}

import { JobDefinition } from '../../lib/marathon/load/definition';
import { codes, errors, loadJson, only, warnings } from '../helpers/load';

const job = (value: object): JobDefinition => only(loadJson(value)) as JobDefinition;
const run = { cmd: 'backup.sh', cpus: 0.5, mem: 256, disk: 0 };

describe('Metronome job normalization', () => {
  test('run and schedule defaults from Metronome’s model', () => {
    const scheduled = job({ id: 'backup.nightly', run, schedules: [{ id: 'nightly', cron: '0 2 * * *' }] });
    expect(scheduled.kind).toBe('job');
    expect(scheduled.spec).toEqual({
      id: 'backup.nightly',
      labels: {},
      dependencies: [],
      schedules: [
        {
          id: 'nightly',
          cron: '0 2 * * *',
          timezone: 'UTC',
          startingDeadlineSeconds: 900,
          concurrencyPolicy: 'ALLOW',
          enabled: true,
        },
      ],
      run: {
        cmd: 'backup.sh',
        cpus: 0.5,
        mem: 256,
        disk: 0,
        gpus: 0,
        env: {},
        secrets: {},
        artifacts: [],
        placement: { constraints: [] },
        restart: { policy: 'NEVER' },
        volumes: [],
        networks: [],
        maxLaunchDelay: 3600,
      },
    });
  });

  test('missing cpus / mem / disk get Metronome’s model defaults with a warning (its API requires them)', () => {
    const result = loadJson({ id: 'j', run: { cmd: 'x' } });
    expect(only(result).spec).toMatchObject({ run: { cpus: 1, mem: 128, disk: 0 } });
    expect(codes(result, 'warning')).toEqual(['run missing-field', 'run missing-field', 'run missing-field']);
  });

  test('pre-0.2 Metronome spellings and EQ are converted', () => {
    const old = job({
      id: 'j',
      run: {
        ...run,
        artifacts: [{ url: 'https://h/a.tgz' }],
        placement: { constraints: [{ attr: 'rack', op: 'EQ', value: 'r1' }] },
        maxLaunchDelaySeconds: 300,
      },
    });
    expect(old.spec.run.artifacts[0]).toEqual({
      uri: 'https://h/a.tgz',
      extract: true,
      executable: false,
      cache: false,
    });
    expect(old.spec.run.placement.constraints).toEqual([{ attribute: 'rack', operator: 'IS', value: 'r1' }]);
    expect(old.spec.run.maxLaunchDelay).toBe(300);
    expect(old.provenance.originalPathOf(['run', 'placement', 'constraints', 0, 'attribute'])).toEqual([
      'run',
      'placement',
      'constraints',
      0,
      'attr',
    ]);
    expect(old.provenance.originalPathOf(['run', 'maxLaunchDelay'])).toEqual(['run', 'maxLaunchDelaySeconds']);
  });

  test('`timeZone` was never read by Metronome: the schedule ran in UTC, and the user is told', () => {
    const result = loadJson({ id: 'j', run, schedules: [{ id: 's', cron: '0 * * * *', timeZone: 'America/Chicago' }] });
    expect((only(result) as JobDefinition).spec.schedules[0].timezone).toBe('UTC');
    expect(warnings(result)).toEqual([
      'schedules[0].timeZone: Metronome reads "timezone", not "timeZone", so this schedule ran in UTC; rename the field to "timezone" if "America/Chicago" was intended',
    ]);
  });

  test('API status fields are ignored', () => {
    const fromApi = job({
      id: 'j',
      run,
      activeRuns: [],
      history: { successCount: 3 },
      schedules: [{ id: 's', cron: '0 * * * *', nextRunAt: '2021-01-01T00:00:00.000+0000' }],
    });
    expect(fromApi.provenance.ignored.map((field) => field.path.join('.')).sort()).toEqual([
      'activeRuns',
      'history',
      'schedules.0.nextRunAt',
    ]);
  });

  test('cmd with args is accepted with a warning: Mesos drops the args', () => {
    const result = loadJson({ id: 'j', run: { ...run, args: ['--verbose'] } });
    expect(result.definitions).toHaveLength(1);
    expect(codes(result, 'warning')).toEqual(['run.args unused']);
  });

  test('secrets must be declared and used, both ways', () => {
    expect(
      errors(loadJson({ id: 'j', run: { ...run, env: { A: { secret: 'a' } }, secrets: { b: { source: 'x/b' } } } })),
    ).toEqual([
      'run.env.A.secret: refers to secret "a", which is not declared in run.secrets',
      'run.secrets.b: secret "b" is declared but not used by env or volumes (Metronome rejects this)',
    ]);
  });
});

import { translate } from './helpers';

const job = (extra: object = {}, run: object = {}) => ({
  id: 'shop.report',
  run: { cmd: 'report.sh', cpus: 0.5, mem: 256, disk: 0, docker: { image: 'reports:1' }, ...run },
  ...extra,
});
const schedule = (extra: object = {}) => ({ id: 'nightly', cron: '30 2 * * *', ...extra });

describe('Metronome jobs → CronJobs', () => {
  test('a schedule becomes a CronJob with its time zone, policy, deadline and suspension', () => {
    const result = translate(
      job({
        schedules: [
          schedule({
            timezone: 'Europe/Berlin',
            concurrencyPolicy: 'FORBID',
            startingDeadlineSeconds: 120,
            enabled: false,
          }),
        ],
      }),
    );
    const cron = result.one('CronJob') as unknown as { spec: Record<string, unknown> };
    expect(cron.spec).toMatchObject({
      schedule: '30 2 * * *',
      timeZone: 'Europe/Berlin',
      concurrencyPolicy: 'Forbid',
      startingDeadlineSeconds: 120,
      suspend: true,
    });
    expect(result.container('CronJob')).toMatchObject({
      name: 'job',
      image: 'reports:1',
      command: ['/bin/sh', '-c', 'report.sh'],
    });
    expect(result.podSpec('CronJob').restartPolicy).toBe('Never');
    expect((cron.spec.jobTemplate as { spec: { backoffLimit: number } }).spec.backoffLimit).toBe(0);
  });

  test('restart ON_FAILURE → OnFailure with the backoff limit option; activeDeadlineSeconds carries over', () => {
    const result = translate(
      job({ schedules: [schedule()] }, { restart: { policy: 'ON_FAILURE', activeDeadlineSeconds: 600 } }),
      { jobBackoffLimit: 3 },
    );
    expect(result.podSpec('CronJob').restartPolicy).toBe('OnFailure');
    expect((result.one('CronJob') as { spec: { jobTemplate: { spec: object } } }).spec.jobTemplate.spec).toMatchObject({
      backoffLimit: 3,
      activeDeadlineSeconds: 600,
    });
  });

  test('a job without a schedule ran on demand: a suspended CronJob that never fires', () => {
    const result = translate(job());
    expect((result.one('CronJob') as { spec: object }).spec).toMatchObject({ schedule: '0 0 31 2 *', suspend: true });
    expect(result.estate.workloads[0].report.remarks.join()).toContain('kubectl create job --from=cronjob/report');
  });

  test.each([
    ['0 3 * * 7', '0 3 * * 0', 'translated'],
    ['0 3 * * * *', '0 3 * * *', 'translated'],
    ['0 3 * * * 2030', '0 3 * * *', 'approximated'],
    ['0 9 1-7 * MON', '0 9 1-7 * MON', 'approximated'],
  ])('cron %s → %s (%s)', (cron, expected, status) => {
    const result = translate(job({ schedules: [schedule({ cron })] }));
    expect((result.one('CronJob') as { spec: { schedule: string } }).spec.schedule).toBe(expected);
    expect(result.field('schedules[0].cron').status).toBe(status);
  });

  test('UCR images, artifacts, secrets, placement, user, grace period', () => {
    const result = translate(
      job(
        { schedules: [schedule()] },
        {
          docker: undefined,
          ucr: { image: { id: 'busybox', kind: 'docker', forcePull: true } },
          artifacts: [{ uri: 'https://h/data.tgz' }],
          env: { TOKEN: { secret: 't' } },
          secrets: { t: { source: 'shop/token' } },
          placement: { constraints: [{ attribute: 'rack', operator: 'IS', value: 'r1' }] },
          user: 'root',
          taskKillGracePeriodSeconds: 20,
        },
      ),
    );
    expect(result.container('CronJob')).toMatchObject({
      image: 'busybox',
      imagePullPolicy: 'Always',
      securityContext: { runAsUser: 0 },
    });
    expect(result.env('CronJob').TOKEN).toEqual({ secretKeyRef: { name: 'shop-token', key: 'value' } });
    expect(result.podSpec('CronJob')).toMatchObject({
      nodeSelector: { rack: 'r1' },
      terminationGracePeriodSeconds: 20,
    });
    expect(result.podSpec('CronJob').initContainers?.[0].name).toBe('fetch');
  });

  test('dependencies between jobs are reported as unsupported', () => {
    const result = translate([job({}, {}), { ...job(), id: 'shop.after', dependencies: [{ id: 'shop.report' }] }]);
    expect(result.field('dependencies[0].id', 1)).toMatchObject({
      status: 'unsupported',
      note: expect.stringContaining('workflow'),
    });
  });

  test('L, W and # have no Kubernetes form: suspended, reported, the original kept in an annotation', () => {
    const result = translate(job({ schedules: [schedule({ cron: '0 0 L * *' })] }));
    const cron = result.one('CronJob') as { metadata: { annotations: Record<string, string> }; spec: object };
    expect(cron.spec).toMatchObject({ schedule: '0 0 31 2 *', suspend: true });
    expect(cron.metadata.annotations['marathon-to-eks/metronome-cron']).toBe('0 0 L * *');
    expect(result.field('schedules[0].cron').status).toBe('unsupported');
  });
});

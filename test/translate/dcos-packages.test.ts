import { app, translate } from './helpers';

describe('apps installed from DC/OS packages', () => {
  const options = Buffer.from(
    JSON.stringify({ service: { name: 'kafka' }, brokers: { password: 'hunter2' } }),
  ).toString('base64');
  const kafka = app({
    id: '/kafka',
    labels: {
      DCOS_PACKAGE_NAME: 'kafka',
      DCOS_PACKAGE_FRAMEWORK_NAME: 'kafka',
      DCOS_PACKAGE_VERSION: '2.9.0',
      DCOS_PACKAGE_OPTIONS: options,
    },
  });

  test('a framework scheduler is converted, flagged unsupported, with a remark pointing at an operator', () => {
    const result = translate(kafka);
    expect(result.all('Deployment')).toHaveLength(1);
    expect(result.field('labels.DCOS_PACKAGE_FRAMEWORK_NAME')).toMatchObject({
      status: 'unsupported',
      note: expect.stringContaining('this app is its scheduler'),
    });
    expect(result.estate.workloads[0].report.remarks).toContainEqual(
      expect.stringContaining('deploy kafka on Kubernetes with its operator or Helm chart'),
    );
  });

  test('base64 package options are not copied anywhere (they can hold passwords)', () => {
    const result = translate(kafka);
    const annotation = JSON.parse(
      result.one('Deployment').metadata?.annotations?.['marathon-to-eks/marathon-labels'] as string,
    );
    expect(annotation.DCOS_PACKAGE_OPTIONS).toBe('(not copied: DC/OS package metadata)');
    expect(annotation.DCOS_PACKAGE_VERSION).toBe('2.9.0');
    expect(JSON.stringify(result.objects)).not.toContain(options);
    expect(result.field('labels.DCOS_PACKAGE_OPTIONS').status).toBe('ignored');
    // Marathon exported every label as $MARATHON_APP_LABEL_<NAME>; the package blob is left out, its name stays listed.
    expect(result.env().MARATHON_APP_LABEL_DCOS_PACKAGE_OPTIONS).toBeUndefined();
    expect(result.env().MARATHON_APP_LABELS).toContain('DCOS_PACKAGE_OPTIONS');
  });

  test('a package that is not a framework (DCOS_PACKAGE_IS_FRAMEWORK false) is an ordinary app', () => {
    const result = translate(
      app({
        labels: {
          DCOS_PACKAGE_NAME: 'nginx',
          DCOS_PACKAGE_FRAMEWORK_NAME: 'nginx',
          DCOS_PACKAGE_IS_FRAMEWORK: 'false',
        },
      }),
    );
    expect(result.field('labels.DCOS_PACKAGE_FRAMEWORK_NAME').status).not.toBe('unsupported');
    expect(result.estate.workloads[0].report.remarks.filter((remark) => remark.includes('framework'))).toEqual([]);
  });
});

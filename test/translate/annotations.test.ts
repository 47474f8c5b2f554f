import { ANNOTATIONS_MAX_BYTES } from '../../lib/validate/kube-metadata';
import { boundedCopy, boundedText } from '../../lib/translate/annotations';
import { app, translate } from './helpers';

const bigLabels = (count: number, size: number) =>
  Object.fromEntries(Array.from({ length: count }, (_, i) => [`BIG_${i}`, 'x'.repeat(size)]));
const annotationBytes = (annotations: Record<string, string> | undefined) =>
  Object.entries(annotations ?? {}).reduce(
    (sum, [key, value]) => sum + Buffer.byteLength(key) + Buffer.byteLength(value),
    0,
  );

/** Kubernetes allows 256 KiB of annotations per object (TotalAnnotationSizeLimitB); Marathon labels had no bound. */
describe('annotations within Kubernetes’ limit', () => {
  test('300 labels of 1000 characters (over 256 KiB) convert; the values that did not fit are reported', () => {
    const result = translate(app({ labels: bigLabels(300, 1000) }));
    for (const object of result.objects) {
      expect(annotationBytes(object.metadata?.annotations)).toBeLessThanOrEqual(ANNOTATIONS_MAX_BYTES);
    }
    const kept = JSON.parse(
      result.one('Deployment').metadata?.annotations?.['marathon-to-eks/marathon-labels'] ?? '{}',
    ) as Record<string, string>;
    expect(Object.keys(kept)).toHaveLength(300);
    const shortened = result
      .fields()
      .filter((field) => field.note.includes('too large for the marathon-to-eks/marathon-labels annotation'));
    expect(shortened.length).toBeGreaterThan(0);
    expect(
      shortened.every(
        (field) =>
          field.status === 'approximated' &&
          kept[field.path.replace('labels.', '')].startsWith('(not copied: 1000 bytes'),
      ),
    ).toBe(true);
  });

  test('a job description of 300 KB is shortened, approximated', () => {
    const result = translate({
      id: 'shop.report',
      description: 'd'.repeat(300_000),
      run: { cmd: 'r.sh', cpus: 0.1, mem: 64, disk: 0 },
    });
    const cronJob = result.one('CronJob');
    expect(annotationBytes(cronJob.metadata?.annotations)).toBeLessThanOrEqual(ANNOTATIONS_MAX_BYTES);
    expect(cronJob.metadata?.annotations?.['marathon-to-eks/description']).toMatch(/^d+ … \(not copied: 300000 bytes/);
    expect(result.field('description').status).toBe('approximated');
  });

  test('large pod container labels are bounded in the pod annotation', () => {
    const result = translate({
      id: '/shop/pod',
      containers: [
        {
          name: 'a',
          resources: { cpus: 0.1, mem: 32 },
          exec: { command: { shell: 'sleep 1' } },
          labels: bigLabels(400, 1000),
        },
      ],
    });
    expect(annotationBytes(result.one('Deployment').spec?.template.metadata?.annotations)).toBeLessThanOrEqual(
      ANNOTATIONS_MAX_BYTES,
    );
    expect(
      result
        .fields()
        .some((field) => field.path.startsWith('containers[0].labels.') && field.note.includes('too large to keep')),
    ).toBe(true);
  });

  test('boundedCopy replaces the largest values first, then leaves out entries when the keys alone are too many', () => {
    expect(boundedCopy('k', { a: 'x'.repeat(500), b: 'y' }, 200)).toEqual({
      json: JSON.stringify({
        a: '(not copied: 500 bytes; Kubernetes allows 256 KiB of annotations per object)',
        b: 'y',
      }),
      shortened: ['a'],
    });
    const keys = boundedCopy('k', Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`key-${i}`, ''])), 100);
    expect(Buffer.byteLength('k') + Buffer.byteLength(keys.json)).toBeLessThanOrEqual(100);
    expect(keys.shortened.length).toBeGreaterThan(0);
    expect(boundedCopy('k', { a: 'b' })).toEqual({ json: '{"a":"b"}', shortened: [] });
  });

  test('boundedText keeps whole characters within the budget', () => {
    const cut = boundedText('k', '🚀'.repeat(100), 120);
    expect(cut.cut).toBe(true);
    expect(Buffer.byteLength(cut.text) + 1).toBeLessThanOrEqual(120);
    expect(cut.text).toMatch(/^(🚀)+ … /u);
  });
});

import * as fs from 'node:fs';
import { CLOUDFORMATION_LIMITS } from '../../lib/eks/checks';
import { LoadResult } from '../../lib/marathon/load/definition';
import { loadTexts } from '../../lib/marathon/load/estate';
import { translateEstate } from '../../lib/translate/estate-translation';
import { generatedApps } from '../../bench/estate';
import { CORPUS_DIR } from '../helpers/corpus';
import { Synthesized, expectNoCredentials, synthesize } from './helpers';

describe('a generated estate of 1,000 apps', () => {
  let result: Synthesized;
  let plaintextCredentials: number;
  let estate: LoadResult;

  beforeAll(async () => {
    // Every seventh app also carries credentials as plain values, as real estates do (with or without the corpus).
    const apps = (await generatedApps(1000, CORPUS_DIR)).map((app, i) =>
      i % 7 === 0
        ? {
            ...app,
            env: {
              ...((app as { env?: object }).env ?? {}),
              DB_PASSWORD: `pw-${i}-secret`,
              DATABASE_URL: `postgres://shop:pw-${i}-secret@db:5432/shop`,
            },
          }
        : app,
    );
    plaintextCredentials = JSON.stringify(apps).match(/PASSWORD":"[^"]+"/g)?.length ?? 0;
    estate = loadTexts([{ source: 'generated-1000.json', text: JSON.stringify(apps), discovered: false }]);
    expect(estate.definitions).toHaveLength(1000);
    result = synthesize({}, estate, false);
  }, 240_000);

  test('synthesizes into deployable stacks: every template under 1 MB and 500 resources, every manifest payload far under 256 KB', () => {
    const delivery = result.environment.workloadDeliveries[0];
    expect(delivery.stacks.length).toBeGreaterThan(1);
    expect(result.texts.size).toBe(1 + delivery.stacks.length);
    for (const [stack, text] of result.texts) {
      const template = JSON.parse(text);
      expect([stack, Buffer.byteLength(text) < CLOUDFORMATION_LIMITS.templateBytes]).toEqual([stack, true]);
      expect([stack, Object.keys(template.Resources).length < CLOUDFORMATION_LIMITS.resources]).toEqual([stack, true]);
      for (const [id, resource] of Object.entries<{ Type: string; Properties: unknown }>(template.Resources)) {
        // Old and new properties travel in one Lambda event on update: twice the payload stays under 256 KB.
        if (resource.Type.startsWith('Custom::AWSCDK-EKS-')) {
          expect([id, 2 * Buffer.byteLength(JSON.stringify(resource.Properties)) < 256 * 1024]).toEqual([id, true]);
        }
      }
    }
    // All 1,000 workloads are delivered, each exactly once.
    const delivered = delivery.plan.buckets
      .flatMap((bucket) => bucket.objects)
      .filter((o) => o.kind === 'Deployment' || o.kind === 'StatefulSet' || o.kind === 'DaemonSet');
    // All but the autoscaler apps: a replicated marathon-lb-autoscale whose target is not in the estate is not emitted.
    const empty = translateEstate(estate.definitions, estate.groups).workloads.filter(
      (workload) => workload.translation.objects.length === 0,
    );
    // The generated estate copies corpus apps when the shared corpus is there (one is a marathon-lb-autoscale), and
    // builds every app itself without it (no autoscaler).
    expect(empty.map((workload) => [workload.report.id, workload.report.fields[0]?.status])).toEqual(
      fs.existsSync(CORPUS_DIR) ? [['/bench/group-30/app-430', 'ignored']] : [],
    );
    expect(delivered).toHaveLength(1000 - empty.length);
  });

  test('no secret value or password in any template or manifest', () => {
    // The generated estate does carry plain passwords (replicated corpus apps): they must all have been moved.
    expect(plaintextCredentials).toBeGreaterThanOrEqual(143);
    expectNoCredentials(result);
    for (const text of result.texts.values()) {
      expect(text).not.toMatch(/pw-\d+-secret/);
    }
  });
});

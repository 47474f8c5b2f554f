/**
 * The capacity planner on the shared corpus and on generated estates: nodes, $/month and the ratios to the integer
 * lower bound (whole nodes of one type per group: what the packing wastes) and to the fractional one, for the
 * baseline (first-fit decreasing on m6i.xlarge) and for the planner, and how long planning takes.
 */
import * as fs from 'node:fs';
import { performance } from 'node:perf_hooks';
import { WorkloadDemand, demandOf } from '../lib/capacity/demand';
import { platformWorkloadDemand, resolveAddons } from '../lib/eks/addons/addons';
import { CapacityPlan, planCapacity } from '../lib/capacity/plan';
import { loadEstate, loadTexts } from '../lib/marathon/load/estate';
import { translateEstate } from '../lib/translate/estate-translation';
import { generatedApps } from './estate';
import { measure, report, seconds } from './harness';

export async function planBenchmarks(corpus: string): Promise<void> {
  const estates: { name: string; load: () => Promise<ReturnType<typeof loadTexts>> }[] = [
    ...(fs.existsSync(corpus) ? [{ name: 'the shared corpus', load: () => loadEstate({ paths: [corpus] }) }] : []),
    ...[100, 1_000, 10_000].map((count) => ({
      name: `${count.toLocaleString('en-US')} generated apps`,
      load: async () =>
        loadTexts([
          {
            source: `generated-${count}.json`,
            text: JSON.stringify(await generatedApps(count, corpus)),
            discovered: false,
          },
        ]),
    })),
  ];
  for (const { name, load } of estates) {
    const estate = await load();
    const start = performance.now();
    const demand: WorkloadDemand[] = [
      ...demandOf(translateEstate(estate.definitions, estate.groups)),
      ...platformWorkloadDemand(resolveAddons()),
    ];
    const demandMs = performance.now() - start;
    const run = await measure(3, () => planCapacity(demand));
    const plan: CapacityPlan = run.last;
    const pods = demand.reduce((sum, d) => sum + d.replicas, 0);
    const ratios = (integer: number, fractional: number) =>
      `${integer.toFixed(2)}× the integer bound, ${fractional.toFixed(2)}× the fractional`;
    report(
      `plan for ${name} (${demand.length} workloads, ${pods} pods)`,
      `${seconds(run.medianMs)} planning, ${seconds(demandMs)} demand`,
      name.startsWith('10,000') ? { text: 'planning < 2 s', met: run.medianMs < 2000 } : undefined,
    );
    report(
      '  baseline: first-fit decreasing on m6i.xlarge',
      `${plan.baseline.nodes} nodes, $${Math.round(plan.baseline.usdPerMonth).toLocaleString('en-US')}/month, ${ratios(plan.baseline.integerGap, plan.baseline.gap)}`,
    );
    report(
      '  planner',
      `${plan.total.nodes} nodes, $${Math.round(plan.total.usdPerMonth).toLocaleString('en-US')}/month, ${ratios(plan.integerGap, plan.gap)}`,
      name === 'the shared corpus'
        ? { text: '≤ 1.05× the integer bound', met: plan.integerGap <= 1.05 }
        : name.startsWith('1,000')
          ? { text: '≤ 1.10× the lower bound', met: plan.gap <= 1.1 }
          : undefined,
    );
    report(
      '  integer lower bound (whole nodes, one type per group)',
      `$${Math.round(plan.integerBound.usdPerMonth).toLocaleString('en-US')}/month`,
    );
    report(
      '  lower bound (fractional nodes)',
      `$${Math.round(plan.lowerBound.usdPerMonth).toLocaleString('en-US')}/month; node groups: ${plan.groups.map((g) => `${g.name} ${g.desiredSize} × ${g.instanceType}`).join(', ')}`.slice(
        0,
        160,
      ),
    );
  }
}

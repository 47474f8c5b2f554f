import fc from 'fast-check';
import { DependencyEdge, EstateGraph } from '../../lib/waves/graph';
import { WaveOptions, WavePlan, WavePlanError, idsThroughWave, planWaves } from '../../lib/waves/order';

/** A hand-built graph: `a>b` means a depends on (calls) b. */
function graph(ids: string[], pairs: string[] = []): EstateGraph {
  const edges: DependencyEdge[] = pairs.map((pair, i) => {
    const [from, to] = pair.split('>');
    return { from, to, via: `env.E${i}`, name: `${to}.marathon.mesos`, kind: 'mesos-dns' };
  });
  return { nodes: ids.map((id) => ({ id, kind: 'app' })), edges, unresolved: [] };
}

const waveOf = (plan: WavePlan) =>
  new Map(plan.waves.flatMap((wave) => wave.workloads.map((id) => [id, wave.wave] as const)));
const layout = (plan: WavePlan) => plan.waves.map((wave) => wave.workloads.join(' '));

describe('planWaves on hand-built graphs', () => {
  test('dependencies first: a workload moves the wave after the last thing it depends on', () => {
    const plan = planWaves(graph(['/web', '/api', '/db', '/lonely'], ['/web>/api', '/api>/db', '/web>/db']));
    expect(layout(plan)).toEqual(['/db /lonely', '/api', '/web']);
    expect(plan.cycles).toEqual([]);
    expect(idsThroughWave(plan, 2)).toEqual(['/db', '/lonely', '/api']);
  });

  test('callers first is the reverse order', () => {
    const plan = planWaves(graph(['/web', '/api', '/db', '/lonely'], ['/web>/api', '/api>/db']), {
      order: 'callers-first',
    });
    expect(layout(plan)).toEqual(['/lonely /web', '/api', '/db']);
  });

  test('a cycle moves together, is reported sorted, and what depends on it follows it', () => {
    const plan = planWaves(graph(['/c', '/b', '/a', '/x', '/z'], ['/a>/b', '/b>/c', '/c>/a', '/x>/a', '/a>/z']));
    expect(plan.cycles).toEqual([['/a', '/b', '/c']]);
    expect(layout(plan)).toEqual(['/z', '/a /b /c', '/x']);
  });

  test('pins fix a wave, leave earlier waves free if need be, and push what follows them', () => {
    const plan = planWaves(graph(['/a', '/b', '/c'], ['/b>/a']), { pins: { '/a': 3 } });
    expect(layout(plan)).toEqual(['/c', '', '/a', '/b']);
    expect(plan.waves[1]).toEqual({ wave: 2, workloads: [] });
  });

  test('pins that contradict the order, unknown ids and pins below 1 throw, naming the ids', () => {
    const g = graph(['/a', '/b', '/c'], ['/b>/a', '/c>/b']);
    expect(() => planWaves(g, { pins: { '/a': 2, '/b': 2 } })).toThrow(
      new WavePlanError(
        'pin /b=2 contradicts the order: /b must move after /a (pinned to wave 2), so wave 3 at the earliest',
      ),
    );
    expect(() => planWaves(g, { pins: { '/c': 2 } })).toThrow(
      'pin /c=2 contradicts the order: /c must move after /b, which must move after /a, so wave 3 at the earliest',
    );
    expect(() => planWaves(g, { pins: { '/nope': 1 } })).toThrow('pin /nope=1: no workload /nope in the estate');
    expect(() => planWaves(g, { pins: { '/a': 0 } })).toThrow('pin /a=0: waves are numbered 1, 2, 3…');
    expect(() => planWaves(g, { pins: { '/a': 1.5 } })).toThrow(WavePlanError);
    expect(() => planWaves(g, { pins: { '/a': 1e9 } })).toThrow('pin /a=1000000000: a plan has at most 10000 waves');
    const cycle = graph(['/a', '/b'], ['/a>/b', '/b>/a']);
    expect(() => planWaves(cycle, { pins: { '/a': 1, '/b': 2 } })).toThrow(
      'pins /a=1 and /b=2 disagree: they are in a cycle (/a + /b), which moves together',
    );
    expect(() => planWaves(g, { maxWaveSize: 0 })).toThrow(WavePlanError);
    expect(() => planWaves(graph(['/a'], ['/a>/ghost']))).toThrow(/names \/ghost, which is not a node/);
  });

  test('the max wave size splits waves keeping the order; a larger cycle moves whole', () => {
    const ids = Array.from({ length: 7 }, (_, i) => `/w${i}`);
    const plan = planWaves(
      graph([...ids, '/top', '/c1', '/c2', '/c3'], [...ids.map((id) => `/top>${id}`), '/c1>/c2', '/c2>/c3', '/c3>/c1']),
      {
        maxWaveSize: 2,
      },
    );
    // The workloads /top waits for go first (the longest chain behind them), then the cycle, whole, in a wave alone.
    expect(plan.waves.map((wave) => wave.workloads.length)).toEqual([2, 2, 2, 1, 3, 1]);
    expect(plan.waves[0].workloads).toEqual(['/w0', '/w1']);
    expect(plan.waves[4].workloads).toEqual(['/c1', '/c2', '/c3']);
    expect(waveOf(plan).get('/top')).toBe(plan.waves.length);
  });

  test('with pins and a max size, what a pinned workload needs goes first; no room at all throws', () => {
    const g = graph(['/a', '/b', '/c', '/d', '/p'], ['/p>/d']);
    const plan = planWaves(g, { maxWaveSize: 1, pins: { '/p': 2 } });
    expect(layout(plan)).toEqual(['/d', '/p', '/a', '/b', '/c']);
    expect(() =>
      planWaves(graph(['/x', '/y', '/p'], ['/p>/x', '/p>/y']), { maxWaveSize: 1, pins: { '/p': 2 } }),
    ).toThrow(
      'with at most 1 workloads a wave, /y cannot move before /p, pinned to wave 2: pin it later or allow larger waves',
    );
  });

  test('edges and unresolved names pass through; an empty graph has no waves', () => {
    const g = { ...graph(['/a', '/b'], ['/a>/b']), unresolved: [{ from: '/a', via: 'cmd', name: 'leader.mesos' }] };
    const plan = planWaves(g);
    expect(plan.edges).toBe(g.edges);
    expect(plan.unresolved).toBe(g.unresolved);
    expect(planWaves(graph([]))).toEqual({ waves: [], edges: [], cycles: [], unresolved: [] });
  });

  test('a chain of 20,000 workloads: 20,000 waves, no stack overflow', () => {
    const ids = Array.from({ length: 20_000 }, (_, i) => `/n${String(i).padStart(5, '0')}`);
    const plan = planWaves(
      graph(
        ids,
        ids.slice(1).map((id, i) => `${id}>${ids[i]}`),
      ),
    );
    expect(plan.waves).toHaveLength(20_000);
    expect(plan.waves[19_999].workloads).toEqual([ids[19_999]]);
  });
});

/** Random graphs of up to 14 workloads and 30 edges (cycles included), and random options. */
const arbitraryCase = fc.integer({ min: 1, max: 14 }).chain((n) =>
  fc.record({
    n: fc.constant(n),
    pairs: fc.array(fc.tuple(fc.nat(n - 1), fc.nat(n - 1)), { maxLength: 30 }),
    order: fc.constantFrom<WaveOptions['order']>('dependencies-first', 'callers-first'),
    maxWaveSize: fc.option(fc.integer({ min: 1, max: 5 }), { nil: undefined }),
    pins: fc.dictionary(
      fc.nat(n - 1).map((i) => `/w${i}`),
      fc.integer({ min: 1, max: 6 }),
      { maxKeys: 3 },
    ),
  }),
);

describe('planWaves properties', () => {
  test('order respected, cycles together, pins honoured, max size honoured, stable under input order', () => {
    fc.assert(
      fc.property(arbitraryCase, fc.nat(), ({ n, pairs, order, maxWaveSize, pins }, seed) => {
        const ids = Array.from({ length: n }, (_, i) => `/w${i}`);
        const g = graph(
          ids,
          pairs.map(([a, b]) => `/w${a}>/w${b}`),
        );
        const options: WaveOptions = { order, pins, ...(maxWaveSize !== undefined ? { maxWaveSize } : {}) };
        let plan: WavePlan;
        try {
          plan = planWaves(g, options);
        } catch (error) {
          // Only pins can make a plan impossible; without them there is always one.
          expect(error).toBeInstanceOf(WavePlanError);
          expect(Object.keys(pins).length).toBeGreaterThan(0);
          return;
        }
        const wave = waveOf(plan);
        // Every workload exactly once, waves numbered 1..n in order.
        expect([...wave.keys()].sort()).toEqual([...ids].sort());
        expect(plan.waves.map((w) => w.wave)).toEqual(plan.waves.map((_, i) => i + 1));
        const together = new Map(plan.cycles.flatMap((cycle) => cycle.map((id) => [id, cycle] as const)));
        for (const edge of g.edges) {
          if (edge.from === edge.to) {
            continue;
          }
          const [first, then] = order === 'callers-first' ? [edge.from, edge.to] : [edge.to, edge.from];
          if (together.get(first) !== undefined && together.get(first) === together.get(then)) {
            expect(wave.get(first)).toBe(wave.get(then));
          } else {
            expect(wave.get(then) as number).toBeGreaterThan(wave.get(first) as number);
          }
        }
        for (const cycle of plan.cycles) {
          expect(new Set(cycle.map((id) => wave.get(id))).size).toBe(1);
          expect(cycle).toEqual([...cycle].sort());
        }
        for (const [id, pinned] of Object.entries(pins)) {
          expect(wave.get(id)).toBe(pinned);
        }
        if (maxWaveSize !== undefined) {
          for (const w of plan.waves) {
            // Over the limit only for a cycle larger than it, or pinned workloads that share their wave.
            if (w.workloads.length > maxWaveSize) {
              const pinned = (id: string) => (together.get(id) ?? [id]).some((member) => pins[member] !== undefined);
              const explained =
                w.workloads.every(pinned) || w.workloads.length === together.get(w.workloads[0])?.length;
              expect(explained).toBe(true);
            }
          }
        }
        // Stable: the same plan from the nodes and edges in another order.
        const shuffled = {
          ...g,
          nodes: [...g.nodes].sort((a, b) => ((a.id.length * 31 + seed) % 7) - ((b.id.length * 17 + seed) % 5)),
          edges: [...g.edges].reverse(),
        };
        expect(layout(planWaves(shuffled, options))).toEqual(layout(plan));
      }),
      { numRuns: 400 },
    );
  });

  test('without pins or a size limit, each workload is in the earliest wave the order allows (longest path)', () => {
    fc.assert(
      fc.property(arbitraryCase, ({ n, pairs }) => {
        const ids = Array.from({ length: n }, (_, i) => `/w${i}`);
        const g = graph(
          ids,
          pairs.filter(([a, b]) => a > b).map(([a, b]) => `/w${a}>/w${b}`),
        );
        const wave = waveOf(planWaves(g));
        for (const id of ids) {
          const deps = g.edges.filter((e) => e.from === id).map((e) => wave.get(e.to) as number);
          expect(wave.get(id)).toBe(deps.length === 0 ? 1 : Math.max(...deps) + 1);
        }
      }),
      { numRuns: 200 },
    );
  });
});

import { NodeShape } from './node-shape';

/** Total requests of a node group. */
export interface Totals {
  readonly cpuMillis: number;
  readonly memoryMib: number;
  readonly pods: number;
  readonly gpus: number;
}

/**
 * The least any set of nodes could cost per hour to hold these requests, if pods could be cut into pieces and nodes
 * bought in fractions: the linear relaxation of the packing, over every candidate shape (mixed freely). It prices
 * the requests at the cheapest capacity per unit, taking into account that CPU, memory and pod slots come bundled.
 *
 * Solved through its dual (maximise Σ demand·y subject to each shape's capacity·y ≤ its price, y ≥ 0), whose
 * optimum is a vertex: with three resources, an intersection of three planes among the shapes' and the axes'.
 */
export function lowerBound(totals: Totals, shapes: readonly NodeShape[]): number {
  if (shapes.length === 0) {
    return 0;
  }
  if (totals.gpus > 0) {
    return singleResourceBound(totals, shapes);
  }
  const demand = [totals.cpuMillis, totals.memoryMib, totals.pods];
  const rows = efficient(shapes).map((shape) => ({
    a: [shape.cpuMillis, shape.memoryMib, shape.pods],
    p: shape.usdPerHour,
  }));
  // y_j ≥ 0 written as -y_j ≤ 0.
  const planes = [...rows, { a: [-1, 0, 0], p: 0 }, { a: [0, -1, 0], p: 0 }, { a: [0, 0, -1], p: 0 }];
  let best = 0;
  for (let i = 0; i < planes.length; i++) {
    for (let j = i + 1; j < planes.length; j++) {
      for (let k = j + 1; k < planes.length; k++) {
        const y = solve3([planes[i].a, planes[j].a, planes[k].a], [planes[i].p, planes[j].p, planes[k].p]);
        if (!y || y.some((v) => v < -1e-12)) {
          continue;
        }
        if (rows.some((row) => row.a[0] * y[0] + row.a[1] * y[1] + row.a[2] * y[2] > row.p * (1 + 1e-9) + 1e-12)) {
          continue;
        }
        best = Math.max(best, demand[0] * y[0] + demand[1] * y[1] + demand[2] * y[2]);
      }
    }
  }
  return best;
}

/**
 * Shapes no other shape beats on CPU, memory and pod slots per dollar all at once: a dominated shape is never
 * needed in the optimum, and dropping it keeps the vertex enumeration small.
 */
function efficient(shapes: readonly NodeShape[]): NodeShape[] {
  const perDollar = shapes.map((shape) => [
    shape.cpuMillis / shape.usdPerHour,
    shape.memoryMib / shape.usdPerHour,
    shape.pods / shape.usdPerHour,
  ]);
  return shapes.filter(
    (_, i) =>
      !perDollar.some(
        (other, j) =>
          j !== i && other.every((v, d) => v >= perDollar[i][d]) && other.some((v, d) => v > perDollar[i][d]),
      ),
  );
}

/** Each resource alone at its cheapest price per unit (a weaker bound, used with GPUs). */
function singleResourceBound(totals: Totals, shapes: readonly NodeShape[]): number {
  const cheapest = (per: (shape: NodeShape) => number) =>
    Math.min(...shapes.map((shape) => (per(shape) > 0 ? shape.usdPerHour / per(shape) : Infinity)));
  return Math.max(
    totals.cpuMillis * cheapest((s) => s.cpuMillis),
    totals.memoryMib * cheapest((s) => s.memoryMib),
    totals.pods * cheapest((s) => s.pods),
    totals.gpus > 0 ? totals.gpus * cheapest((s) => s.gpus) : 0,
  );
}

/** Cramer's rule for a 3 × 3 system; undefined when singular. */
function solve3(m: number[][], b: number[]): number[] | undefined {
  const det = (a: number[][]) =>
    a[0][0] * (a[1][1] * a[2][2] - a[1][2] * a[2][1]) -
    a[0][1] * (a[1][0] * a[2][2] - a[1][2] * a[2][0]) +
    a[0][2] * (a[1][0] * a[2][1] - a[1][1] * a[2][0]);
  const d = det(m);
  if (Math.abs(d) < 1e-12) {
    return undefined;
  }
  return [0, 1, 2].map((column) => det(m.map((row, r) => row.map((value, c) => (c === column ? b[r] : value)))) / d);
}

/**
 * Migration waves: the estate's dependency graph (Marathon dependencies and every discovered DC/OS name, each edge
 * with its field), and its order into waves (cycles together, pins, size caps), with a table and a page.
 */
export { EstateGraphError, estateGraph } from './graph';
export type { DependencyEdge, EdgeKind, EstateGraph, GraphNode, UnresolvedReference } from './graph';
export { WavePlanError, idsThroughWave, planWaves } from './order';
export type { Wave, WaveOptions, WavePlan } from './order';
export { wavesTable } from './table';
export type { WavesTableOptions } from './table';
export { wavesHtml } from './html';
export type { WavesHtmlOptions } from './html';

/*
 * A migration in waves converts a part of the estate while the rest keeps running on DC/OS. The whole estate is
 * still loaded and named, so every reference resolves; the selection says which definitions this run emits, and who
 * left on DC/OS calls them (the workload layer works that out from the estate's dependency graph).
 */

/** An app, pod or job left on DC/OS that calls a selected workload. */
export interface DcosCaller {
  /** Marathon id (or Metronome job id) of the caller. */
  readonly from: string;
  /** Where in the caller's definition the reference is (`env.API_URL`, `dependencies[0]`). */
  readonly via: string;
  /** The name as written there (`api-shop.marathon.mesos:8000`, `/shop/api`). */
  readonly name: string;
}

/** Which definitions of the estate this run converts. */
export interface EstateSelection {
  /** Ids (Marathon ids, Metronome job ids) of the definitions to emit; every other one stays on DC/OS. */
  readonly selected: ReadonlySet<string>;
  /** For a selected app or pod: the callers still on DC/OS, in a stable order. */
  readonly dcosCallers: ReadonlyMap<string, readonly DcosCaller[]>;
  /**
   * The wave of each id in the estate's wave plan: of the members of a shared VIP, the one of the earliest wave emits
   * its Service, so the Service does not move to another workload's file when a later wave is converted.
   * @default every id in one wave
   */
  readonly waveOf?: ReadonlyMap<string, number>;
}

import fc from 'fast-check';
import { convertEstate } from '../../lib/workload/convert';
import { loadJson } from '../helpers/load';
import { estateDocument, translateOptions } from '../helpers/marathon-arbitraries';
import { fuzz } from './fuzz';

/**
 * Whatever `validate` accepts, `convert` turns into objects a cluster accepts: for generated apps, pods, groups and
 * Metronome jobs (odd characters, unicode, long strings, numbers at their bounds, many ports and labels, docker
 * parameters, volumes, health checks, marathon-lb labels) under every option, the conversion never throws and the
 * strict validation of every emitted object finds no translation bug. A value Kubernetes cannot hold is either
 * rejected by validation (with its path) or translated into one it can, and reported.
 */

const RUNS = 600;

interface Tally {
  generated: number;
  accepted: number;
  definitions: number;
}

describe('translation of any valid estate (property-based, fast-check)', () => {
  const tally: Tally = { generated: 0, accepted: 0, definitions: 0 };

  test(`${RUNS} generated estates convert without a crash or a translation bug`, () => {
    const cases = fuzz(
      fc.property(estateDocument, translateOptions, (document, options) => {
        tally.generated++;
        const loaded = loadJson(document);
        // Definitions validation rejects are skipped: their errors are validation's own property (loader tests).
        if (loaded.definitions.length === 0) {
          return;
        }
        tally.accepted++;
        tally.definitions += loaded.definitions.length;
        const conversion = convertEstate(loaded, options);
        const bugs = conversion.report.errors.filter((error) => error.message.startsWith('translation bug'));
        expect(bugs).toEqual([]);
        expect(conversion.invalidObjects).toBe(0);
        expect(conversion.report.workloads.length).toBe(loaded.definitions.length);
      }),
      RUNS,
      30,
    );
    // The generators must mostly make valid definitions, or the property would hold vacuously.
    expect(tally.generated).toBe(cases);
    expect(tally.accepted).toBeGreaterThan(cases / 3);
    expect(tally.definitions).toBeGreaterThan(tally.accepted);
  });
});

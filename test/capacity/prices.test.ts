import { parsePrices } from '../../lib/capacity/prices';

describe('user price table', () => {
  test('JSON object of $/hour per instance type', () => {
    const prices = parsePrices('{"m6i.large": 0.08, "c7g.xlarge": "0.12"}', 'p.json');
    expect([...prices]).toEqual([
      ['m6i.large', 0.08],
      ['c7g.xlarge', 0.12],
    ]);
  });

  test('lines separated by tab, comma or space, with a header, comments and blank lines', () => {
    const prices = parsePrices('type,usd\n# negotiated\nm6i.large,0.07\n\nm6i.xlarge\t0.14\nr6i.large 0.1\n', 'p.csv');
    expect(Object.fromEntries(prices)).toEqual({ 'm6i.large': 0.07, 'm6i.xlarge': 0.14, 'r6i.large': 0.1 });
  });

  test('bad rows are errors naming the file and the line, never skipped', () => {
    expect(() => parsePrices('m6i.large,0.07\nm6i.xlarge\n', 'p.csv')).toThrow(
      'p.csv: line 2: expected an instance type and a price per hour > 0',
    );
    expect(() => parsePrices('m6i.large,-1', 'p.csv')).toThrow('p.csv: line 1');
    expect(() => parsePrices('{"m6i.large": 0}', 'p.json')).toThrow('p.json: "m6i.large"');
    expect(() => parsePrices('{"m6i.large": 0.1', 'p.json')).toThrow(/^p\.json: not valid JSON/);
  });
});

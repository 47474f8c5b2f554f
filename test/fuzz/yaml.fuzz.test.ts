import fc from 'fast-check';
import { load } from 'js-yaml';
import { parseAllDocuments } from 'yaml';
import { isPlain, stringifyYaml } from '../../lib/workload/yaml';
import { fuzz } from './fuzz';

/** What the three readers that matter make of a document: YAML 1.2 (eemeli/yaml), YAML 1.1 (kubectl's go-yaml dialect), js-yaml. */
function readings(text: string): unknown[] {
  const [v12] = parseAllDocuments(text, { version: '1.2' });
  const [v11] = parseAllDocuments(text, { version: '1.1' });
  for (const document of [v12, v11]) {
    if (document.errors.length > 0) {
      throw new Error(`${document.errors[0].message}\n${text}`);
    }
  }
  return [v12.toJS(), v11.toJS(), load(text)];
}

/** The plain-scalar rule as it was written before the linear loop: the loop must decide exactly as it did. */
const PLAIN_BEFORE = /^(?:[A-Za-z_/]|-[A-Za-z])(?:[A-Za-z0-9_./:@+=,-]| (?=[A-Za-z0-9_./@+=,-]))*$/;
const KEYWORDS = new Set(['y', 'n', 'yes', 'no', 'true', 'false', 'on', 'off', 'null', '~', '=']);
const plainBefore = (text: string) =>
  PLAIN_BEFORE.test(text) &&
  !/^[-+.0-9_eE:]+$/.test(text) &&
  !text.endsWith(':') &&
  !text.includes(': ') &&
  !KEYWORDS.has(text.toLowerCase());

const yamlSignificant = fc.constantFrom(
  ...' :-#?,[]{}&*!|>\'"%@`\n\t.0123456789abeEnNoOyY~=<+_/\\\u2028\u0085\r'.split(''),
);
const significantText = (maxLength: number) => fc.array(yamlSignificant, { maxLength }).map((chars) => chars.join(''));

describe('fuzz: the manifest YAML writer', () => {
  test('any JSON value round-trips through every reader', () => {
    fuzz(
      fc.property(fc.jsonValue({ maxDepth: 4 }), (value) => {
        const normalized = JSON.parse(JSON.stringify(value)) as unknown;
        for (const reading of readings(stringifyYaml(normalized))) {
          expect(reading).toEqual(normalized);
        }
      }),
      400,
      10,
    );
  });

  test('strings of YAML-significant characters round-trip as keys and values', () => {
    fuzz(
      fc.property(significantText(12), (text) => {
        const value = { [text]: [text, { v: text }] };
        for (const reading of readings(stringifyYaml(value))) {
          expect(reading).toEqual(value);
        }
      }),
      1500,
      11,
    );
  });

  test('the plain-scalar loop decides exactly as the regular expression it replaced', () => {
    fuzz(
      fc.property(
        fc.oneof(significantText(16), fc.string({ maxLength: 16 }), fc.stringMatching(/^[-a-z0-9 :_./@+=,]{0,16}$/)),
        (text) => {
          expect([text, isPlain(text)]).toEqual([text, plainBefore(text)]);
        },
      ),
      5000,
      12,
    );
  });

  test('long strings (up to 200,000 characters, many line breaks) round-trip and stay linear', () => {
    fuzz(
      fc.property(
        fc.array(fc.oneof(significantText(8), fc.constant('\n'.repeat(1000)), fc.constant('word '.repeat(1000))), {
          maxLength: 200,
        }),
        (parts) => {
          const text = parts.join('');
          const value = { command: ['/bin/sh', '-c', text], env: [{ name: 'X', value: text }] };
          const yaml = stringifyYaml(value);
          expect(load(yaml)).toEqual(value);
          const [v11] = parseAllDocuments(yaml, { version: '1.1' });
          expect(v11.toJS()).toEqual(value);
        },
      ),
      40,
      13,
    );
  });
});

import { ParseError, parse, printParseErrorCode } from 'jsonc-parser';
import { JsonPath } from '../util/json-path';
import { locatePaths, scanStructure } from './json-scan';

/**
 * Deepest nesting accepted. Real Marathon documents stay far below it (a deep group tree is ~40); the bound keeps
 * every later recursive walk safe from stack exhaustion on hostile input.
 */
export const MAX_NESTING_DEPTH = 256;

/** A parsed JSON document that can say where any of its values was written. */
export class SourceDocument {
  private lineStarts: number[] | undefined;

  constructor(
    /** The file path or URL as the user gave it. */
    readonly source: string,
    readonly text: string,
    readonly value: unknown,
  ) {}

  /**
   * 1-based line and column of each value (or object member) at `paths`, in one pass over the text. A path that
   * does not exist resolves to its deepest existing ancestor, so a missing field points at the object lacking it.
   */
  locateAll(paths: readonly JsonPath[]): { line: number; column: number }[] {
    return locatePaths(this.text, paths).map((offset) => this.position(offset));
  }

  locate(path: JsonPath): { line: number; column: number } {
    return this.locateAll([path])[0];
  }

  /** 1-based line and column of a character offset. */
  position(offset: number): { line: number; column: number } {
    this.lineStarts ??= computeLineStarts(this.text);
    let low = 0;
    let high = this.lineStarts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (this.lineStarts[mid] <= offset) {
        low = mid;
      } else {
        high = mid - 1;
      }
    }
    return { line: low + 1, column: offset - this.lineStarts[low] + 1 };
  }
}

/** A syntax problem that stops a document from being read at all. */
export interface SyntaxProblem {
  readonly message: string;
  readonly line?: number;
  readonly column?: number;
}

/** A key written twice in one object: JSON.parse keeps the last value and silently loses the first. */
export interface DuplicateKey {
  readonly path: JsonPath;
  readonly line: number;
  readonly column: number;
}

export type ParseOutcome =
  | { readonly ok: true; readonly document: SourceDocument; readonly duplicateKeys: readonly DuplicateKey[] }
  | { readonly ok: false; readonly problem: SyntaxProblem };

/** Parses JSON text strictly (no comments, no trailing commas), reporting line and column of any syntax error. */
export function parseJsonDocument(source: string, rawText: string): ParseOutcome {
  const text = rawText.charCodeAt(0) === 0xfeff ? rawText.slice(1) : rawText;
  if (text.trim() === '') {
    return { ok: false, problem: { message: 'the file is empty; expected a JSON document' } };
  }

  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    // jsonc-parser, which explains the error, recurses: measure the depth first.
    const depth = maxNestingDepth(text);
    if (depth > MAX_NESTING_DEPTH) {
      return { ok: false, problem: tooDeep(depth) };
    }
    return { ok: false, problem: describeSyntaxError(text, error) };
  }
  const structure = scanStructure(text);
  if (structure.maxDepth > MAX_NESTING_DEPTH) {
    return { ok: false, problem: tooDeep(structure.maxDepth) };
  }
  const document = new SourceDocument(source, text, value);
  const duplicateKeys = structure.duplicateKeys.map(({ path, offset }) => ({ path, ...document.position(offset) }));
  return { ok: true, document, duplicateKeys };
}

function tooDeep(depth: number): SyntaxProblem {
  return { message: `JSON nested ${depth} levels deep; at most ${MAX_NESTING_DEPTH} levels are accepted` };
}

function describeSyntaxError(text: string, error: unknown): SyntaxProblem {
  const errors: ParseError[] = [];
  parse(text, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
  const first = errors[0];
  if (!first) {
    // jsonc-parser accepted what JSON.parse rejected (rare, e.g. lone surrogates); keep the engine's words.
    return { message: `invalid JSON: ${error instanceof Error ? error.message : String(error)}` };
  }
  const document = new SourceDocument('', text, undefined);
  const { line, column } = document.position(trailingCommaOffset(text, first) ?? first.offset);
  return { message: `invalid JSON: ${explainParseError(text, first)}`, line, column };
}

/** For a trailing comma, point at the comma rather than at the bracket after it. */
function trailingCommaOffset(text: string, error: ParseError): number | undefined {
  const code = printParseErrorCode(error.error);
  if (code !== 'ValueExpected' && code !== 'PropertyNameExpected') {
    return undefined;
  }
  const before = text.slice(0, error.offset).trimEnd();
  return before.endsWith(',') ? before.length - 1 : undefined;
}

function explainParseError(text: string, error: ParseError): string {
  const code = printParseErrorCode(error.error);
  const previous = text.slice(0, error.offset).trimEnd().slice(-1);
  if ((code === 'ValueExpected' || code === 'PropertyNameExpected') && previous === ',') {
    return 'trailing comma: JSON does not allow a comma before a closing bracket or brace';
  }
  const found = text.substr(error.offset, Math.max(1, Math.min(error.length, 20)));
  const shown = error.offset >= text.length ? 'end of file' : JSON.stringify(found);
  if (found.startsWith("'")) {
    return `strings and property names need double quotes, found ${shown}`;
  }
  if (code === 'CommaExpected' && /\d/.test(found[0] ?? '') && /(^|[^\d.])0$/.test(text.slice(0, error.offset))) {
    return 'numbers must not have leading zeros';
  }
  switch (code) {
    case 'InvalidSymbol':
      return `unexpected ${shown}`;
    case 'InvalidNumberFormat':
      return `malformed number ${shown}`;
    case 'PropertyNameExpected':
      return `expected a property name in double quotes, found ${shown}`;
    case 'ValueExpected':
      return `expected a value, found ${shown}`;
    case 'ColonExpected':
      return `expected ':' after the property name, found ${shown}`;
    case 'CommaExpected':
      return `expected ',' between values, found ${shown}`;
    case 'CloseBraceExpected':
      return `expected '}' to close the object, found ${shown}`;
    case 'CloseBracketExpected':
      return `expected ']' to close the array, found ${shown}`;
    case 'EndOfFileExpected':
      return `unexpected ${shown} after the end of the JSON document`;
    case 'InvalidCommentToken':
    case 'UnexpectedEndOfComment':
      return 'comments are not allowed in JSON';
    case 'UnexpectedEndOfString':
      return 'unterminated string (a string cannot span lines; write a line break as \\n)';
    case 'UnexpectedEndOfNumber':
      return 'unterminated number';
    case 'InvalidUnicode':
      return 'invalid \\u escape in string';
    case 'InvalidEscapeCharacter':
      return 'invalid escape character in string';
    case 'InvalidCharacter':
      return 'control character inside a string (escape it, e.g. \\n)';
    default:
      return `unexpected ${shown}`;
  }
}

/** Nesting depth of arrays and objects in text that may not be valid JSON, counted without recursion. */
function maxNestingDepth(text: string): number {
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) {
        i++;
      } else if (c === 0x22) {
        inString = false;
      }
    } else if (c === 0x22) {
      inString = true;
    } else if (c === 0x7b || c === 0x5b) {
      if (++depth > max) {
        max = depth;
      }
    } else if (c === 0x7d || c === 0x5d) {
      depth--;
    }
  }
  return max;
}

function computeLineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) {
    if (text.charCodeAt(i) === 0x0a) {
      starts.push(i + 1);
    }
  }
  return starts;
}

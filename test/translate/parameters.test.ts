import * as fs from 'node:fs';
import * as path from 'node:path';
import * as ts from 'typescript';

/**
 * House rule of the translation: a translator takes the definition's scope (estate, notes, credentials, identity,
 * options) and at most a few values of its own. A longer positional list is the sign that context is being threaded
 * by hand again, so the rule is held here for every function, method and arrow of lib/translate.
 */
const MAX_PARAMETERS = 4;
const TRANSLATE = path.join(__dirname, '..', '..', 'lib', 'translate');

function tooLong(file: string): string[] {
  const text = fs.readFileSync(file, 'utf8');
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const found: string[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isFunctionLike(node) && node.parameters.length > MAX_PARAMETERS) {
      const { line } = source.getLineAndCharacterOfPosition(node.getStart());
      const name = node.name && ts.isIdentifier(node.name) ? node.name.text : '(anonymous)';
      found.push(`${path.basename(file)}:${line + 1} ${name} takes ${node.parameters.length} parameters`);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

describe('lib/translate', () => {
  it(`has no function with more than ${MAX_PARAMETERS} parameters`, () => {
    const files = fs
      .readdirSync(TRANSLATE)
      .filter((name) => name.endsWith('.ts'))
      .map((name) => path.join(TRANSLATE, name));
    expect(files.length).toBeGreaterThan(0);
    expect(files.flatMap(tooLong)).toEqual([]);
  });
});

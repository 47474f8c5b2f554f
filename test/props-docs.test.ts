import * as fs from 'node:fs';
import * as path from 'node:path';
import * as ts from 'typescript';
import { sourceFiles } from './helpers/files';

/*
 * Props in the manner of aws-cdk-lib: every member of an exported `…Props` / `…Options` interface of lib/eks and
 * lib/workload says what it is, and an optional one says what it is when left out (`@default`). The interfaces a
 * props member takes (a node group, a taint, container resources, the add-ons) are held to the same rule.
 */

const ROOT = path.join(__dirname, '..');
const FOLDERS = ['lib/eks', 'lib/workload'];
/** Public options elsewhere: `MarathonWorkloadProps` extends `TranslateOptions`; the planner's and the loader's options. */
const FILES = [
  'lib/translate/options.ts',
  'lib/capacity/node-shape.ts',
  'lib/capacity/plan.ts',
  'lib/marathon/load/estate.ts',
  'lib/marathon/load/http.ts',
];
const PROPS_NAME = /(Props|Options)$/;
/** Interfaces that are props by use, not by name: members of `EksEnvironmentProps` and the add-on options take them. */
const PROPS_BY_USE = [
  'ContainerResources',
  'DeliveryLimits',
  'EksEnvironmentAddons',
  'EscalationStep',
  'NodeGroupSpec',
  'NodeTaint',
];

interface CheckedInterface {
  readonly file: string;
  readonly declaration: ts.InterfaceDeclaration;
}

/** The exported props interfaces of the folders, by file relative to the repository. */
function propsInterfaces(): CheckedInterface[] {
  const files = [
    ...FOLDERS.flatMap((folder) => sourceFiles(path.join(ROOT, folder))),
    ...FILES.map((file) => path.join(ROOT, file)),
  ];
  return files.flatMap((absolute) => {
    const file = path.relative(ROOT, absolute);
    const source = ts.createSourceFile(absolute, fs.readFileSync(absolute, 'utf8'), ts.ScriptTarget.Latest, true);
    return source.statements
      .filter(ts.isInterfaceDeclaration)
      .filter((declaration) => declaration.modifiers?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword))
      .filter(({ name }) => PROPS_NAME.test(name.text) || PROPS_BY_USE.includes(name.text))
      .map((declaration) => ({ file, declaration }));
  });
}

/** What is missing from one member's doc comment. */
function problemsOf(member: ts.TypeElement): string[] {
  const docs = ts.getJSDocCommentsAndTags(member).filter(ts.isJSDoc);
  const description = docs.map((doc) => ts.getTextOfJSDocComment(doc.comment) ?? '').join('');
  const hasDefault = docs.some((doc) => doc.tags?.some((tag) => tag.tagName.text === 'default'));
  return [
    ...(description.trim() === '' ? ['no description'] : []),
    ...(member.questionToken !== undefined && !hasDefault ? ['optional without @default'] : []),
  ];
}

describe('props documentation', () => {
  const interfaces = propsInterfaces();

  it('finds the public props interfaces', () => {
    const names = interfaces.map(({ declaration }) => declaration.name.text);
    expect(names).toEqual(
      expect.arrayContaining([
        'EksEnvironmentProps',
        'MarathonWorkloadProps',
        'MonitoringOptions',
        'NodeGroupSpec',
        'PagerDutyReceiverOptions',
        'SlackReceiverOptions',
        'EmailReceiverOptions',
        'TranslateOptions',
        'WorkloadDeliveryOptions',
      ]),
    );
  });

  it('documents every member, and what an optional member defaults to', () => {
    const problems = interfaces.flatMap(({ file, declaration }) =>
      declaration.members.flatMap((member) =>
        problemsOf(member).map(
          (problem) => `${file}: ${declaration.name.text}.${member.name?.getText() ?? '(index signature)'}: ${problem}`,
        ),
      ),
    );
    expect(problems).toEqual([]);
  });
});

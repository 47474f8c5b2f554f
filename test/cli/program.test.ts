import { buildProgram } from '../../lib/cli/program';
import { CliIo } from '../../lib/cli/io';

const io: CliIo = { stdout: () => undefined, stderr: () => undefined, env: {} };

describe('the command line loads only the command it runs', () => {
  test('a named command builds that command alone, with its options', async () => {
    const program = await buildProgram(io, () => undefined, ['validate', 'estate/']);
    expect(program.commands.map((command) => command.name())).toEqual(['validate']);
    expect(program.commands[0].options.length).toBeGreaterThan(0);
  });

  test.each([[[]], [['--help']], [['help', 'convert']], [['valdate']]])(
    'with no command named (%j) every command is there, for the help and the suggestions',
    async (argv: string[]) => {
      const program = await buildProgram(io, () => undefined, argv);
      expect(program.commands.map((command) => command.name())).toEqual(['validate', 'convert', 'plan', 'waves']);
    },
  );
});

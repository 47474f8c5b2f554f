import { Command } from 'commander';
import { formatDiagnostic } from '../marathon/diagnostics';
import { loadEstate } from '../marathon/load/estate';
import { EstateGraph, EstateGraphError, estateGraph } from '../waves/graph';
import { WavePlan, WavePlanError, planWaves } from '../waves/order';
import { wavesTable } from '../waves/table';
import { CliIo, ExitCode, UsageError } from './io';
import { InputOptions, addInputOptions, loadOptionsFrom } from './inputs';
import { writeOutputFile } from './output-file';
import { WaveFlags, addWaveOptions, waveOptionsFrom } from './wave-options';

interface WavesCommandOptions extends InputOptions, WaveFlags {
  readonly json?: boolean;
  readonly html?: string;
}

/**
 * `waves <paths…>`: the estate in migration waves, dependencies first (or callers first), cycles together, with
 * `--pin` and `--max-wave-size`. Exit 1 when an input was invalid (the valid ones are planned), 2 on usage errors
 * (a bad `--pin` among them).
 */
export function wavesCommand(io: CliIo, setExitCode: (code: number) => void): Command {
  return addWaveOptions(
    addInputOptions(new Command('waves')).description(
      'order the estate into migration waves from its dependencies and the DC/OS names each workload calls',
    ),
  )
    .option('--json', 'print the plan as JSON: waves, edges with their fields, cycles, names outside the estate')
    .option('--html <file>', 'write an HTML page with the graph drawn, one column per wave')
    .action(async (paths: string[], options: WavesCommandOptions) => {
      const estate = await loadEstate(loadOptionsFrom(paths, options, io));
      const invalid = estate.diagnostics.some((d) => d.severity === 'error');
      for (const diagnostic of estate.diagnostics.filter((d) => d.severity === 'error')) {
        io.stderr(`${formatDiagnostic(diagnostic)}\n`);
      }
      let graph: EstateGraph;
      try {
        graph = estateGraph(estate.definitions, estate.groups);
      } catch (error) {
        if (error instanceof EstateGraphError) {
          io.stderr(`marathon-to-eks: ${error.message}\n`);
          setExitCode(ExitCode.invalidInput);
          return;
        }
        throw error;
      }
      const waveOptions = waveOptionsFrom(options);
      let plan: WavePlan;
      try {
        plan = planWaves(graph, waveOptions);
      } catch (error) {
        if (error instanceof WavePlanError) {
          throw new UsageError(error.message);
        }
        throw error;
      }
      if (options.html !== undefined) {
        // The page's layout engine is loaded only when a page is asked for.
        const { wavesHtml } = await import('../waves/html');
        const title = `Migration waves: ${estate.definitions.length} Marathon / Metronome definitions`;
        writeOutputFile(options.html, await wavesHtml(plan, { title, nodes: graph.nodes }), '--html', paths);
      }
      io.stdout(
        options.json
          ? `${JSON.stringify(plan, null, 2)}\n`
          : wavesTable(plan, { plan: waveOptions, nodes: graph.nodes }),
      );
      setExitCode(invalid ? ExitCode.invalidInput : ExitCode.ok);
    });
}

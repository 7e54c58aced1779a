import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { InputError } from '../../core/errors';
import { parseArgs, numberOption, stringOption } from '../args';
import type { Command } from '../main';
import { outputPathFor, runNotebook } from '../../notebook/runner';
import { terminalProgress } from '../progress';

const usage = `usage: certitude notebooks [paths...] [--profile smoke|full] [--out DIR] [--timeout SECONDS]

Execute notebooks top to bottom with the certitude tslab kernel and write their outputs (with execution
counts) into the .ipynb files. Without paths, runs every notebooks/*.ipynb in name order.

  --profile smoke|full  injected as \`profile\` after the cell tagged "parameters" (smoke: tiny epochs/samples)
  --out DIR             write executed notebooks to DIR instead of in place; figures the notebooks export go
                        to DIR/figures (CERTITUDE_FIGURES_DIR), so committed notebooks and figures stay untouched
  --timeout SECONDS     limit for one cell (default 600)

Exits 1 at the first failing cell, naming the notebook, the cell number and the kernel's message.`;

/** Notebooks to run: the given paths, or every notebooks/*.ipynb. */
function notebookPaths(positionals: string[]): string[] {
  if (positionals.length > 0) {
    for (const p of positionals) {
      if (!existsSync(p)) throw new InputError(p, 'no such notebook');
      if (!p.endsWith('.ipynb')) throw new InputError(p, 'is not an .ipynb file');
    }
    return positionals;
  }
  if (!existsSync('notebooks')) throw new InputError('paths', 'none given and there is no notebooks/ folder here');
  const found = readdirSync('notebooks').filter((f) => f.endsWith('.ipynb')).sort().map((f) => join('notebooks', f));
  if (found.length === 0) throw new InputError('paths', 'none given and notebooks/ holds no .ipynb');
  return found;
}

export const command: Command = {
  summary: 'execute notebooks headless with the tslab kernel (papermill-style parameters)',
  usage,
  async run(argv: string[]): Promise<number> {
    const args = parseArgs(argv, ['profile', 'out', 'timeout']);
    const profile = stringOption(args, 'profile');
    if (profile !== undefined && profile !== 'smoke' && profile !== 'full') throw new InputError('--profile', `must be smoke or full, got '${profile}'`);
    const timeoutS = numberOption(args, 'timeout', 600, { min: 1 });
    const outDir = stringOption(args, 'out');
    const paths = notebookPaths(args.positionals);
    const env: Record<string, string> = {};
    if (outDir) {
      mkdirSync(outDir, { recursive: true });
      env.CERTITUDE_FIGURES_DIR = resolve(outDir, 'figures');
    }
    if (profile) env.CERTITUDE_PROFILE = profile;
    const bar = terminalProgress(paths.length, { label: 'notebooks', logEvery: 1 / paths.length });
    try {
      for (const path of paths) {
        const result = await runNotebook(path, {
          parameters: profile ? { profile } : {},
          outPath: outDir ? outputPathFor(path, outDir) : undefined,
          env,
          cellTimeoutMs: timeoutS * 1000,
        });
        if (result.failure) {
          bar.stop();
          process.stderr.write(`certitude notebooks: ${result.failure.message}\n(partial outputs written to ${result.outPath})\n`);
          return 1;
        }
        bar.tick(1, `${path}: ${result.codeCellsRun} code cells in ${(result.durationMs / 1000).toFixed(1)} s → ${result.outPath}`);
      }
    } finally {
      bar.stop();
    }
    return 0;
  },
};

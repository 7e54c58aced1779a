import { join } from 'node:path';
import { InputError } from '../../core/errors';
import { parseArgs, numberOption, stringOption } from '../args';
import type { Command } from '../main';
import { FIGURE_FORMATS, FigureExporter, readFigureSpecs, type FigureFormat } from '../../notebook/figure-export';
import { terminalProgress } from '../progress';

const usage = `usage: certitude figures [names...] [--specs DIR] [--out DIR] [--formats svg,png,pdf] [--scale N]

Re-render paper figures from the Plotly specs that notebooks save (exportFigures writes
figures/specs/<name>.json beside figures/<name>.svg|png|pdf). Renders every spec, or only the named ones,
with one headless Chromium (CERTITUDE_CHROMIUM / CHROME_PATH / usual install paths; never downloaded).

  --specs DIR     folder of <name>.json specs (default figures/specs)
  --out DIR       where the files go (default figures)
  --formats LIST  comma-separated subset of svg,png,pdf (default all)
  --scale N       PNG scale over the layout size, 2..8 (default 3)`;

export const command: Command = {
  summary: 'render figures/<name>.svg|png|pdf from saved Plotly specs with headless Chromium',
  usage,
  async run(argv: string[]): Promise<number> {
    const args = parseArgs(argv, ['specs', 'out', 'formats', 'scale']);
    const specsDir = stringOption(args, 'specs', join('figures', 'specs'))!;
    const outDir = stringOption(args, 'out', 'figures')!;
    const scale = numberOption(args, 'scale', 3, { min: 2, max: 8 });
    const formats = (stringOption(args, 'formats', FIGURE_FORMATS.join(','))!).split(',').map((f) => f.trim()) as FigureFormat[];
    for (const f of formats) if (!FIGURE_FORMATS.includes(f)) throw new InputError('--formats', `unknown format '${f}' (known: ${FIGURE_FORMATS.join(', ')})`);
    let specs = readFigureSpecs(specsDir);
    if (args.positionals.length > 0) {
      const wanted = new Set(args.positionals);
      for (const name of wanted) if (!specs.some((s) => s.name === name)) throw new InputError(name, `no spec ${join(specsDir, name + '.json')}`);
      specs = specs.filter((s) => wanted.has(s.name));
    }
    if (specs.length === 0) throw new InputError('--specs', `${specsDir} holds no .json figure specs (run the notebooks first)`);
    const exporter = await FigureExporter.launch();
    const bar = terminalProgress(specs.length, { label: 'figures', logEvery: 1 / specs.length });
    try {
      for (const { name, figure } of specs) {
        const written = await exporter.export(figure, name, { dir: outDir, formats, scale, saveSpec: false });
        bar.tick(1, written.join(' '));
      }
    } finally {
      bar.stop();
      await exporter.close();
    }
    return 0;
  },
};

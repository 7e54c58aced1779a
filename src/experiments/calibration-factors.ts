/**
 * `calibration-factors`: seed 001's claims (after Guo et al. 2017, §3 "Observing miscalibration") tested on
 * Fashion-MNIST with MLPs:
 *   1. deeper networks are worse calibrated (ECE rises with depth);
 *   2. wider networks are worse calibrated (ECE rises with width);
 *   3. more weight decay improves calibration (ECE falls as weight decay grows).
 * Each factor is varied alone around a base network (the others at their base values), `repeats` seeds per
 * setting; test ECE (15 equal-width bins, uncalibrated) is correlated with the factor by Spearman's ρ
 * (midranks for ties). A claim is "supported" when ρ has the claimed sign and a one-sided permutation test
 * (10,000 seeded permutations) gives p < 0.05; otherwise "not supported by this run" (which is not evidence of
 * the opposite with so few settings).
 *
 * Parameters: trainSize, testSize, epochs, batchSize, learningRate, baseDepth, baseWidth, baseWeightDecay,
 * depths, widths, weightDecays, repeats, bins.
 */
import { sampleRankCorrelation } from 'simple-statistics';
import { Rng } from '../core/rng';
import { softmaxRows } from '../core/matrix';
import { findFashionMnistDir, imageFeatures, imageLabels, loadFashionMnist } from '../data/fashion-mnist';
import { initBackend } from '../models/backend';
import { trainMlp } from '../models/train';
import { accuracy, expectedCalibrationError, negativeLogLikelihood } from '../metrics';
import { numberListParam, numberParam } from './config';
import type { Json } from './config';
import { shuffledSplits } from './common';
import { markdownTable } from './markdown';
import type { Experiment, ExperimentOutput, TargetCheck } from './types';

/**
 * One-sided permutation p-value of Spearman's ρ: the fraction of `permutations` seeded shuffles of y whose ρ is
 * at least as extreme in the claimed direction as the observed one (with the +1 correction of Phipson & Smyth 2010).
 *
 * @param direction +1 for "ρ > 0" claims, −1 for "ρ < 0"
 * @example
 * permutationPValue([1, 2, 3, 4, 5], [1, 2, 3, 4, 5], 1, new Rng(1), 1000) // ≈ 0.009 (1/120 of orderings tie the max)
 */
export function permutationPValue(x: number[], y: number[], direction: 1 | -1, rng: Rng, permutations = 10000): number {
  const observed = direction * sampleRankCorrelation(x, y);
  let extreme = 0;
  const shuffled = y.slice();
  for (let b = 0; b < permutations; b++) {
    for (let i = shuffled.length - 1; i > 0; i--) {
      const j = rng.int(i + 1);
      [shuffled[i], shuffled[j]] = [shuffled[j], shuffled[i]];
    }
    if (direction * sampleRankCorrelation(x, shuffled) >= observed - 1e-12) extreme++;
  }
  return (extreme + 1) / (permutations + 1);
}

function factorial(n: number): number {
  let f = 1;
  for (let i = 2; i <= n; i++) f *= i;
  return f;
}

interface Run {
  factor: 'depth' | 'width' | 'weightDecay';
  depth: number;
  width: number;
  weightDecay: number;
  repeat: number;
  ece: number;
  accuracy: number;
  nll: number;
}

/** The `calibration-factors` experiment (see the module comment); registered in src/experiments/registry.ts. */
export const experiment: Experiment = {
  name: 'calibration-factors',
  summary: "seed 001's claims on Fashion-MNIST: ECE vs depth, width and weight decay (Spearman ρ)",
  checkData() {
    if (findFashionMnistDir()) return { ok: true };
    return { ok: false, reason: 'Fashion-MNIST missing (no data/fashion-mnist and no Debian package dataset-fashion-mnist)', fix: 'npx certitude data fetch fashion-mnist' };
  },
  async run({ config, rng, log }): Promise<ExperimentOutput> {
    const p = config.params;
    const trainSize = numberParam(p, 'trainSize', { integer: true, min: 100, max: 60000 });
    const testSize = numberParam(p, 'testSize', { integer: true, min: 100, max: 10000 });
    const epochs = numberParam(p, 'epochs', { integer: true, min: 1 });
    const batchSize = numberParam(p, 'batchSize', { integer: true, min: 1 });
    const learningRate = numberParam(p, 'learningRate', { min: 0 });
    const baseDepth = numberParam(p, 'baseDepth', { integer: true, min: 1 });
    const baseWidth = numberParam(p, 'baseWidth', { integer: true, min: 1 });
    const baseWeightDecay = numberParam(p, 'baseWeightDecay', { min: 0 });
    const depths = numberListParam(p, 'depths');
    const widths = numberListParam(p, 'widths');
    const weightDecays = numberListParam(p, 'weightDecays');
    const repeats = numberParam(p, 'repeats', { integer: true, min: 1 });
    const bins = numberParam(p, 'bins', { integer: true, min: 1 });

    const backend = await initBackend();
    const fashion = loadFashionMnist();
    const [trainIdx] = shuffledSplits(60000, [trainSize], rng);
    const [testIdx] = shuffledSplits(10000, [testSize], rng);
    const xTrain = imageFeatures(fashion.train, trainIdx);
    const yTrain = imageLabels(fashion.train, trainIdx);
    const xTest = imageFeatures(fashion.test, testIdx);
    const yTest = imageLabels(fashion.test, testIdx);
    const baseSeed = rng.int(2 ** 30);

    const settings: Omit<Run, 'ece' | 'accuracy' | 'nll' | 'repeat'>[] = [
      ...depths.map((depth) => ({ factor: 'depth' as const, depth, width: baseWidth, weightDecay: baseWeightDecay })),
      ...widths.map((width) => ({ factor: 'width' as const, depth: baseDepth, width, weightDecay: baseWeightDecay })),
      ...weightDecays.map((weightDecay) => ({ factor: 'weightDecay' as const, depth: baseDepth, width: baseWidth, weightDecay })),
    ];
    // The same architecture appears under several factors (the base network): train it once per repeat.
    const cache = new Map<string, { ece: number; accuracy: number; nll: number }>();
    const runs: Run[] = [];
    for (let repeat = 0; repeat < repeats; repeat++) {
      for (const s of settings) {
        const key = `${s.depth}|${s.width}|${s.weightDecay}|${repeat}`;
        let scores = cache.get(key);
        if (!scores) {
          log(`depth ${s.depth} width ${s.width} weight decay ${s.weightDecay} repeat ${repeat}`);
          const seed = baseSeed + repeat * 1000;
          const { model } = await trainMlp(
            { task: 'classification', inputDim: 784, outputDim: 10, hiddenUnits: new Array(s.depth).fill(s.width), dropoutRate: 0, weightDecay: s.weightDecay, seed },
            { x: xTrain, y: yTrain },
            { epochs, batchSize, learningRate, seed: seed + 1 },
          );
          try {
            const probs = softmaxRows(model.predictLogits(xTest));
            scores = { ece: expectedCalibrationError(probs, yTest, { bins }), accuracy: accuracy(probs, yTest), nll: negativeLogLikelihood(probs, yTest) };
          } finally {
            model.dispose();
          }
          cache.set(key, scores);
        }
        runs.push({ ...s, repeat, ...scores });
      }
    }

    const claims: { factor: Run['factor']; claim: string; direction: 1 | -1 }[] = [
      { factor: 'depth', claim: 'ECE rises with depth (deeper = worse calibrated)', direction: 1 },
      { factor: 'width', claim: 'ECE rises with width (wider = worse calibrated)', direction: 1 },
      { factor: 'weightDecay', claim: 'ECE falls as weight decay grows (more weight decay = better calibrated)', direction: -1 },
    ];
    const testRng = rng.fork();
    const verdicts = claims.map(({ factor, claim, direction }) => {
      const rs = runs.filter((r) => r.factor === factor);
      const x = rs.map((r) => r[factor]);
      const y = rs.map((r) => r.ece);
      const rho = sampleRankCorrelation(x, y);
      const pValue = permutationPValue(x, y, direction, testRng);
      const supported = Number.isFinite(rho) && direction * rho > 0 && pValue < 0.05;
      // With n runs the smallest attainable one-sided p is 1/n! (all orderings equally likely): at n ≤ 3 that is
      // ≥ 1/6, so such a run cannot support a claim at 0.05 and does not judge it.
      const judgeable = factorial(rs.length) > 20;
      return { factor, claim, rho, pValue, n: rs.length, supported, judgeable };
    });
    const targets: TargetCheck[] = verdicts.map((v) => {
      const judgeable = v.judgeable;
      return {
        target: `seed 001 claim: ${v.claim}`,
        met: judgeable ? v.supported : null,
        detail: `Spearman ρ = ${v.rho.toFixed(3)} over ${v.n} runs, one-sided permutation p = ${v.pValue.toFixed(4)}: ` +
          (judgeable ? (v.supported ? 'supported' : 'not supported by this run') : `not judged (with ${v.n} runs the smallest attainable p is 1/${factorial(v.n)})`),
      };
    });
    const table = (factor: Run['factor'], label: string): string =>
      markdownTable(
        [label, 'repeat', 'accuracy %', 'ECE %', 'NLL'],
        runs.filter((r) => r.factor === factor).map((r) => [String(r[factor]), r.repeat, (100 * r.accuracy).toFixed(2), (100 * r.ece).toFixed(2), r.nll.toFixed(4)]),
      );
    const markdown = [
      `MLPs (ReLU, no dropout) trained ${epochs} epochs (Adam lr ${learningRate}, batch ${batchSize}) on ${trainSize} Fashion-MNIST training images; test ECE (${bins} equal-width bins, uncalibrated) on ${testSize} official test images. ` +
        `Base network: depth ${baseDepth}, width ${baseWidth}, weight decay ${baseWeightDecay} (loss + λ Σ‖W‖²); one factor varied at a time; ${repeats} seed(s) per setting.`,
      '',
      markdownTable(['claim (seed 001)', 'Spearman ρ', 'one-sided p', 'runs', 'verdict'], verdicts.map((v) => [v.claim, v.rho.toFixed(3), v.pValue.toFixed(4), v.n, !v.judgeable ? 'not judged (too few runs)' : v.supported ? 'supported' : 'not supported by this run'])),
      '',
      '### Depth', '', table('depth', 'hidden layers'), '',
      '### Width', '', table('width', 'units per layer'), '',
      '### Weight decay', '', table('weightDecay', 'λ'),
    ].join('\n');
    return {
      results: { runs: runs as unknown as Json, verdicts: verdicts as unknown as Json },
      markdown,
      dataFingerprints: { 'fashion-mnist': fashion.fingerprint },
      targets,
      backend: backend as unknown as Json,
    };
  },
};

/**
 * `uci-regression`: MC Dropout (Gal & Ghahramani 2016) and Deep Ensembles (Lakshminarayanan et al. 2017) on the
 * UCI regression benchmarks with the 20 standard splits; test RMSE and test log-likelihood, mean ± standard
 * error over splits, beside the published numbers (src/experiments/published.ts).
 *
 * MC Dropout, Gal's setting (DropoutUncertaintyExps `net.py`/`experiment.py`): inputs and target standardised
 * on the training rows; one hidden layer of `nHidden` ReLU units (50; 100 for protein) with dropout on the
 * input and on the hidden layer; L2 weight decay λ = l²(1 − p) / (2Nτ) with l = 1e-2; Adam, batch 128,
 * n_epochs × `epochsMultiplier` epochs. The dropout rate p and precision τ are chosen per split by grid search
 * (the data folder's grids): train on a seeded 80% of the training rows, pick the (p, τ) of highest validation
 * LL on the other 20%, retrain on all training rows. Test RMSE is that of the MC predictive mean; test LL is
 * Gal's eq. 8 with τ: logsumexp_t(−½τ(y − ŷ_t)²) − log T − ½log 2π + ½log τ, in the target's original units.
 * DEVIATION (stated in every results file): certitude's regression MLP has a Gaussian head trained on Gaussian
 * NLL (src/models), not Gal's plain output trained on squared error; its mean output gives the samples ŷ_t.
 * The LL of the MC mixture with the head's own variances is reported as `llMixture` beside it.
 *
 * Deep Ensembles, Lakshminarayanan's setting: 5 members, one hidden layer of 50 ReLU units (100 for protein),
 * Gaussian NLL heads, `ensembleEpochs` (40) epochs, batch 100, Adam; no adversarial training (the paper's
 * Table 1 ensembles used it). Prediction: the mixture's mean μ* = mean_m μ_m and variance
 * σ*² = mean_m(σ²_m + μ²_m) − μ*², scored as a Gaussian, as in the paper.
 *
 * Parameters: datasets (names), maxSplits, epochsMultiplier, mcSamples, dropoutBatchSize, dropoutLearningRate,
 * lengthscale, gridValidationFraction, gridShareTraining (one grid network per dropout rate, scored with every τ:
 * see runSplit), dropoutVarianceFloor (optional variance floor of the MC Dropout net's Gaussian head in standardised
 * units: 1 makes its NLL ½·squared error + const wherever |residual| < 1 SD, i.e. close to Gal's squared-error
 * training; tried on 3 splits: concrete RMSE 5.38 vs 5.64 without, yacht 2.22 vs 1.15, so it is off by default),
 * dropoutLearningRateGrid (optional list of Adam step sizes added to the validation grid), ensembleMembers, ensembleEpochs, ensembleBatchSize, ensembleLearningRate.
 */
import { Matrix } from '../core/matrix';
import { Rng } from '../core/rng';
import { loadUci, presentUciDatasets, UCI_DATASETS, UciDataset } from '../data/uci';
import { BackendInfo, initBackend } from '../models/backend';
import { trainMlp } from '../models/train';
import { mcDropoutRegression } from '../uncertainty/mc-dropout';
import { numberListParam, numberParam, stringListParam } from './config';
import type { Json, ResolvedConfig } from './config';
import { formatMeanSe, markdownTable } from './markdown';
import { GAL_2016, GAL_2018, LAKSHMINARAYANAN_2017, meetsTarget, PublishedSource } from './published';
import { gaussianLogLikelihood, gaussianMixtureLogLikelihood, mcDropoutLogLikelihood, meanStandardError, MeanStandardError, rootMeanSquaredError } from './regression-scores';
import type { Experiment, ExperimentOutput, TargetCheck } from './types';

/** The data sets the issue sets targets on. */
export const UCI_TARGET_DATASETS = ['bostonHousing', 'concrete', 'energy', 'yacht', 'wine-quality-red'];

interface UciParams {
  datasets: string[];
  maxSplits: number;
  epochsMultiplier: number;
  mcSamples: number;
  dropoutBatchSize: number;
  dropoutLearningRate: number;
  lengthscale: number;
  gridValidationFraction: number;
  gridShareTraining: boolean;
  dropoutVarianceFloor: number | undefined;
  dropoutLearningRateGrid: number[] | undefined;
  ensembleMembers: number;
  ensembleEpochs: number;
  ensembleBatchSize: number;
  ensembleLearningRate: number;
}

function readParams(config: ResolvedConfig): UciParams {
  const p = config.params;
  return {
    datasets: stringListParam(p, 'datasets'),
    maxSplits: numberParam(p, 'maxSplits', { integer: true, min: 1 }),
    epochsMultiplier: numberParam(p, 'epochsMultiplier', { integer: true, min: 1 }),
    mcSamples: numberParam(p, 'mcSamples', { integer: true, min: 2 }),
    dropoutBatchSize: numberParam(p, 'dropoutBatchSize', { integer: true, min: 1 }),
    dropoutLearningRate: numberParam(p, 'dropoutLearningRate', { min: 0 }),
    lengthscale: numberParam(p, 'lengthscale', { min: 0 }),
    gridValidationFraction: numberParam(p, 'gridValidationFraction', { min: 0.05, max: 0.5 }),
    gridShareTraining: p.gridShareTraining === true,
    dropoutLearningRateGrid: p.dropoutLearningRateGrid === undefined ? undefined : numberListParam(p, 'dropoutLearningRateGrid'),
    dropoutVarianceFloor: p.dropoutVarianceFloor === undefined ? undefined : numberParam(p, 'dropoutVarianceFloor', { min: 0 }),
    ensembleMembers: numberParam(p, 'ensembleMembers', { integer: true, min: 1 }),
    ensembleEpochs: numberParam(p, 'ensembleEpochs', { integer: true, min: 1 }),
    ensembleBatchSize: numberParam(p, 'ensembleBatchSize', { integer: true, min: 1 }),
    ensembleLearningRate: numberParam(p, 'ensembleLearningRate', { min: 0 }),
  };
}

/** Column means and standard deviations (population; a constant column gets std 1 so it maps to 0). */
export function standardizer(x: Matrix, rows: ArrayLike<number>): { mean: Float64Array; std: Float64Array } {
  const d = x.cols;
  const mean = new Float64Array(d);
  const std = new Float64Array(d);
  for (let r = 0; r < rows.length; r++) for (let j = 0; j < d; j++) mean[j] += x.data[rows[r] * d + j];
  for (let j = 0; j < d; j++) mean[j] /= rows.length;
  for (let r = 0; r < rows.length; r++) for (let j = 0; j < d; j++) std[j] += (x.data[rows[r] * d + j] - mean[j]) ** 2;
  for (let j = 0; j < d; j++) {
    std[j] = Math.sqrt(std[j] / rows.length);
    if (!(std[j] > 0)) std[j] = 1;
  }
  return { mean, std };
}

/** Rows of x standardised with the given statistics. */
export function standardizedRows(x: Matrix, rows: ArrayLike<number>, s: { mean: Float64Array; std: Float64Array }): Matrix {
  const d = x.cols;
  const out = new Float64Array(rows.length * d);
  for (let r = 0; r < rows.length; r++) for (let j = 0; j < d; j++) out[r * d + j] = (x.data[rows[r] * d + j] - s.mean[j]) / s.std[j];
  return { data: out, rows: rows.length, cols: d };
}

function column(y: Float64Array, rows: ArrayLike<number>): Float64Array {
  return Float64Array.from(rows as ArrayLike<number>, (i) => y[i]);
}

/** Mean and population std of a vector (std 1 when constant). */
function vectorStats(v: Float64Array): { mean: number; std: number } {
  let m = 0;
  for (const a of v) m += a;
  m /= v.length;
  let s = 0;
  for (const a of v) s += (a - m) ** 2;
  const std = Math.sqrt(s / v.length);
  return { mean: m, std: std > 0 ? std : 1 };
}

interface DropoutFit {
  rmse: number;
  ll: number;
  llMixture: number;
}

/** Train Gal's MC Dropout net on `trainRows` and score it on `evalRows` (original units). */
async function fitDropout(
  d: UciDataset,
  trainRows: Int32Array,
  evalRows: Int32Array,
  rate: number,
  tau: number,
  p: UciParams,
  seed: number,
  evalTaus: number[] = [tau],
  learningRate: number = p.dropoutLearningRate,
): Promise<DropoutFit[]> {
  const xs = standardizer(d.x, trainRows);
  const yTrain = column(d.y, trainRows);
  const ys = vectorStats(yTrain);
  const n = trainRows.length;
  const { model } = await trainMlp(
    {
      task: 'regression',
      inputDim: d.x.cols,
      outputDim: 1,
      hiddenUnits: [d.nHidden],
      dropoutRate: rate,
      dropoutPlacement: 'input-and-hidden',
      weightDecay: (p.lengthscale ** 2 * (1 - rate)) / (2 * n * tau),
      ...(p.dropoutVarianceFloor !== undefined ? { minVariance: p.dropoutVarianceFloor } : {}),
      seed,
    },
    { x: standardizedRows(d.x, trainRows, xs), y: yTrain.map((v) => (v - ys.mean) / ys.std) },
    { epochs: d.nEpochs * p.epochsMultiplier, batchSize: p.dropoutBatchSize, learningRate, seed: seed + 1 },
  );
  try {
    const mc = mcDropoutRegression(model, standardizedRows(d.x, evalRows, xs), { samples: p.mcSamples, seed: seed + 2, returnSamples: true });
    const means = mc.sampleMeans!;
    const variances = mc.sampleVariances!;
    for (let i = 0; i < means.length; i++) {
      means[i] = means[i] * ys.std + ys.mean;
      variances[i] *= ys.std * ys.std;
    }
    const yEval = column(d.y, evalRows);
    const predictive = Float64Array.from(mc.mean, (v) => v * ys.std + ys.mean);
    const rmse = rootMeanSquaredError(yEval, predictive);
    const llMixture = gaussianMixtureLogLikelihood(means, variances, yEval);
    return evalTaus.map((t) => ({ rmse, ll: mcDropoutLogLikelihood(means, yEval, t), llMixture }));
  } finally {
    model.dispose();
  }
}

/** Train a Deep Ensemble on `trainRows` and score it on `testRows` (original units). */
async function fitEnsemble(d: UciDataset, trainRows: Int32Array, testRows: Int32Array, p: UciParams, seed: number): Promise<{ rmse: number; ll: number }> {
  const xs = standardizer(d.x, trainRows);
  const yTrain = column(d.y, trainRows);
  const ys = vectorStats(yTrain);
  const xTrain = standardizedRows(d.x, trainRows, xs);
  const xTest = standardizedRows(d.x, testRows, xs);
  const m = testRows.length;
  const sumMean = new Float64Array(m);
  const sumSecond = new Float64Array(m);
  for (let member = 0; member < p.ensembleMembers; member++) {
    // Member seeds SEED + i·1000, as in issue 4's ensemble convention.
    const memberSeed = seed + member * 1000;
    const { model } = await trainMlp(
      { task: 'regression', inputDim: d.x.cols, outputDim: 1, hiddenUnits: [d.nHidden], dropoutRate: 0, seed: memberSeed },
      { x: xTrain, y: yTrain.map((v) => (v - ys.mean) / ys.std) },
      { epochs: p.ensembleEpochs, batchSize: p.ensembleBatchSize, learningRate: p.ensembleLearningRate, seed: memberSeed + 1 },
    );
    try {
      const pred = model.predictRegression(xTest);
      for (let i = 0; i < m; i++) {
        const mu = pred.mean[i] * ys.std + ys.mean;
        const v = pred.variance[i] * ys.std * ys.std;
        sumMean[i] += mu;
        sumSecond[i] += v + mu * mu;
      }
    } finally {
      model.dispose();
    }
  }
  const mean = new Float64Array(m);
  const variance = new Float64Array(m);
  for (let i = 0; i < m; i++) {
    mean[i] = sumMean[i] / p.ensembleMembers;
    // max() guards the subtraction's rounding: σ*² ≥ mean σ²_m > 0 in exact arithmetic.
    variance[i] = Math.max(sumSecond[i] / p.ensembleMembers - mean[i] * mean[i], 1e-12);
  }
  const yTest = column(d.y, testRows);
  return { rmse: rootMeanSquaredError(yTest, mean), ll: gaussianLogLikelihood(yTest, mean, variance) };
}

interface SplitResult {
  split: number;
  dropout: { rate: number; tau: number; learningRate: number; rmse: number; ll: number; llMixture: number; grid: { rate: number; tau: number; learningRate: number; validationLl: number }[] };
  ensemble: { rmse: number; ll: number };
}

async function runSplit(d: UciDataset, s: number, p: UciParams, rng: Rng, log: (l: string) => void): Promise<SplitResult> {
  const { train, test } = d.splits[s];
  const perm = rng.permutation(train.length);
  const nVal = Math.round(train.length * p.gridValidationFraction);
  const gridVal = Int32Array.from(perm.subarray(0, nVal), (i) => train[i]);
  const gridTrain = Int32Array.from(perm.subarray(nVal), (i) => train[i]);
  const seed = rng.int(2 ** 30);
  const grid: { rate: number; tau: number; learningRate: number; validationLl: number }[] = [];
  let best = { rate: d.dropoutRates[0], tau: d.tauValues[0], learningRate: p.dropoutLearningRate, validationLl: -Infinity };
  // Optional: the Adam step size joins the validation grid (selected on the 20% split, never on test).
  const learningRates = p.dropoutLearningRateGrid ?? [p.dropoutLearningRate];
  for (const learningRate of learningRates) {
    for (const rate of d.dropoutRates) {
      if (p.gridShareTraining) {
        // One network per dropout rate, trained with the weight decay of the grid's middle τ, scored with every τ.
        // τ enters training only through λ = l²(1 − p)/(2Nτ) ≈ 1e-6 here, negligible beside the data term,
        // so this keeps the selection while training 4 networks per split instead of 12 (a stated deviation).
        const midTau = d.tauValues[Math.floor(d.tauValues.length / 2)];
        const fits = await fitDropout(d, gridTrain, gridVal, rate, midTau, p, seed, d.tauValues, learningRate);
        d.tauValues.forEach((tau, i) => {
          const entry = { rate, tau, learningRate, validationLl: fits[i].ll };
          grid.push(entry);
          if (entry.validationLl > best.validationLl) best = entry;
        });
        continue;
      }
      for (const tau of d.tauValues) {
        const [fit] = await fitDropout(d, gridTrain, gridVal, rate, tau, p, seed, [tau], learningRate);
        const entry = { rate, tau, learningRate, validationLl: fit.ll };
        grid.push(entry);
        if (fit.ll > best.validationLl) best = entry;
      }
    }
  }
  const [final] = await fitDropout(d, train, test, best.rate, best.tau, p, seed + 7, [best.tau], best.learningRate);
  const ensemble = await fitEnsemble(d, train, test, p, seed + 11);
  log(`${d.name} split ${s}: dropout p=${best.rate} τ=${best.tau} lr=${best.learningRate} RMSE ${final.rmse.toFixed(3)} LL ${final.ll.toFixed(3)}; ensemble RMSE ${ensemble.rmse.toFixed(3)} LL ${ensemble.ll.toFixed(3)}`);
  return { split: s, dropout: { rate: best.rate, tau: best.tau, learningRate: best.learningRate, ...final, grid }, ensemble };
}

/** FNV-1a hash of a string, as a non-negative 31-bit seed offset. */
export function stringSeed(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return h % 2 ** 31;
}

function fmtPublished(src: PublishedSource, name: string, metric: 'rmse' | 'll'): string {
  const r = src.rows[name];
  return r ? formatMeanSe(r[metric].mean, r[metric].se, 2) : '—';
}

function summaryJson(m: MeanStandardError): Json {
  return { mean: m.mean, se: m.se, n: m.n };
}

/** The `uci-regression` experiment (see the module comment); registered in src/experiments/registry.ts. */
export const experiment: Experiment = {
  name: 'uci-regression',
  summary: 'MC Dropout and Deep Ensembles on the UCI regression benchmarks vs Gal 2016 and Lakshminarayanan 2017',
  checkData(config) {
    const wanted = stringListParam(config.params, 'datasets');
    const present = presentUciDatasets();
    const missing = wanted.filter((n) => !present.includes(n as never));
    if (missing.length === 0) return { ok: true };
    return { ok: false, reason: `UCI data missing (${missing.join(', ')})`, fix: 'npx certitude data fetch uci' };
  },
  async run({ config, log }): Promise<ExperimentOutput> {
    const p = readParams(config);
    for (const name of p.datasets) {
      if (!(UCI_DATASETS as readonly string[]).includes(name)) throw new Error(`unknown UCI data set ${name}`);
    }
    const backend: BackendInfo = await initBackend();
    const fingerprints: Record<string, string> = {};
    const perDataset: { [k: string]: Json } = {};
    const targets: TargetCheck[] = [];
    const tableRows: string[][] = [];
    for (const name of p.datasets) {
      const d = loadUci(name);
      fingerprints[`uci/${name}`] = d.fingerprint;
      const nSplits = Math.min(p.maxSplits, d.splits.length);
      // Each data set's randomness depends only on the seed and its name, so a run restricted to some data
      // sets (e.g. one process per data set) gives the same numbers as a run over all of them.
      const splitRng = new Rng((config.seed + stringSeed(name)) % 2 ** 31);
      const splits: SplitResult[] = [];
      const t0 = Date.now();
      for (let s = 0; s < nSplits; s++) splits.push(await runSplit(d, s, p, splitRng, log));
      const dRmse = meanStandardError(splits.map((r) => r.dropout.rmse));
      const dLl = meanStandardError(splits.map((r) => r.dropout.ll));
      const dLlMix = meanStandardError(splits.map((r) => r.dropout.llMixture));
      const eRmse = meanStandardError(splits.map((r) => r.ensemble.rmse));
      const eLl = meanStandardError(splits.map((r) => r.ensemble.ll));
      perDataset[name] = {
        rows: d.x.rows,
        features: d.x.cols,
        splitsRun: nSplits,
        splitsAvailable: d.splits.length,
        nHidden: d.nHidden,
        dropoutEpochs: d.nEpochs * p.epochsMultiplier,
        seconds: (Date.now() - t0) / 1000,
        mcDropout: { rmse: summaryJson(dRmse), ll: summaryJson(dLl), llMixture: summaryJson(dLlMix) },
        deepEnsemble: { rmse: summaryJson(eRmse), ll: summaryJson(eLl) },
        splits: splits as unknown as Json,
      };
      const judge = (ours: MeanStandardError, src: PublishedSource, metric: 'rmse' | 'll', method: string): string => {
        const pub = src.rows[name];
        if (!pub) return '';
        const ok = meetsTarget(metric, ours.mean, pub[metric]);
        if (UCI_TARGET_DATASETS.includes(name) && src.key !== 'gal2018') {
          const allSplits = nSplits === d.splits.length;
          targets.push({
            target: `${name} ${method} ${metric.toUpperCase()} within 2 published SE of, or better than, ${src.citation.split(',')[0]}`,
            // A run on fewer splits than published (smoke) cannot judge the target.
            met: allSplits ? ok : null,
            detail: `ours ${formatMeanSe(ours.mean, ours.se, 3)} vs published ${formatMeanSe(pub[metric].mean, pub[metric].se, 2)}` +
              (allSplits ? '' : ` (only ${nSplits} of ${d.splits.length} splits: not judged)`),
          });
        }
        return ok ? 'yes' : 'no';
      };
      tableRows.push(
        [name, 'MC Dropout (ours)', formatMeanSe(dRmse.mean, dRmse.se, 3), formatMeanSe(dLl.mean, dLl.se, 3), `${judge(dRmse, GAL_2016, 'rmse', 'MC Dropout')}/${judge(dLl, GAL_2016, 'll', 'MC Dropout')}`, `${judge(dRmse, GAL_2018, 'rmse', 'MC Dropout')}/${judge(dLl, GAL_2018, 'll', 'MC Dropout')}`],
        ['', 'Gal & Ghahramani 2016', fmtPublished(GAL_2016, name, 'rmse'), fmtPublished(GAL_2016, name, 'll'), '', ''],
        ['', 'Gal 2018 grid search (10x epochs)', fmtPublished(GAL_2018, name, 'rmse'), fmtPublished(GAL_2018, name, 'll'), '', ''],
        ['', 'Deep Ensemble (ours)', formatMeanSe(eRmse.mean, eRmse.se, 3), formatMeanSe(eLl.mean, eLl.se, 3), `${judge(eRmse, LAKSHMINARAYANAN_2017, 'rmse', 'Deep Ensemble')}/${judge(eLl, LAKSHMINARAYANAN_2017, 'll', 'Deep Ensemble')}`, ''],
        ['', 'Lakshminarayanan et al. 2017 (LL = −NLL)', fmtPublished(LAKSHMINARAYANAN_2017, name, 'rmse'), fmtPublished(LAKSHMINARAYANAN_2017, name, 'll'), '', ''],
      );
      log(`${name}: done in ${((Date.now() - t0) / 1000).toFixed(0)} s`);
    }
    const markdown = [
      `Test RMSE and test log-likelihood (LL, higher is better; Lakshminarayanan et al.'s NLL shown negated), mean ± standard error over splits. ` +
        `MC Dropout: ${p.epochsMultiplier === 10 ? '10x' : `${p.epochsMultiplier}x`} epochs, T = ${p.mcSamples} samples, (p, τ) by grid search on an 80/20 split of each training set. ` +
        `Deep Ensemble: ${p.ensembleMembers} members, ${p.ensembleEpochs} epochs, no adversarial training. ` +
        `"within 2 SE" columns: RMSE/LL within two published standard errors of, or better than, the paper's (2016 paper and 2017 paper; the 2018 column compares with the 10x-epoch grid-search results). ` +
        `Deviation: the MC Dropout network has a Gaussian head trained on NLL (certitude's regression MLP), not Gal's squared-error output; LL uses Gal's τ formula on its mean samples.` +
        (p.dropoutLearningRateGrid ? ` The Adam step size of MC Dropout is in the validation grid too (${p.dropoutLearningRateGrid.join(', ')}).` : '') +
        (p.gridShareTraining ? ` Grid search trains one network per dropout rate (weight decay of the middle τ) and scores it with every τ (τ changes λ by ~1e-6 only), to fit the CPU budget.` : ''),
      '',
      markdownTable(['data set', 'method', 'RMSE', 'LL', 'within 2 SE of paper (RMSE/LL)', 'within 2 SE of 2018 (RMSE/LL)'], tableRows, ['l', 'l', 'r', 'r', 'l', 'l']),
    ].join('\n');
    return { results: { datasets: perDataset, params: p as unknown as Json }, markdown, dataFingerprints: fingerprints, targets, backend: backend as unknown as Json };
  },
};

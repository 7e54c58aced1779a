/**
 * Training loop for `Mlp`: Adam on shuffled mini-batches, inverted dropout during training, optional L2 weight
 * decay, validation-based early stopping that restores the best weights, and a progress callback.
 *
 * Losses (means over the rows of a batch):
 * - classification: cross-entropy −log softmax(z)_y (tf.losses.softmaxCrossEntropy, computed through log-sum-exp);
 * - regression: Gaussian NLL ½ log(2π σ²) + (y − μ)² / (2σ²) with σ² = softplus(s) + minVariance
 *   (Lakshminarayanan et al. 2017, eq. 1; the constant ½ log 2π is kept so reported values are true NLLs);
 * plus λ Σ_l ‖W_l‖² when `config.weightDecay` = λ > 0 (added to the training loss only; the validation loss and
 * the reported loss are the data term, so early stopping compares like with like).
 *
 * Determinism: initial weights come from `config.seed`; batch order and dropout masks from `options.seed`
 * (default `config.seed`). On one backend, the same seeds give bit-identical weights.
 */
import * as tf from '@tensorflow/tfjs';
import { InputError } from '../core/errors';
import { Matrix, assertFiniteMatrix, selectRows, toFiniteVector, toLabels } from '../core/matrix';
import { Rng } from '../core/rng';
import { currentBackend, initBackend } from './backend';
import { fillDropoutMask } from './dropout-masks';
import { Mlp, MlpConfig, MlpConfigInput, denseForward, dropoutLayers, gaussianHead, resolveMlpConfig } from './mlp';

/** Training data: N×D inputs and N targets (class labels 0..K−1, or real regression targets). */
export interface TrainData {
  readonly x: Matrix;
  /** Classification: integer labels (Int32Array or numbers). Regression: finite reals. */
  readonly y: ArrayLike<number>;
}

/** One progress report, sent after every epoch. */
export interface TrainProgress {
  /** 1-based epoch just finished. */
  readonly epoch: number;
  /** Maximum number of epochs. */
  readonly epochs: number;
  /** Mean training loss of this epoch (data term, dropout on). */
  readonly loss: number;
  /** Validation loss (dropout off), when there is a validation set. */
  readonly valLoss?: number;
  /** Seconds since training started. */
  readonly seconds: number;
}

/** Options of `trainMlp`. */
export interface TrainOptions {
  /** Maximum number of epochs. @default 100 */
  epochs?: number;
  /** Mini-batch size. @default 32 */
  batchSize?: number;
  /** Adam step size. @default 1e-3 */
  learningRate?: number;
  /** Adam β₁. @default 0.9 */
  beta1?: number;
  /** Adam β₂. @default 0.999 */
  beta2?: number;
  /** Adam ε. @default 1e-7 (tfjs/Keras default; PyTorch uses 1e-8) */
  epsilon?: number;
  /** A validation set for early stopping. */
  validation?: TrainData;
  /**
   * Alternatively, hold out this fraction of the training rows (seeded by `seed`) as the validation set.
   * Ignored when `validation` is given. @default 0 (no validation, no early stopping)
   */
  validationFraction?: number;
  /** Stop after this many epochs without a validation improvement larger than `minDelta`. @default 10 */
  patience?: number;
  /** Minimum decrease of the validation loss that counts as an improvement. @default 0 */
  minDelta?: number;
  /** Restore the weights of the best validation epoch when training ends. @default true */
  restoreBestWeights?: boolean;
  /** Seed of the batch order and the dropout masks. @default config.seed */
  seed?: number;
  /** Called after every epoch (awaited when it returns a promise, e.g. a notebook display update). */
  onProgress?: (progress: TrainProgress) => void | Promise<void>;
}

/** What happened during training. Arrays are indexed by epoch − 1. */
export interface TrainHistory {
  readonly loss: number[];
  readonly valLoss: number[];
  /** 1-based epoch whose weights the model holds (the best validation epoch, or the last epoch). */
  readonly bestEpoch: number;
  /** Epochs actually run (< epochs when early stopping triggered). */
  readonly epochsRun: number;
  /** Whether early stopping ended training. */
  readonly stoppedEarly: boolean;
  /** Wall-clock seconds spent. */
  readonly seconds: number;
}

/** A trained model and its history. */
export interface TrainResult {
  readonly model: Mlp;
  readonly history: TrainHistory;
}

interface ResolvedTrainOptions {
  epochs: number;
  batchSize: number;
  learningRate: number;
  beta1: number;
  beta2: number;
  epsilon: number;
  patience: number;
  minDelta: number;
  restoreBestWeights: boolean;
  seed: number;
}

/**
 * Train an MLP from scratch.
 *
 * @param config the architecture (see `MlpConfig`); `config.seed` seeds the initial weights
 * @param data N×D inputs and N labels/targets
 * @param options see `TrainOptions`
 * @returns the trained model (caller owns it: `model.dispose()`) and its history
 * @throws InputError naming `data.x`, `data.y`, `options.validation.x`, `options.<field>`… for bad input
 * @example
 * const { model, history } = await trainMlp(
 *   { task: 'classification', inputDim: 2, outputDim: 2, hiddenUnits: [32, 32], dropoutRate: 0.1 },
 *   { x, y }, { epochs: 50, validationFraction: 0.2, patience: 5 });
 * history.bestEpoch // e.g. 37
 */
export async function trainMlp(config: MlpConfigInput, data: TrainData, options: TrainOptions = {}): Promise<TrainResult> {
  if (!currentBackend()) await initBackend();
  const cfg = resolveMlpConfig(config);
  const opts = resolveTrainOptions(options, cfg);
  let { x, y } = checkData(cfg, data, 'data');
  let validation: { x: Matrix; y: Float64Array } | undefined;
  if (options.validation) {
    validation = checkData(cfg, options.validation, 'options.validation');
  } else if (options.validationFraction !== undefined && options.validationFraction > 0) {
    const f = options.validationFraction;
    if (!(f < 1)) throw new InputError('options.validationFraction', `must be in [0, 1), got ${f}`);
    const nVal = Math.round(x.rows * f);
    if (nVal < 1 || nVal >= x.rows) throw new InputError('options.validationFraction', `${f} of ${x.rows} rows leaves an empty split`);
    const perm = new Rng(opts.seed).fork().permutation(x.rows);
    const valIdx = perm.subarray(0, nVal);
    const trIdx = perm.subarray(nVal);
    validation = { x: selectRows(x, valIdx), y: pick(y, valIdx) };
    x = selectRows(x, trIdx);
    y = pick(y, trIdx);
  } else if (options.validationFraction !== undefined && !(options.validationFraction >= 0)) {
    throw new InputError('options.validationFraction', `must be in [0, 1), got ${options.validationFraction}`);
  }
  const model = Mlp.create(cfg);
  try {
    const history = await fitMlp(model, { x, y }, validation, opts, options.onProgress);
    return { model, history };
  } catch (e) {
    model.dispose();
    throw e;
  }
}

function pick(v: Float64Array, idx: ArrayLike<number>): Float64Array {
  const out = new Float64Array(idx.length);
  for (let i = 0; i < idx.length; i++) out[i] = v[idx[i]];
  return out;
}

function resolveTrainOptions(o: TrainOptions, cfg: MlpConfig): ResolvedTrainOptions {
  const r: ResolvedTrainOptions = {
    epochs: o.epochs ?? 100,
    batchSize: o.batchSize ?? 32,
    learningRate: o.learningRate ?? 1e-3,
    beta1: o.beta1 ?? 0.9,
    beta2: o.beta2 ?? 0.999,
    epsilon: o.epsilon ?? 1e-7,
    patience: o.patience ?? 10,
    minDelta: o.minDelta ?? 0,
    restoreBestWeights: o.restoreBestWeights ?? true,
    seed: o.seed ?? cfg.seed,
  };
  for (const k of ['epochs', 'batchSize', 'patience'] as const) {
    if (!Number.isInteger(r[k]) || r[k] < 1) throw new InputError(`options.${k}`, `must be a positive integer, got ${r[k]}`);
  }
  for (const k of ['learningRate', 'epsilon'] as const) {
    if (!(r[k] > 0 && Number.isFinite(r[k]))) throw new InputError(`options.${k}`, `must be finite and > 0, got ${r[k]}`);
  }
  for (const k of ['beta1', 'beta2'] as const) {
    if (!(r[k] >= 0 && r[k] < 1)) throw new InputError(`options.${k}`, `must be in [0, 1), got ${r[k]}`);
  }
  if (!(r.minDelta >= 0 && Number.isFinite(r.minDelta))) throw new InputError('options.minDelta', `must be finite and ≥ 0, got ${r.minDelta}`);
  if (!Number.isFinite(r.seed)) throw new InputError('options.seed', `must be a finite number, got ${r.seed}`);
  return r;
}

/** Validate (x, y) against the config; labels/targets come back as a Float64Array. */
function checkData(cfg: MlpConfig, data: TrainData, argument: string): { x: Matrix; y: Float64Array } {
  if (!data || typeof data !== 'object') throw new InputError(argument, 'must be {x: Matrix, y}');
  assertFiniteMatrix(data.x, `${argument}.x`);
  if (data.x.cols !== cfg.inputDim) throw new InputError(`${argument}.x`, `has ${data.x.cols} columns, config.inputDim is ${cfg.inputDim}`);
  const y =
    cfg.task === 'classification'
      ? Float64Array.from(toLabels(data.y, `${argument}.y`, cfg.outputDim, data.x.rows))
      : toFiniteVector(data.y, `${argument}.y`, data.x.rows);
  return { x: data.x, y };
}

/** Per-row data loss (mean over rows), dropout masks applied when given. Call inside tidy/grad. */
function dataLoss(model: Mlp, xb: tf.Tensor2D, yb: tf.Tensor, maskFor?: (layer: number, rows: number, width: number) => tf.Tensor2D | null, training = false): tf.Scalar {
  const cfg = model.config;
  const out = denseForward(model.variables, cfg, xb, 0, maskFor, undefined, training);
  if (cfg.task === 'classification') return tf.losses.softmaxCrossEntropy(yb, out) as tf.Scalar;
  const { mean, variance } = gaussianHead(out, cfg.minVariance);
  const resid = tf.sub(yb, mean);
  const nll = tf.add(tf.mul(0.5, tf.log(tf.mul(2 * Math.PI, variance))), tf.div(tf.square(resid), tf.mul(2, variance)));
  return tf.mean(nll);
}

function targetTensor(cfg: MlpConfig, y: Float64Array): tf.Tensor {
  if (cfg.task === 'classification') return tf.tidy(() => tf.oneHot(tf.tensor1d(Int32Array.from(y), 'int32'), cfg.outputDim).toFloat());
  return tf.tensor1d(Float32Array.from(y));
}

/**
 * Mean data loss of a model on (x, y) with dropout off, in chunks (the validation loss).
 * @returns mean cross-entropy (nats) or Gaussian NLL per row
 *
 * @example
 * evaluateLoss(model, valX, valY) // e.g. 0.21 (mean cross-entropy in nats)
 */
export function evaluateLoss(model: Mlp, x: Matrix, y: ArrayLike<number>, chunkRows = 8192): number {
  const { x: xc, y: yc } = checkData(model.config, { x, y }, 'data');
  let sum = 0;
  for (let start = 0; start < xc.rows; start += chunkRows) {
    const end = Math.min(xc.rows, start + chunkRows);
    const l = tf.tidy(() => {
      const xb = tf.tensor2d(Float32Array.from(xc.data.subarray(start * xc.cols, end * xc.cols)), [end - start, xc.cols]);
      const yb = targetTensor(model.config, yc.subarray(start, end));
      return dataLoss(model, xb, yb);
    });
    sum += l.dataSync()[0] * (end - start);
    l.dispose();
  }
  return sum / xc.rows;
}

async function fitMlp(
  model: Mlp,
  train: { x: Matrix; y: Float64Array },
  validation: { x: Matrix; y: Float64Array } | undefined,
  opts: ResolvedTrainOptions,
  onProgress: TrainOptions['onProgress'],
): Promise<TrainHistory> {
  const cfg = model.config;
  const started = performance.now();
  const n = train.x.rows;
  const rng = new Rng(opts.seed);
  const maskSeed = rng.nextUint32();
  const drop = dropoutLayers(cfg);
  const widths = [cfg.inputDim, ...cfg.hiddenUnits];
  const xAll = tf.tensor2d(Float32Array.from(train.x.data), [n, train.x.cols]);
  const yAll = targetTensor(cfg, train.y);
  const optimizer = tf.train.adam(opts.learningRate, opts.beta1, opts.beta2, opts.epsilon);
  const weightMatrices = model.variables.filter((_, i) => i % 2 === 0);
  const loss: number[] = [];
  const valLoss: number[] = [];
  let best = Infinity;
  let bestEpoch = 0;
  let bestWeights: Float32Array[] | undefined;
  let sinceBest = 0;
  let stoppedEarly = false;
  let step = 0;
  try {
    for (let epoch = 1; epoch <= opts.epochs; epoch++) {
      const order = rng.permutation(n);
      let epochLoss = 0;
      for (let start = 0; start < n; start += opts.batchSize) {
        const end = Math.min(n, start + opts.batchSize);
        const rows = end - start;
        const stream = step++;
        const batchLoss = tf.tidy(() => {
          const idx = tf.tensor1d(order.subarray(start, end), 'int32');
          const xb = tf.gather(xAll, idx) as tf.Tensor2D;
          const yb = tf.gather(yAll, idx);
          const masks: (tf.Tensor2D | null)[] = drop.map((d, l) => {
            if (!d) return null;
            // A fresh array per layer and step: the cpu backend keeps a reference to the array (no copy) and the
            // mask is needed again by the gradient, so buffers must not be shared between layers of one step.
            const buf = new Float32Array(rows * widths[l]);
            fillDropoutMask(buf, 0, rows, widths[l], 0, maskSeed, stream, l, cfg.dropoutRate);
            return tf.tensor2d(buf, [rows, widths[l]]);
          });
          // With weight decay the optimised objective is data + λΣ‖W‖², but the reported loss is the data term
          // (comparable with the validation loss): keep it out of minimize's tidy to read it afterwards.
          let dataTerm: tf.Scalar | undefined;
          const cost = optimizer.minimize(
            () => {
              const d = dataLoss(model, xb, yb, (l) => masks[l], true);
              if (cfg.weightDecay === 0) return d;
              dataTerm = tf.keep(d);
              return tf.add(d, tf.mul(cfg.weightDecay, tf.addN(weightMatrices.map((w) => tf.sum(tf.square(w)))))) as tf.Scalar;
            },
            true,
            model.variables,
          ) as tf.Scalar;
          const kept = dataTerm as tf.Scalar | undefined;
          if (kept) {
            cost.dispose();
            return kept;
          }
          return cost;
        });
        const value = batchLoss.dataSync()[0];
        batchLoss.dispose();
        if (!Number.isFinite(value)) throw new InputError('options.learningRate', `training diverged at epoch ${epoch} (loss ${value}); lower the learning rate`);
        epochLoss += value * rows;
      }
      model.touchWeights();
      const trainLoss = epochLoss / n;
      loss.push(trainLoss);
      let v: number | undefined;
      if (validation) {
        v = evaluateLoss(model, validation.x, validation.y);
        valLoss.push(v);
        if (v < best - opts.minDelta) {
          best = v;
          bestEpoch = epoch;
          sinceBest = 0;
          if (opts.restoreBestWeights) bestWeights = model.getWeights();
        } else {
          sinceBest++;
        }
      } else {
        bestEpoch = epoch;
      }
      if (onProgress) await onProgress({ epoch, epochs: opts.epochs, loss: trainLoss, valLoss: v, seconds: (performance.now() - started) / 1000 });
      if (validation && sinceBest >= opts.patience) {
        stoppedEarly = epoch < opts.epochs;
        break;
      }
    }
    const epochsRun = loss.length;
    if (validation && opts.restoreBestWeights && bestWeights && bestEpoch !== epochsRun) model.setWeights(bestWeights);
    if (validation && !opts.restoreBestWeights) bestEpoch = epochsRun;
    return { loss, valLoss, bestEpoch, epochsRun, stoppedEarly, seconds: (performance.now() - started) / 1000 };
  } finally {
    optimizer.dispose();
    xAll.dispose();
    yAll.dispose();
  }
}

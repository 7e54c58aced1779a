/**
 * Multilayer perceptrons written as plain functions of their weight tensors (no tf.layers): a stack of dense
 * layers, each `h ← act(h · W + b)`, with optional inverted dropout on the input of chosen layers.
 *
 * - Classification: the last layer outputs K logits (softmax is applied outside, so calibration code sees
 *   logits).
 * - Regression (single target): the last layer outputs two units (μ, s); the Gaussian head's variance is
 *   σ² = softplus(s) + minVariance (Lakshminarayanan et al. 2017, §2.2.1: positivity via softplus, plus a floor so
 *   the NLL cannot collapse onto one point). Trained on the Gaussian NLL (see `train.ts`).
 *
 * Writing the forward pass by hand (instead of tf.layers) lets MC Dropout start the pass at the first dropout
 * layer with the deterministic prefix computed once, feed T×N rows through shared weights in one matMul, and lets
 * ensembles stack members' weights. Dropout is applied only when masks are passed: plain prediction never drops.
 *
 * Weights are float32 (as everywhere in TensorFlow.js); inputs and outputs at this module's boundary are
 * float64 `Matrix` / `Float64Array`, never tensors.
 */
import * as tf from '@tensorflow/tfjs';
import { InputError, StateError } from '../core/errors';
import { Matrix, assertFiniteMatrix, softmaxRows } from '../core/matrix';
import { Rng } from '../core/rng';
import { BackendInfo, requireBackend } from './backend';

/** Hidden-layer nonlinearity. */
export type Activation = 'relu' | 'tanh' | 'elu' | 'sigmoid';

/**
 * Where dropout acts (always inverted dropout on the INPUT of a dense layer):
 * - `hidden`: after every hidden layer (Gal & Ghahramani's usual placement; the default);
 * - `input`: on the network input only;
 * - `input-and-hidden`: both;
 * - `last-hidden`: only before the output layer (cheapest MC Dropout: everything before it is computed once).
 */
export type DropoutPlacement = 'hidden' | 'input' | 'input-and-hidden' | 'last-hidden';

/** Full MLP configuration (plain JSON; saved with every model). */
export interface MlpConfig {
  /** `classification` (K logits) or `regression` (Gaussian head: mean and variance of one target). */
  readonly task: 'classification' | 'regression';
  /** Number of input features D. */
  readonly inputDim: number;
  /** Classification: number of classes K ≥ 2. Regression: must be 1 (one target). */
  readonly outputDim: number;
  /** Width of each hidden layer, input side first. @default [64, 64] */
  readonly hiddenUnits: readonly number[];
  /** @default 'relu' */
  readonly activation: Activation;
  /** Dropout probability p in [0, 1). @default 0.1 */
  readonly dropoutRate: number;
  /** @default 'hidden' */
  readonly dropoutPlacement: DropoutPlacement;
  /** L2 penalty λ: the training loss adds λ · Σ_layers ‖W‖²_F (biases not penalised). @default 0 */
  readonly weightDecay: number;
  /** Regression: variance floor added after the softplus. @default 1e-6 */
  readonly minVariance: number;
  /** Seed of the Glorot-uniform initialisation (biases start at 0). @default 0 */
  readonly seed: number;
}

/** What `resolveMlpConfig` accepts: the three required fields plus any defaults to override. */
export type MlpConfigInput = Partial<MlpConfig> & Pick<MlpConfig, 'task' | 'inputDim' | 'outputDim'>;

const ACTIVATIONS: readonly Activation[] = ['relu', 'tanh', 'elu', 'sigmoid'];
const PLACEMENTS: readonly DropoutPlacement[] = ['hidden', 'input', 'input-and-hidden', 'last-hidden'];

/**
 * Fill defaults into an MLP configuration and validate it.
 *
 * @throws InputError naming the bad field (e.g. `config.dropoutRate`)
 * @example
 * resolveMlpConfig({ task: 'classification', inputDim: 2, outputDim: 3 }).hiddenUnits // [64, 64]
 */
export function resolveMlpConfig(input: MlpConfigInput): MlpConfig {
  if (!input || typeof input !== 'object') throw new InputError('config', 'must be an object');
  const cfg: MlpConfig = {
    task: input.task,
    inputDim: input.inputDim,
    outputDim: input.outputDim,
    hiddenUnits: [...(input.hiddenUnits ?? [64, 64])],
    activation: input.activation ?? 'relu',
    dropoutRate: input.dropoutRate ?? 0.1,
    dropoutPlacement: input.dropoutPlacement ?? 'hidden',
    weightDecay: input.weightDecay ?? 0,
    minVariance: input.minVariance ?? 1e-6,
    seed: input.seed ?? 0,
  };
  if (cfg.task !== 'classification' && cfg.task !== 'regression') {
    throw new InputError('config.task', `must be 'classification' or 'regression', got ${String(cfg.task)}`);
  }
  positiveInt(cfg.inputDim, 'config.inputDim');
  positiveInt(cfg.outputDim, 'config.outputDim');
  if (cfg.task === 'classification' && cfg.outputDim < 2) throw new InputError('config.outputDim', `needs K ≥ 2 classes, got ${cfg.outputDim}`);
  if (cfg.task === 'regression' && cfg.outputDim !== 1) throw new InputError('config.outputDim', `regression supports one target, got ${cfg.outputDim}`);
  if (!Array.isArray(cfg.hiddenUnits)) throw new InputError('config.hiddenUnits', 'must be an array of widths');
  cfg.hiddenUnits.forEach((w, i) => positiveInt(w, `config.hiddenUnits[${i}]`));
  if (!ACTIVATIONS.includes(cfg.activation)) throw new InputError('config.activation', `must be one of ${ACTIVATIONS.join(', ')}, got ${cfg.activation}`);
  // Masks resolve the keep probability to 2⁻¹⁶ (see dropout-masks), so a rate above 1 − 2⁻¹⁶ would keep nothing.
  if (!(cfg.dropoutRate >= 0 && cfg.dropoutRate <= 1 - 2 ** -16)) throw new InputError('config.dropoutRate', `must be in [0, 1), got ${cfg.dropoutRate}`);
  if (!PLACEMENTS.includes(cfg.dropoutPlacement)) {
    throw new InputError('config.dropoutPlacement', `must be one of ${PLACEMENTS.join(', ')}, got ${cfg.dropoutPlacement}`);
  }
  if (cfg.dropoutPlacement !== 'input' && cfg.dropoutPlacement !== 'input-and-hidden' && cfg.dropoutRate > 0 && cfg.hiddenUnits.length === 0) {
    throw new InputError('config.dropoutPlacement', `'${cfg.dropoutPlacement}' needs at least one hidden layer`);
  }
  if (!(cfg.weightDecay >= 0 && Number.isFinite(cfg.weightDecay))) throw new InputError('config.weightDecay', `must be finite and ≥ 0, got ${cfg.weightDecay}`);
  if (!(cfg.minVariance > 0 && Number.isFinite(cfg.minVariance))) throw new InputError('config.minVariance', `must be finite and > 0, got ${cfg.minVariance}`);
  if (!Number.isFinite(cfg.seed)) throw new InputError('config.seed', `must be a finite number, got ${cfg.seed}`);
  return cfg;
}

function positiveInt(v: number, argument: string): void {
  if (!Number.isInteger(v) || v < 1) throw new InputError(argument, `must be a positive integer, got ${v}`);
}

/**
 * Number of output units of the last dense layer: K logits, or (μ, s) for the Gaussian head.
 *
 * @example
 * headUnits(resolveMlpConfig({ task: 'regression', inputDim: 3, outputDim: 1 })) // 2 (μ and s)
 */
export function headUnits(cfg: MlpConfig): number {
  return cfg.task === 'classification' ? cfg.outputDim : 2;
}

/**
 * Shapes of the weight tensors in order [W0, b0, W1, b1, …]; W_l is [in, out], b_l is [out].
 *
 * @example
 * weightShapes(resolveMlpConfig({ task: 'classification', inputDim: 3, outputDim: 4, hiddenUnits: [5] }))
 * // [[3, 5], [5], [5, 4], [4]]
 */
export function weightShapes(cfg: MlpConfig): number[][] {
  const widths = [cfg.inputDim, ...cfg.hiddenUnits, headUnits(cfg)];
  const shapes: number[][] = [];
  for (let l = 0; l + 1 < widths.length; l++) shapes.push([widths[l], widths[l + 1]], [widths[l + 1]]);
  return shapes;
}

/**
 * Which dense layers get dropout on their input: entry l is true when layer l's input is dropped
 * (l = 0 is the network input). All false when the rate is 0.
 *
 * @example
 * dropoutLayers(resolveMlpConfig({ task: 'classification', inputDim: 2, outputDim: 2, hiddenUnits: [8, 8] }))
 * // [false, true, true] (placement 'hidden')
 */
export function dropoutLayers(cfg: MlpConfig): boolean[] {
  const layers = cfg.hiddenUnits.length + 1;
  const out = new Array<boolean>(layers).fill(false);
  if (cfg.dropoutRate === 0) return out;
  const input = cfg.dropoutPlacement === 'input' || cfg.dropoutPlacement === 'input-and-hidden';
  const hidden = cfg.dropoutPlacement === 'hidden' || cfg.dropoutPlacement === 'input-and-hidden';
  if (input) out[0] = true;
  for (let l = 1; l < layers; l++) if (hidden) out[l] = true;
  if (cfg.dropoutPlacement === 'last-hidden') out[layers - 1] = true;
  return out;
}

/**
 * Glorot/Xavier-uniform initial weights (Glorot & Bengio 2010): W ~ U(−a, a), a = √(6 / (fan_in + fan_out)),
 * biases 0, drawn from `new Rng(seed)` in the order W0, W1, …; deterministic for a seed on every backend.
 *
 * @example
 * glorotWeights(resolveMlpConfig({ task: 'classification', inputDim: 2, outputDim: 2, hiddenUnits: [] , dropoutRate: 0 }))[0]
 * // Float32Array of 4 values in ±√(6/4) ≈ ±1.22, the same for every run
 */
export function glorotWeights(cfg: MlpConfig): Float32Array[] {
  const rng = new Rng(cfg.seed);
  return weightShapes(cfg).map((shape) => {
    const size = shape.reduce((a, b) => a * b, 1);
    const w = new Float32Array(size);
    if (shape.length === 2) {
      const limit = Math.sqrt(6 / (shape[0] + shape[1]));
      for (let i = 0; i < size; i++) w[i] = (2 * rng.uniform() - 1) * limit;
    }
    return w;
  });
}

/**
 * A mask provider: layer l → the [rows, width_l] mask tensor for that layer's input, or null for no dropout.
 *
 * @example
 * const noDropout: MaskTensorFor = () => null;
 */
export type MaskTensorFor = (layer: number, rows: number, width: number) => tf.Tensor2D | null;

/**
 * The dense stack from layer `from` to the output, as tensor ops (call inside tf.tidy).
 * `h` is the input of layer `from`; masks are multiplied onto the inputs of dropout layers when `maskFor` returns one.
 * `training` selects the dense layers with the hand-written gradient (see `trainableDense`).
 *
 * @example
 * const logits = tf.tidy(() => denseForward(model.variables, model.config, xTensor, 0)); // [N, K], dropout off
 */
export function denseForward(
  weights: readonly tf.Tensor[],
  cfg: MlpConfig,
  h: tf.Tensor2D,
  from: number,
  maskFor?: MaskTensorFor,
  to: number = cfg.hiddenUnits.length + 1,
  training = false,
): tf.Tensor2D {
  const layers = cfg.hiddenUnits.length + 1;
  const drop = dropoutLayers(cfg);
  for (let l = from; l < to; l++) {
    if (drop[l] && maskFor) {
      const m = maskFor(l, h.shape[0], h.shape[1]);
      if (m) h = tf.mul(h, m);
    }
    const last = l === layers - 1;
    const w = weights[2 * l] as tf.Tensor2D;
    const b = weights[2 * l + 1] as tf.Tensor1D;
    const act = last ? undefined : cfg.activation;
    // The network input needs no gradient (it is data), so the first layer skips computing dL/dx.
    h = training ? trainableDense(act, l > from || from > 0)(h, w, b) : denseLayer(h, w, b, act);
  }
  return h;
}

/**
 * One dense layer act(h·W + b), through tfjs' fused matMul+bias(+relu) kernel (one pass, fewer temporaries).
 *
 * @example
 * denseLayer(tf.tensor2d([[1, 2]]), tf.tensor2d([[1], [1]]), tf.tensor1d([0.5]), 'relu') // [[3.5]]
 */
export function denseLayer(h: tf.Tensor2D, w: tf.Tensor2D, b: tf.Tensor1D, activation: Activation | undefined): tf.Tensor2D {
  // tfjs' fused-matMul gradient exists only for linear and relu, so other activations run as a separate op.
  if (activation === 'relu') return tf.fused.matMul({ a: h, b: w, bias: b, activation: 'relu' }) as tf.Tensor2D;
  const z = tf.fused.matMul({ a: h, b: w, bias: b }) as tf.Tensor2D;
  if (activation === undefined) return z;
  if (activation === 'tanh') return tf.tanh(z);
  if (activation === 'elu') return tf.elu(z);
  return tf.sigmoid(z);
}

type DenseFn = (x: tf.Tensor2D, w: tf.Tensor2D, b: tf.Tensor1D) => tf.Tensor2D;
const trainableDenseCache = new Map<string, DenseFn>();

/**
 * A dense layer y = act(x·W + b) with a hand-written gradient (tf.customGrad), used in training:
 *   dz = dy ⊙ act'(z), with act' written through the output y: relu' = step(y), tanh' = 1 − y²,
 *   sigmoid' = y(1 − y), elu' = y + 1 for y ≤ 0 (α = 1) else 1;
 *   dx = dz · Wᵀ,  dW = xᵀ · dz,  db = Σ_rows dz.
 * Why: tfjs' built-in matMul gradient uses the transposeA/transposeB forms, which the wasm backend runs ~14×
 * slower than a plain matMul (measured: 15.7 ms vs 1.1 ms for 256×256×256); transposing explicitly first
 * (0.3 ms) and multiplying plainly makes a training step ~5× faster. `needDx = false` returns zeros for dx
 * (used when x is data, not a function of the weights).
 *
 * @example
 * const y = trainableDense('relu', true)(x, w, b); // same values as denseLayer(x, w, b, 'relu')
 */
export function trainableDense(activation: Activation | undefined, needDx: boolean): DenseFn {
  const key = `${activation ?? 'linear'}|${needDx}`;
  let fn = trainableDenseCache.get(key);
  if (fn) return fn;
  const grad = tf.customGrad(((x: tf.Tensor2D, w: tf.Tensor2D, b: tf.Tensor1D, save: tf.GradSaveFunc) => {
    const y = denseLayer(x, w, b, activation);
    save([x, w, y]);
    return {
      value: y,
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const [xs, ws, ys] = saved as [tf.Tensor2D, tf.Tensor2D, tf.Tensor2D];
        let dz: tf.Tensor2D;
        if (activation === undefined) dz = dy as tf.Tensor2D;
        else if (activation === 'relu') dz = tf.mul(dy, tf.step(ys));
        else if (activation === 'tanh') dz = tf.mul(dy, tf.sub(1, tf.square(ys)));
        else if (activation === 'sigmoid') dz = tf.mul(dy, tf.mul(ys, tf.sub(1, ys)));
        else dz = tf.mul(dy, tf.where(tf.greater(ys, 0), tf.onesLike(ys), tf.add(ys, 1)));
        const dx = needDx ? tf.matMul(dz, tf.transpose(ws)) : tf.zerosLike(xs);
        return [dx, tf.matMul(tf.transpose(xs), dz), tf.sum(dz, 0)];
      },
    };
  }) as unknown as Parameters<typeof tf.customGrad>[0]);
  fn = grad as unknown as DenseFn;
  trainableDenseCache.set(key, fn);
  return fn;
}

/**
 * Gaussian head: raw [N, 2] outputs (μ, s) → {mean [N], variance [N]} with σ² = softplus(s) + minVariance.
 * tf.softplus is computed stably by tfjs (log1p(exp(−|s|)) + max(s, 0)).
 *
 * @example
 * gaussianHead(tf.tensor2d([[1, 0]]), 1e-6) // mean [1], variance [log 2 + 1e-6 ≈ 0.6931]
 */
export function gaussianHead(raw: tf.Tensor2D, minVariance: number): { mean: tf.Tensor1D; variance: tf.Tensor1D } {
  const [mu, s] = tf.split(raw, 2, 1);
  return { mean: tf.reshape(mu, [-1]) as tf.Tensor1D, variance: tf.reshape(tf.add(tf.softplus(s), minVariance), [-1]) as tf.Tensor1D };
}

/** Rows per forward chunk in plain prediction (bounds peak memory at ~rows × widest layer floats). */
const DEFAULT_PREDICT_ROWS = 8192;

/** Serialised MLP: config, provenance and float32 weights (little-endian, base64). Plain JSON. */
export interface MlpState {
  readonly kind: 'certitude.mlp';
  readonly version: 1;
  readonly config: MlpConfig;
  /** The backend that produced these weights. */
  readonly backend: BackendInfo;
  /** Shapes of [W0, b0, W1, b1, …] (must match the config). */
  readonly shapes: number[][];
  /** All weights concatenated in order, float32 little-endian, base64. */
  readonly weightsFloat32Base64: string;
}

/**
 * A (trained or freshly initialised) MLP. Holds its weights as tf.Variables owned by this object: call
 * `dispose()` when done. Every method takes and returns typed arrays.
 *
 * @example
 * await initBackend();
 * const model = Mlp.create({ task: 'classification', inputDim: 2, outputDim: 2, hiddenUnits: [8] });
 * model.predictLogits(fromRows([[0, 1]])).cols // 2
 * model.dispose();
 */
export class Mlp {
  readonly config: MlpConfig;
  /** Backend (and versions) the model was created or loaded on. */
  readonly backend: BackendInfo;
  /** Live weights [W0, b0, …]; internal to src/models and src/uncertainty (never hand them to callers). */
  readonly variables: tf.Variable[];
  private disposed = false;
  /** Bumped on every weight change, so caches built from the weights (stacked ensembles) know they are stale. */
  private weightsRevision = 0;

  private constructor(config: MlpConfig, weights: Float32Array[], backend: BackendInfo) {
    this.config = config;
    this.backend = backend;
    const shapes = weightShapes(config);
    this.variables = shapes.map((shape, i) => {
      const initial = tf.tensor(weights[i], shape, 'float32');
      const v = tf.variable(initial, true);
      initial.dispose(); // the variable holds its own reference to the data
      return v;
    });
  }

  /**
   * A new MLP with Glorot-uniform weights seeded by `config.seed`.
   * @throws InputError for a bad config; StateError when no backend was initialised
   */
  static create(config: MlpConfigInput): Mlp {
    const cfg = resolveMlpConfig(config);
    return new Mlp(cfg, glorotWeights(cfg), requireBackend());
  }

  /**
   * An MLP with the given weights (float32 arrays in [W0, b0, …] order).
   * @throws StateError naming `weights` when their number or sizes do not match the config
   */
  static fromWeights(config: MlpConfigInput, weights: readonly Float32Array[]): Mlp {
    const cfg = resolveMlpConfig(config);
    checkWeights(cfg, weights, 'weights');
    return new Mlp(cfg, weights.map((w) => Float32Array.from(w)), requireBackend());
  }

  /** Number of dense layers (hidden + output). */
  get layerCount(): number {
    return this.config.hiddenUnits.length + 1;
  }

  /** Revision counter of the weights (changes whenever `setWeights` runs). */
  get revision(): number {
    return this.weightsRevision;
  }

  /**
   * Logits (classification) for every row of x, dropout off.
   * @param x N×D inputs
   * @returns N×K logits
   * @throws InputError naming `x` for a wrong width or a non-finite value; StateError after dispose or for a regression model
   */
  predictLogits(x: Matrix, options: { batchSize?: number } = {}): Matrix {
    this.assertUsable();
    if (this.config.task !== 'classification') throw new StateError('model', 'predictLogits needs a classification model; use predictRegression');
    this.checkInput(x, 'x');
    const k = this.config.outputDim;
    const out = new Float64Array(x.rows * k);
    this.forEachChunk(x, options.batchSize, (xc, start) => {
      const logits = tf.tidy(() => denseForward(this.variables, this.config, xc, 0));
      out.set(logits.dataSync(), start * k);
      logits.dispose();
    });
    return { data: out, rows: x.rows, cols: k };
  }

  /**
   * Class probabilities softmax(logits) (classification), dropout off; rows sum to 1 (float64 softmax).
   * @param x N×D inputs
   * @returns N×K probabilities
   * @throws InputError naming `x`; StateError after dispose or for a regression model
   * @example
   * model.predictProba(fromRows([[0, 1]])).data // e.g. Float64Array [0.3, 0.7]
   */
  predictProba(x: Matrix, options: { batchSize?: number } = {}): Matrix {
    return softmaxRows(this.predictLogits(x, options));
  }

  /**
   * The representation feeding the output layer: the last hidden layer's activations z(x) (N × last hidden
   * width), dropout off — e.g. for Pearce et al.'s ‖z‖ and activation familiarity. With no hidden layer it is
   * x itself (as float32 values).
   * @throws InputError naming `x`; StateError after dispose
   * @example
   * model.predictFeatures(x).cols // config.hiddenUnits[config.hiddenUnits.length - 1]
   */
  predictFeatures(x: Matrix, options: { batchSize?: number } = {}): Matrix {
    this.assertUsable();
    this.checkInput(x, 'x');
    const width = this.config.hiddenUnits.length > 0 ? this.config.hiddenUnits[this.config.hiddenUnits.length - 1] : this.config.inputDim;
    const out = new Float64Array(x.rows * width);
    this.forEachChunk(x, options.batchSize, (xc, start) => {
      const z = tf.tidy(() => denseForward(this.variables, this.config, xc, 0, undefined, this.layerCount - 1));
      out.set(z.dataSync(), start * width);
      if (z !== xc) z.dispose();
    });
    return { data: out, rows: x.rows, cols: width };
  }

  /**
   * Gaussian-head prediction (regression), dropout off.
   * @param x N×D inputs
   * @returns mean μ(x) and variance σ²(x) (the aleatoric noise), each of length N
   * @throws InputError naming `x`; StateError after dispose or for a classification model
   */
  predictRegression(x: Matrix, options: { batchSize?: number } = {}): { mean: Float64Array; variance: Float64Array } {
    this.assertUsable();
    if (this.config.task !== 'regression') throw new StateError('model', 'predictRegression needs a regression model; use predictLogits');
    this.checkInput(x, 'x');
    const mean = new Float64Array(x.rows);
    const variance = new Float64Array(x.rows);
    this.forEachChunk(x, options.batchSize, (xc, start) => {
      const [m, v] = tf.tidy(() => {
        const head = gaussianHead(denseForward(this.variables, this.config, xc, 0), this.config.minVariance);
        return [head.mean, head.variance];
      });
      mean.set(m.dataSync(), start);
      variance.set(v.dataSync(), start);
      m.dispose();
      v.dispose();
    });
    return { mean, variance };
  }

  /**
   * Raw network output (logits, or the Gaussian head's (μ, s) pre-activations) with caller-chosen dropout masks,
   * the whole network evaluated from the input. A low-level reference used to test MC Dropout; `masks[l]` is the
   * N×width_l row-major mask for layer l's input (values 0 or 1/q), or undefined for no dropout there.
   */
  forwardWithMasks(x: Matrix, masks: ReadonlyArray<Float32Array | undefined>): Matrix {
    this.assertUsable();
    this.checkInput(x, 'x');
    const out = tf.tidy(() => {
      const xt = tf.tensor2d(Float32Array.from(x.data), [x.rows, x.cols]);
      return denseForward(this.variables, this.config, xt, 0, (l, rows, width) => {
        const m = masks[l];
        if (!m) return null;
        if (m.length !== rows * width) throw new InputError(`masks[${l}]`, `length ${m.length}, expected ${rows}×${width}`);
        return tf.tensor2d(m, [rows, width]);
      });
    });
    const data = Float64Array.from(out.dataSync());
    const cols = out.shape[1];
    out.dispose();
    return { data, rows: x.rows, cols };
  }

  /** A copy of the weights as float32 arrays in [W0, b0, W1, b1, …] order. */
  getWeights(): Float32Array[] {
    this.assertUsable();
    return this.variables.map((v) => Float32Array.from(v.dataSync() as Float32Array));
  }

  /**
   * Replace the weights (e.g. restore a snapshot).
   * @throws StateError naming `weights` when their number or sizes do not match the config
   */
  setWeights(weights: readonly Float32Array[]): void {
    this.assertUsable();
    checkWeights(this.config, weights, 'weights');
    const shapes = weightShapes(this.config);
    this.variables.forEach((v, i) => tf.tidy(() => v.assign(tf.tensor(weights[i], shapes[i], 'float32'))));
    this.weightsRevision++;
  }

  /** Mark the weights as changed by an in-place update (the training loop calls this after optimiser steps). */
  touchWeights(): void {
    this.weightsRevision++;
  }

  /** All weights as one little-endian float32 byte string, [W0, b0, …] concatenated. */
  weightsToBytes(): Uint8Array {
    const ws = this.getWeights();
    const total = ws.reduce((a, w) => a + w.length, 0);
    const bytes = new Uint8Array(total * 4);
    const view = new DataView(bytes.buffer);
    let o = 0;
    for (const w of ws) for (let i = 0; i < w.length; i++, o += 4) view.setFloat32(o, w[i], true);
    return bytes;
  }

  /**
   * Rebuild a model from `weightsToBytes()` output.
   * @throws StateError naming `argument` when the byte length does not match the config's shapes
   */
  static fromBytes(config: MlpConfigInput, bytes: Uint8Array, argument = 'bytes'): Mlp {
    const cfg = resolveMlpConfig(config);
    const shapes = weightShapes(cfg);
    const total = shapes.reduce((a, s) => a + s.reduce((x, y) => x * y, 1), 0);
    if (bytes.length !== total * 4) {
      throw new StateError(argument, `holds ${bytes.length} bytes but the config's weights need ${total} float32 = ${total * 4} bytes`);
    }
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    let o = 0;
    const weights = shapes.map((s) => {
      const w = new Float32Array(s.reduce((x, y) => x * y, 1));
      for (let i = 0; i < w.length; i++, o += 4) w[i] = view.getFloat32(o, true);
      return w;
    });
    for (const w of weights) {
      for (let i = 0; i < w.length; i++) if (!Number.isFinite(w[i])) throw new StateError(argument, `weight ${w[i]} is not finite`);
    }
    return new Mlp(cfg, weights, requireBackend());
  }

  /** Plain-JSON state (config, backend, versions, weights); `Mlp.fromJSON(model.toJSON())` predicts identically. */
  toJSON(): MlpState {
    return {
      kind: 'certitude.mlp',
      version: 1,
      config: this.config,
      backend: this.backend,
      shapes: weightShapes(this.config),
      weightsFloat32Base64: Buffer.from(this.weightsToBytes()).toString('base64'),
    };
  }

  /**
   * Load a model saved by `toJSON()`.
   * @throws StateError naming `state` for a wrong kind/version, shapes that do not match the config, or corrupt weights
   */
  static fromJSON(state: MlpState): Mlp {
    if (!state || state.kind !== 'certitude.mlp') throw new StateError('state', `not a certitude.mlp state (kind ${String(state?.kind)})`);
    if (state.version !== 1) throw new StateError('state', `unsupported version ${String(state.version)}`);
    let cfg: MlpConfig;
    try {
      cfg = resolveMlpConfig(state.config);
    } catch (e) {
      throw new StateError('state.config', (e as Error).message);
    }
    const expected = JSON.stringify(weightShapes(cfg));
    if (JSON.stringify(state.shapes) !== expected) throw new StateError('state.shapes', `${JSON.stringify(state.shapes)} do not match the config's ${expected}`);
    if (typeof state.weightsFloat32Base64 !== 'string') throw new StateError('state.weightsFloat32Base64', 'missing');
    return Mlp.fromBytes(cfg, new Uint8Array(Buffer.from(state.weightsFloat32Base64, 'base64')), 'state.weightsFloat32Base64');
  }

  /** Free the weight tensors; the model cannot be used afterwards. Safe to call twice. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    for (const v of this.variables) v.dispose();
  }

  /** Whether `dispose()` ran. */
  get isDisposed(): boolean {
    return this.disposed;
  }

  /** @throws StateError after dispose */
  assertUsable(): void {
    if (this.disposed) throw new StateError('model', 'is disposed');
  }

  /**
   * Check x is a finite N×D matrix with D = config.inputDim.
   * @throws InputError naming `argument` (and the row of the first bad value)
   */
  checkInput(x: Matrix, argument: string): void {
    assertFiniteMatrix(x, argument);
    if (x.cols !== this.config.inputDim) throw new InputError(argument, `has ${x.cols} columns, the model expects ${this.config.inputDim}`);
  }

  private forEachChunk(x: Matrix, batchSize: number | undefined, body: (xc: tf.Tensor2D, start: number) => void): void {
    const step = batchSize ?? DEFAULT_PREDICT_ROWS;
    positiveInt(step, 'options.batchSize');
    for (let start = 0; start < x.rows; start += step) {
      const end = Math.min(x.rows, start + step);
      const xc = tf.tensor2d(Float32Array.from(x.data.subarray(start * x.cols, end * x.cols)), [end - start, x.cols]);
      try {
        body(xc, start);
      } finally {
        xc.dispose();
      }
    }
  }
}

function checkWeights(cfg: MlpConfig, weights: readonly Float32Array[], argument: string): void {
  const shapes = weightShapes(cfg);
  if (!Array.isArray(weights) || weights.length !== shapes.length) {
    throw new StateError(argument, `expected ${shapes.length} arrays [W0, b0, …], got ${Array.isArray(weights) ? weights.length : typeof weights}`);
  }
  shapes.forEach((s, i) => {
    const size = s.reduce((a, b) => a * b, 1);
    if (!(weights[i] instanceof Float32Array) || weights[i].length !== size) {
      throw new StateError(`${argument}[${i}]`, `expected a Float32Array of ${size} values (shape ${JSON.stringify(s)}), got ${weights[i]?.length}`);
    }
  });
}

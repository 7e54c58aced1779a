/**
 * Small gate models for the backtest, in plain TypeScript (Float64, no tensors): a one-hidden-layer MLP with
 * dropout trained by Adam on the binary cross-entropy, and the three predictors the backtest compares:
 * - single: one network, dropout off at inference (no uncertainty estimate);
 * - MC Dropout (Gal & Ghahramani 2016): one network, T stochastic forward passes with dropout on;
 * - Deep Ensemble (Lakshminarayanan et al. 2017): M networks from different seeds, each on a bootstrap
 *   resample (seed 000's `bootstrap: true`).
 * The backtest's default predictors are the project's TensorFlow.js models (gate-models-tfjs.ts, same
 * architecture); these tensor-free networks are the fast alternative (`--models plain`) that the unit tests and
 * the simulated-market claim test use, so that they run in seconds.
 *
 * Every predictor returns member logits as an M×N matrix (row m = member or MC sample), never a live object
 * of another library.
 */
import { InputError } from '../core/errors';
import { Matrix } from '../core/matrix';
import { Rng } from '../core/rng';

/** Architecture and training settings of {@link GateNet}. */
export interface GateNetConfig {
  /** Hidden units (ReLU). @default 16 */
  hidden: number;
  /** Dropout rate on the hidden layer (training and MC inference). @default 0.2 */
  dropout: number;
  /** Passes over the training data. @default 15 */
  epochs: number;
  /** Mini-batch size. @default 128 */
  batchSize: number;
  /** Adam step size. @default 0.003 */
  learningRate: number;
  /** L2 penalty on the weights (not biases), added to the mean loss. @default 0.001 */
  weightDecay: number;
}

/** Defaults of {@link GateNetConfig}: small, regularised, because daily direction has little signal. */
export const DEFAULT_GATE_NET_CONFIG: Readonly<GateNetConfig> = Object.freeze({
  hidden: 16,
  dropout: 0.2,
  epochs: 15,
  batchSize: 128,
  learningRate: 0.003,
  weightDecay: 0.001,
});

/**
 * A one-hidden-layer network x → ReLU(W1 x + b1) → w2·h + b2 (a logit), with inverted dropout on h.
 * Training: Adam (Kingma & Ba 2015) on mean binary cross-entropy from the logit,
 * ℓ = softplus(z) − y z (stable form: max(z, 0) − y z + ln(1 + e^{−|z|})).
 */
export class GateNet {
  private constructor(
    readonly inputDim: number,
    readonly config: GateNetConfig,
    private readonly w1: Float64Array, // hidden × input, row-major
    private readonly b1: Float64Array,
    private readonly w2: Float64Array,
    private b2: number,
  ) {}

  /**
   * Train on standardised features.
   *
   * @param x N×F features
   * @param y N labels 0/1
   * @param rng seeded generator (initialisation, shuffling, dropout masks)
   * @param config overrides of {@link DEFAULT_GATE_NET_CONFIG}
   * @throws InputError for mismatched lengths, empty data or labels outside {0, 1}
   * @example
   * const net = GateNet.train(x, y, new Rng(1)); net.logits(x).length // N
   */
  static train(x: Matrix, y: ArrayLike<number>, rng: Rng, config: Partial<GateNetConfig> = {}): GateNet {
    const cfg = { ...DEFAULT_GATE_NET_CONFIG, ...config };
    if (x.rows === 0) throw new InputError('x', 'has no rows');
    if (y.length !== x.rows) throw new InputError('y', `has length ${y.length}, expected ${x.rows}`);
    for (let i = 0; i < y.length; i++) if (y[i] !== 0 && y[i] !== 1) throw new InputError('y', `label ${y[i]} is not 0/1`, i);
    if (!(cfg.dropout >= 0 && cfg.dropout < 1)) throw new InputError('dropout', `must be in [0, 1), got ${cfg.dropout}`);
    const F = x.cols;
    const H = cfg.hidden;
    // He initialisation for the ReLU layer, Glorot for the output.
    const w1 = new Float64Array(H * F).map(() => rng.normal() * Math.sqrt(2 / F));
    const b1 = new Float64Array(H);
    const w2 = new Float64Array(H).map(() => rng.normal() * Math.sqrt(1 / H));
    const net = new GateNet(F, cfg, w1, b1, w2, 0);
    net.fit(x, y, rng);
    return net;
  }

  private fit(x: Matrix, y: ArrayLike<number>, rng: Rng): void {
    const { hidden: H, dropout, epochs, batchSize, learningRate: lr, weightDecay } = this.config;
    const F = this.inputDim;
    const params = [this.w1, this.b1, this.w2];
    const grads = params.map((p) => new Float64Array(p.length));
    const m = params.map((p) => new Float64Array(p.length));
    const v = params.map((p) => new Float64Array(p.length));
    let gb2 = 0;
    let mb2 = 0;
    let vb2 = 0;
    const beta1 = 0.9;
    const beta2 = 0.999;
    const eps = 1e-8; // Adam's denominator guard
    const keep = 1 - dropout;
    const h = new Float64Array(H);
    const mask = new Float64Array(H);
    let step = 0;
    for (let epoch = 0; epoch < epochs; epoch++) {
      const order = rng.permutation(x.rows);
      for (let start = 0; start < order.length; start += batchSize) {
        const end = Math.min(order.length, start + batchSize);
        const bs = end - start;
        grads.forEach((g) => g.fill(0));
        gb2 = 0;
        for (let k = start; k < end; k++) {
          const i = order[k];
          const xo = i * F;
          let z = this.b2;
          for (let j = 0; j < H; j++) {
            let a = this.b1[j];
            const wo = j * F;
            for (let f = 0; f < F; f++) a += this.w1[wo + f] * x.data[xo + f];
            mask[j] = dropout > 0 ? (rng.uniform() < keep ? 1 / keep : 0) : 1;
            h[j] = a > 0 ? a * mask[j] : 0;
            z += this.w2[j] * h[j];
          }
          const p = z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z));
          const dz = (p - y[i]) / bs; // d(mean BCE)/dz
          gb2 += dz;
          for (let j = 0; j < H; j++) {
            grads[2][j] += dz * h[j];
            if (h[j] > 0) {
              const da = dz * this.w2[j] * mask[j];
              grads[1][j] += da;
              const wo = j * F;
              for (let f = 0; f < F; f++) grads[0][wo + f] += da * x.data[xo + f];
            }
          }
        }
        for (let f = 0; f < this.w1.length; f++) grads[0][f] += 2 * weightDecay * this.w1[f];
        for (let j = 0; j < H; j++) grads[2][j] += 2 * weightDecay * this.w2[j];
        step++;
        const c1 = 1 - Math.pow(beta1, step);
        const c2 = 1 - Math.pow(beta2, step);
        params.forEach((p, k) => {
          const g = grads[k];
          for (let q = 0; q < p.length; q++) {
            m[k][q] = beta1 * m[k][q] + (1 - beta1) * g[q];
            v[k][q] = beta2 * v[k][q] + (1 - beta2) * g[q] * g[q];
            p[q] -= (lr * (m[k][q] / c1)) / (Math.sqrt(v[k][q] / c2) + eps);
          }
        });
        mb2 = beta1 * mb2 + (1 - beta1) * gb2;
        vb2 = beta2 * vb2 + (1 - beta2) * gb2 * gb2;
        this.b2 -= (lr * (mb2 / c1)) / (Math.sqrt(vb2 / c2) + eps);
      }
    }
  }

  /**
   * Logits for each row; deterministic (dropout off) unless `dropoutRng` is given, in which case one dropout
   * mask per row is drawn (one MC Dropout sample).
   *
   * @param x N×F standardised features (same F as in training)
   * @param dropoutRng generator for MC Dropout masks; omit for deterministic inference
   * @throws InputError when x has the wrong number of columns
   */
  logits(x: Matrix, dropoutRng?: Rng): Float64Array {
    if (x.cols !== this.inputDim) throw new InputError('x', `has ${x.cols} columns, the network expects ${this.inputDim}`);
    const F = this.inputDim;
    const H = this.config.hidden;
    const keep = 1 - this.config.dropout;
    const out = new Float64Array(x.rows);
    for (let i = 0; i < x.rows; i++) {
      let z = this.b2;
      const xo = i * F;
      for (let j = 0; j < H; j++) {
        let a = this.b1[j];
        const wo = j * F;
        for (let f = 0; f < F; f++) a += this.w1[wo + f] * x.data[xo + f];
        if (a <= 0) continue;
        if (dropoutRng && this.config.dropout > 0) {
          if (dropoutRng.uniform() >= keep) continue;
          a /= keep;
        }
        z += this.w2[j] * a;
      }
      out[i] = z;
    }
    return out;
  }
}

/** The three kinds of gate predictor compared in the backtest. */
export type GatePredictorKind = 'single' | 'mc-dropout' | 'ensemble';

/** A fitted gate predictor: produces member logits (M×N; M = 1 for the single network). */
export interface GatePredictor {
  kind: GatePredictorKind;
  memberLogits(x: Matrix): Matrix;
}

/** Options of {@link fitGatePredictor}. */
export interface GatePredictorOptions {
  /** Network settings. */
  net?: Partial<GateNetConfig>;
  /** Ensemble members. @default 5 */
  nModels?: number;
  /** MC Dropout samples. @default 30 */
  mcSamples?: number;
  /** Bootstrap resample for each ensemble member. @default true */
  bootstrap?: boolean;
}

/**
 * Fit a single network, an MC Dropout network or a Deep Ensemble on standardised features.
 *
 * @param kind which predictor
 * @param x N×F training features
 * @param y N labels 0/1
 * @param rng seeded generator; each member forks its own stream
 * @param options see {@link GatePredictorOptions}
 * @example
 * fitGatePredictor('ensemble', x, y, new Rng(3), { nModels: 5 }).memberLogits(xTest).rows // 5
 */
export function fitGatePredictor(kind: GatePredictorKind, x: Matrix, y: ArrayLike<number>, rng: Rng, options: GatePredictorOptions = {}): GatePredictor {
  const nModels = options.nModels ?? 5;
  const mcSamples = options.mcSamples ?? 30;
  const bootstrap = options.bootstrap ?? true;
  if (!Number.isInteger(nModels) || nModels < 1) throw new InputError('nModels', `must be a positive integer, got ${nModels}`);
  if (!Number.isInteger(mcSamples) || mcSamples < 1) throw new InputError('mcSamples', `must be a positive integer, got ${mcSamples}`);
  if (kind === 'single' || kind === 'mc-dropout') {
    const net = GateNet.train(x, y, rng.fork(), options.net);
    const inferenceRng = rng.fork();
    return {
      kind,
      memberLogits(xs: Matrix): Matrix {
        const M = kind === 'single' ? 1 : mcSamples;
        const data = new Float64Array(M * xs.rows);
        for (let s = 0; s < M; s++) data.set(net.logits(xs, kind === 'single' ? undefined : inferenceRng), s * xs.rows);
        return { data, rows: M, cols: xs.rows };
      },
    };
  }
  if (kind !== 'ensemble') throw new InputError('kind', `unknown predictor '${kind as string}'`);
  const nets: GateNet[] = [];
  for (let mIdx = 0; mIdx < nModels; mIdx++) {
    const memberRng = rng.fork();
    let xm = x;
    let ym: ArrayLike<number> = y;
    if (bootstrap) {
      const idx = memberRng.bootstrapIndices(x.rows);
      const data = new Float64Array(idx.length * x.cols);
      const labels = new Int32Array(idx.length);
      for (let r = 0; r < idx.length; r++) {
        data.set(x.data.subarray(idx[r] * x.cols, (idx[r] + 1) * x.cols), r * x.cols);
        labels[r] = y[idx[r]];
      }
      xm = { data, rows: idx.length, cols: x.cols };
      ym = labels;
    }
    nets.push(GateNet.train(xm, ym, memberRng, options.net));
  }
  return {
    kind,
    memberLogits(xs: Matrix): Matrix {
      const data = new Float64Array(nets.length * xs.rows);
      nets.forEach((net, mIdx) => data.set(net.logits(xs), mIdx * xs.rows));
      return { data, rows: nets.length, cols: xs.rows };
    },
  };
}

function sigmoid(z: number): number {
  return z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z));
}

/** Gate statistics of member logits at temperature T: mean and population std over members of σ(z/T). */
export interface TemperedGate {
  mean: Float64Array;
  std: Float64Array;
}

/**
 * Mean and spread over members of σ(z_m / T), per sample.
 *
 * @param memberLogits M×N
 * @param temperature T > 0
 * @example
 * temperedGate({ data: Float64Array.of(0, 2), rows: 2, cols: 1 }, 1).mean[0] // (0.5 + 0.8808) / 2 = 0.6904
 */
export function temperedGate(memberLogits: Matrix, temperature: number): TemperedGate {
  if (!(temperature > 0) || !Number.isFinite(temperature)) throw new InputError('temperature', `must be a positive finite number, got ${temperature}`);
  const { rows: M, cols: N, data } = memberLogits;
  const mean = new Float64Array(N);
  const std = new Float64Array(N);
  for (let i = 0; i < N; i++) {
    let s = 0;
    let s2 = 0;
    for (let mIdx = 0; mIdx < M; mIdx++) {
      const p = sigmoid(data[mIdx * N + i] / temperature);
      s += p;
      s2 += p * p;
    }
    mean[i] = s / M;
    std[i] = Math.sqrt(Math.max(0, s2 / M - mean[i] * mean[i]));
  }
  return { mean, std };
}

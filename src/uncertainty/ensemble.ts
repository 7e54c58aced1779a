/**
 * Deep Ensembles (Lakshminarayanan et al. 2017): M networks of one architecture, trained from different
 * random initialisations (member i uses seed SEED + i·1000, as seed 000's training pipeline), optionally each on
 * its own bootstrap resample of the training rows; the predictive distribution is the uniform mixture of the
 * members'. For classification the member probabilities are summarised by `summarizeClassificationSamples`
 * (mean, std, disagreement, predictive entropy = expected entropy (aleatoric) + mutual information (epistemic));
 * for Gaussian-head regression by `summarizeRegressionSamples` (mixture mean, E[σ²_m] + Var[μ_m]).
 *
 * Inference runs all members in one pass over stacked weights, never as M separate predicts:
 * - `batched`: weights stacked to [M, in, out] and one batched tf.matMul per layer (the input is shared, so the
 *   first layer is a single [N, in]·[in, M·out] product);
 * - `grouped`: each layer as M plain 2-D matMuls inside one tidy, one stacked [M, N, K] result, one download.
 * `auto` picks `batched` on the native tfjs-node backends and `grouped` on wasm/cpu, because tfjs-backend-wasm
 * 4.22 runs 3-D BatchMatMul through a slow generic loop: measured here, [5, 20000, 256]·[5, 256, 256] took 5.1 s
 * against 0.09 s for one [20000, 256]·[256, 256] 2-D product (XNNPACK), i.e. ~11× slower per flop.
 *
 * Saving writes `member-<i>.bin` (float32 little-endian weights) and `ensemble_config.json` (n_models, paths,
 * SHA-256 of each member file, seeds, config, data fingerprint, backend, versions, histories) into a temporary
 * sibling directory that is renamed into place, so a crash never leaves a half-written ensemble.
 */
import * as tf from '@tensorflow/tfjs';
import { createHash } from 'node:crypto';
import { promises as fsp } from 'node:fs';
import * as path from 'node:path';
import { InputError, StateError } from '../core/errors';
import { Matrix, selectRows } from '../core/matrix';
import { Rng } from '../core/rng';
import { BackendInfo, currentBackend, initBackend, requireBackend } from '../models/backend';
import { Mlp, MlpConfig, MlpConfigInput, denseForward, denseLayer, headUnits, resolveMlpConfig, weightShapes } from '../models/mlp';
import { TrainData, TrainHistory, TrainOptions, TrainProgress, trainMlp } from '../models/train';
import { ClassificationUncertainty, RegressionUncertainty, summarizeClassificationSamples, summarizeRegressionSamples } from './measures';
import { gaussianHeadFromRaw, softmaxInPlace } from './mc-dropout';

/**
 * Seed spacing between members (seed 000: `SEED + i * 1000`).
 *
 * @example
 * Array.from({ length: 3 }, (_, i) => 42 + i * MEMBER_SEED_STRIDE) // [42, 1042, 2042]
 */
export const MEMBER_SEED_STRIDE = 1000;
/**
 * Offset of a member's bootstrap-resampling seed from its training seed (< stride, so it never equals another member's seed).
 *
 * @example
 * new Rng(1042 + BOOTSTRAP_SEED_OFFSET).bootstrapIndices(n) // member 1's resample when SEED = 42
 */
export const BOOTSTRAP_SEED_OFFSET = 500;

/** Options of `trainEnsemble`. */
export interface EnsembleOptions {
  /** Number of members M. @default 5 */
  nModels?: number;
  /** Base seed SEED; member i is initialised and trained with SEED + i·1000. @default config.seed ?? 0 */
  seed?: number;
  /** Train each member on its own bootstrap resample (n rows drawn with replacement, seed SEED + i·1000 + 500). @default false */
  bootstrap?: boolean;
  /**
   * Members trained at the same time, each in its own child process (one TensorFlow.js backend per process).
   * 1 trains in this process. The results are identical either way (same seeds, same backend). @default 1
   */
  workers?: number;
  /**
   * Training options shared by every member (epochs, batchSize, learningRate, validation, patience, …). A
   * `validationFraction` split is drawn ONCE from SEED and shared by all members; `seed` and `onProgress` here
   * are ignored (use `onMemberProgress`).
   */
  train?: Omit<TrainOptions, 'seed' | 'onProgress'>;
  /** Progress of member `member` (0-based), after each of its epochs. */
  onMemberProgress?: (member: number, progress: TrainProgress) => void;
}

/** Inference options. */
export interface EnsemblePredictOptions {
  /** Also return every member's predictions (M×N×K probabilities, or M×N means/variances). @default false */
  returnMembers?: boolean;
  /** How members are run together (see the module comment). @default 'auto' */
  strategy?: 'auto' | 'batched' | 'grouped';
  /** Rows per forward chunk (memory ∝ rows × M × widest layer). @default ⌊2²⁴ / (M × widest layer)⌋, at least 256 */
  batchSize?: number;
}

/** Ensemble classification: the measures' per-row summary plus, on request, the member probabilities. */
export interface EnsembleClassification extends ClassificationUncertainty {
  /** Member probabilities, row-major M×N×K (member m, row i, class k at (m·N + i)·K + k); with `returnMembers`. */
  readonly memberProbabilities?: Float64Array;
  readonly m: number;
  readonly n: number;
  readonly k: number;
  readonly backend: BackendInfo;
}

/** Ensemble regression (mixture of Gaussians, moment-matched). */
export interface EnsembleRegression extends RegressionUncertainty {
  /** Member means, row-major M×N; with `returnMembers`. */
  readonly memberMeans?: Float64Array;
  /** Member variances σ²_m(x_i), row-major M×N; with `returnMembers`. */
  readonly memberVariances?: Float64Array;
  readonly m: number;
  readonly n: number;
  readonly backend: BackendInfo;
}

/** Provenance of an ensemble, saved in ensemble_config.json. */
export interface EnsembleMetadata {
  /** Member seeds SEED + i·1000. */
  readonly seeds: readonly number[];
  /** Whether members were trained on bootstrap resamples. */
  readonly bootstrap: boolean;
  /** SHA-256 fingerprint of the training data (`fingerprintTrainingData`), or null when unknown. */
  readonly dataFingerprint: string | null;
  /** Training histories, one per member (empty when unknown). */
  readonly histories: readonly TrainHistory[];
  /** The backend that trained the members. */
  readonly trainedOn: BackendInfo;
}

/** The JSON written as ensemble_config.json. */
export interface EnsembleConfigFile {
  readonly kind: 'certitude.deep-ensemble';
  readonly version: 1;
  readonly n_models: number;
  readonly paths: readonly string[];
  readonly sha256: readonly string[];
  readonly seeds: readonly number[];
  readonly bootstrap: boolean;
  readonly config: MlpConfig;
  readonly shapes: readonly number[][];
  readonly data_fingerprint: string | null;
  readonly backend: BackendInfo;
  readonly versions: Readonly<Record<string, string>>;
  readonly histories: readonly TrainHistory[];
  readonly saved_at: string;
}

/**
 * SHA-256 fingerprint of training data: shape, the float64 bytes of x and of y. Two ensembles trained on equal
 * data have equal fingerprints.
 *
 * @example
 * fingerprintTrainingData({ x: fromRows([[1, 2]]), y: [0] }) // 'sha256:…'
 */
export function fingerprintTrainingData(data: TrainData): string {
  const h = createHash('sha256');
  h.update(`x ${data.x.rows}x${data.x.cols}\u0000`);
  h.update(new Uint8Array(data.x.data.buffer, data.x.data.byteOffset, data.x.data.byteLength));
  const y = Float64Array.from(data.y);
  h.update(`y ${y.length}\u0000`);
  h.update(new Uint8Array(y.buffer));
  return 'sha256:' + h.digest('hex');
}

/**
 * A trained Deep Ensemble. Owns its members (`dispose()` frees them and the stacked weights).
 *
 * @example
 * const ens = await trainEnsemble({ task: 'classification', inputDim: 2, outputDim: 2, hiddenUnits: [32, 32] },
 *                                 { x, y }, { nModels: 5, seed: 42, train: { epochs: 30 } });
 * const u = ens.predict(grid);   // u.mean, u.std, u.mutualInformation, u.disagreement …
 * await ens.save('models/ensemble');
 * const again = await DeepEnsemble.load('models/ensemble'); // identical predictions on the same backend
 */
export class DeepEnsemble {
  readonly members: readonly Mlp[];
  readonly config: MlpConfig;
  readonly metadata: EnsembleMetadata;
  private stacked: { revision: string; tensors: tf.Tensor[] } | undefined;
  private disposed = false;

  /**
   * Wrap trained members (all with the same architecture) into an ensemble; the ensemble takes ownership.
   * @throws InputError naming `members` when empty or architectures differ
   */
  constructor(members: readonly Mlp[], metadata: Partial<EnsembleMetadata> = {}) {
    if (!Array.isArray(members) || members.length === 0) throw new InputError('members', 'needs at least one model');
    const shape = JSON.stringify(architecture(members[0].config));
    members.forEach((m, i) => {
      m.assertUsable();
      if (JSON.stringify(architecture(m.config)) !== shape) throw new InputError('members', `member ${i} has a different architecture than member 0`);
    });
    this.members = [...members];
    this.config = members[0].config;
    this.metadata = {
      seeds: metadata.seeds ?? members.map((m) => m.config.seed),
      bootstrap: metadata.bootstrap ?? false,
      dataFingerprint: metadata.dataFingerprint ?? null,
      histories: metadata.histories ?? [],
      trainedOn: metadata.trainedOn ?? members[0].backend,
    };
    if (this.metadata.seeds.length !== members.length) throw new InputError('metadata.seeds', `has ${this.metadata.seeds.length} seeds for ${members.length} members`);
  }

  /** Number of members M. */
  get size(): number {
    return this.members.length;
  }

  /** The backend the members run on now. */
  get backend(): BackendInfo {
    return this.members[0].backend;
  }

  /**
   * Raw outputs of every member (logits, or the Gaussian head's (μ, s)), row-major M×N×units, float32 values
   * widened to float64.
   * @throws InputError naming `x` or `options.<field>`; StateError after dispose
   */
  predictMemberOutputs(x: Matrix, options: EnsemblePredictOptions = {}): { data: Float64Array; m: number; n: number; units: number } {
    this.assertUsable();
    this.members[0].checkInput(x, 'x');
    const strategy = options.strategy ?? 'auto';
    if (strategy !== 'auto' && strategy !== 'batched' && strategy !== 'grouped') {
      throw new InputError('options.strategy', `must be 'auto', 'batched' or 'grouped', got ${String(strategy)}`);
    }
    const batched = strategy === 'batched' || (strategy === 'auto' && this.backend.tfBackend === 'tensorflow');
    // Bigger chunks are faster (fewer, larger matMuls; measured ~20% for 20000 rows vs 4096-row chunks), but a tidy
    // holds every member's activations of a chunk until it ends: cap one layer's stacked activations at 2²⁴ floats.
    const widest = Math.max(this.config.inputDim, ...this.config.hiddenUnits, headUnits(this.config));
    const step = options.batchSize ?? Math.max(256, Math.floor(2 ** 24 / (this.size * widest)));
    if (!Number.isInteger(step) || step < 1) throw new InputError('options.batchSize', `must be a positive integer, got ${step}`);
    const stack = batched ? this.stackedWeights() : undefined;
    const M = this.size;
    const units = headUnits(this.config);
    const n = x.rows;
    const out = new Float64Array(M * n * units);
    for (let r0 = 0; r0 < n; r0 += step) {
      const rows = Math.min(step, n - r0);
      const y = tf.tidy(() => {
        const xb = tf.tensor2d(Float32Array.from(x.data.subarray(r0 * x.cols, (r0 + rows) * x.cols)), [rows, x.cols]);
        return stack ? this.forwardBatched(xb, stack) : this.forwardGrouped(xb);
      });
      const values = y.dataSync() as Float32Array; // [M, rows, units]
      y.dispose();
      for (let m = 0; m < M; m++) out.set(values.subarray(m * rows * units, (m + 1) * rows * units), (m * n + r0) * units);
    }
    return { data: out, m: M, n, units };
  }

  /**
   * Classification: member probabilities (float64 softmax of the logits) summarised by
   * `summarizeClassificationSamples` with T = M.
   * @param x N×D inputs
   * @throws InputError naming `x`; StateError for a regression ensemble or after dispose
   * @example
   * const u = ensemble.predict(x, { returnMembers: true });
   * u.mean.rows === x.rows; u.memberProbabilities!.length === 5 * x.rows * K // true
   */
  predict(x: Matrix, options: EnsemblePredictOptions = {}): EnsembleClassification {
    if (this.config.task !== 'classification') throw new StateError('ensemble', 'predict needs a classification ensemble; use predictRegression');
    const raw = this.predictMemberOutputs(x, options);
    const probs = softmaxInPlace(raw.data, raw.units);
    const summary = summarizeClassificationSamples(probs, raw.m, raw.n, raw.units);
    return { ...summary, ...(options.returnMembers ? { memberProbabilities: probs } : {}), m: raw.m, n: raw.n, k: raw.units, backend: this.backend };
  }

  /**
   * Regression: the uniform mixture of the members' Gaussians, moment-matched: mean (1/M)Σμ_m, variance
   * (1/M)Σσ²_m (aleatoric) + (1/M)Σ(μ_m − μ̄)² (epistemic) (Lakshminarayanan et al. 2017, §2.4).
   * @throws InputError naming `x`; StateError for a classification ensemble or after dispose
   */
  predictRegression(x: Matrix, options: EnsemblePredictOptions = {}): EnsembleRegression {
    if (this.config.task !== 'regression') throw new StateError('ensemble', 'predictRegression needs a regression ensemble; use predict');
    const raw = this.predictMemberOutputs(x, options);
    const { means, variances } = gaussianHeadFromRaw(raw.data, this.config.minVariance);
    const summary = summarizeRegressionSamples(means, variances, raw.m, raw.n);
    return { ...summary, ...(options.returnMembers ? { memberMeans: means, memberVariances: variances } : {}), m: raw.m, n: raw.n, backend: this.backend };
  }

  /**
   * Save atomically to `dir` (replacing an existing ensemble there): member-<i>.bin + ensemble_config.json.
   * @throws StateError after dispose; file-system errors as thrown by node:fs
   */
  async save(dir: string): Promise<void> {
    this.assertUsable();
    const target = path.resolve(dir);
    const parent = path.dirname(target);
    await fsp.mkdir(parent, { recursive: true });
    const tmp = await fsp.mkdtemp(path.join(parent, `.${path.basename(target)}.tmp-`));
    try {
      const paths: string[] = [];
      const sha: string[] = [];
      for (let i = 0; i < this.size; i++) {
        const bytes = this.members[i].weightsToBytes();
        const name = `member-${i}.bin`;
        await fsp.writeFile(path.join(tmp, name), bytes);
        paths.push(name);
        sha.push(createHash('sha256').update(bytes).digest('hex'));
      }
      const file: EnsembleConfigFile = {
        kind: 'certitude.deep-ensemble',
        version: 1,
        n_models: this.size,
        paths,
        sha256: sha,
        seeds: this.metadata.seeds,
        bootstrap: this.metadata.bootstrap,
        config: this.config,
        shapes: weightShapes(this.config),
        data_fingerprint: this.metadata.dataFingerprint,
        backend: this.metadata.trainedOn,
        versions: this.metadata.trainedOn.versions,
        histories: this.metadata.histories,
        saved_at: new Date().toISOString(),
      };
      await fsp.writeFile(path.join(tmp, 'ensemble_config.json'), JSON.stringify(file, null, 2) + '\n');
      // Swap directories: the old ensemble (if any) is moved aside, the new one renamed into place, the old removed.
      // At no moment does `dir` hold a mix of old and new files.
      let aside: string | undefined;
      try {
        await fsp.access(target);
        aside = `${tmp}-old`;
        await fsp.rename(target, aside);
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
      }
      await fsp.rename(tmp, target);
      if (aside) await fsp.rm(aside, { recursive: true, force: true });
    } catch (e) {
      await fsp.rm(tmp, { recursive: true, force: true });
      throw e;
    }
  }

  /**
   * Load an ensemble saved by `save` (initialises the backend when needed).
   * @throws StateError naming the file for a missing or unreadable config, a missing or corrupt member file
   *   (checksum or size), or a config whose shapes do not match its architecture
   */
  static async load(dir: string): Promise<DeepEnsemble> {
    if (!currentBackend()) await initBackend();
    const configPath = path.join(dir, 'ensemble_config.json');
    let text: string;
    try {
      text = await fsp.readFile(configPath, 'utf8');
    } catch (e) {
      throw new StateError('ensemble_config.json', `cannot read ${configPath}: ${(e as Error).message}`);
    }
    let file: EnsembleConfigFile;
    try {
      file = JSON.parse(text);
    } catch (e) {
      throw new StateError('ensemble_config.json', `is not valid JSON: ${(e as Error).message}`);
    }
    if (!file || file.kind !== 'certitude.deep-ensemble') throw new StateError('ensemble_config.json', `not a certitude.deep-ensemble (kind ${String(file?.kind)})`);
    if (file.version !== 1) throw new StateError('ensemble_config.json', `unsupported version ${String(file.version)}`);
    const n = file.n_models;
    if (!Number.isInteger(n) || n < 1) throw new StateError('ensemble_config.json', `n_models ${String(n)} is not a positive integer`);
    for (const key of ['paths', 'sha256', 'seeds'] as const) {
      if (!Array.isArray(file[key]) || file[key].length !== n) throw new StateError(`ensemble_config.json`, `${key} must list ${n} entries (n_models)`);
    }
    if (!file.seeds.every((v) => typeof v === 'number' && Number.isFinite(v))) throw new StateError('ensemble_config.json', 'seeds must be finite numbers');
    let config: MlpConfig;
    try {
      config = resolveMlpConfig(file.config);
    } catch (e) {
      throw new StateError('ensemble_config.json', `config: ${(e as Error).message}`);
    }
    const expected = JSON.stringify(weightShapes(config));
    if (JSON.stringify(file.shapes) !== expected) {
      throw new StateError('ensemble_config.json', `shapes ${JSON.stringify(file.shapes)} do not match the config's architecture ${expected}`);
    }
    const members: Mlp[] = [];
    try {
      for (let i = 0; i < n; i++) {
        const name = file.paths[i];
        if (typeof name !== 'string' || name !== path.basename(name) || name === '..' || name === '.') {
          throw new StateError('ensemble_config.json', `member path ${JSON.stringify(name)} must be a plain file name inside the ensemble directory`);
        }
        let bytes: Buffer;
        try {
          bytes = await fsp.readFile(path.join(dir, name));
        } catch (e) {
          throw new StateError(name, `member ${i} file is missing or unreadable: ${(e as Error).message}`);
        }
        const digest = createHash('sha256').update(bytes).digest('hex');
        if (digest !== file.sha256[i]) throw new StateError(name, `member ${i} is corrupt: SHA-256 ${digest} ≠ ${file.sha256[i]} recorded in ensemble_config.json`);
        members.push(Mlp.fromBytes({ ...config, seed: file.seeds[i] }, new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength), name));
      }
    } catch (e) {
      members.forEach((m) => m.dispose());
      throw e;
    }
    return new DeepEnsemble(members, {
      seeds: file.seeds,
      bootstrap: Boolean(file.bootstrap),
      dataFingerprint: file.data_fingerprint ?? null,
      histories: file.histories ?? [],
      trainedOn: file.backend,
    });
  }

  /** Free every member and the stacked weights. Safe to call twice. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.stacked?.tensors.forEach((t) => t.dispose());
    this.stacked = undefined;
    this.members.forEach((m) => m.dispose());
  }

  private assertUsable(): void {
    if (this.disposed) throw new StateError('ensemble', 'is disposed');
    requireBackend();
  }

  /**
   * Stacked weights, rebuilt when a member's weights changed: [W0cat [in, M·h0], b0cat [M·h0], then per later
   * layer W_l stacked [M, a, b] and b_l [M, 1, b]].
   */
  private stackedWeights(): tf.Tensor[] {
    const revision = this.members.map((m) => m.revision).join(',');
    if (this.stacked && this.stacked.revision === revision) return this.stacked.tensors;
    this.stacked?.tensors.forEach((t) => t.dispose());
    const layers = this.config.hiddenUnits.length + 1;
    const tensors = tf.tidy(() => {
      const list: tf.Tensor[] = [tf.concat(this.members.map((m) => m.variables[0]), 1), tf.concat(this.members.map((m) => m.variables[1]), 0)];
      for (let l = 1; l < layers; l++) {
        list.push(tf.stack(this.members.map((m) => m.variables[2 * l])));
        list.push(tf.expandDims(tf.stack(this.members.map((m) => m.variables[2 * l + 1])), 1));
      }
      return list;
    });
    this.stacked = { revision, tensors };
    return tensors;
  }

  /** First layer as one wide product, later layers as batched [M, rows, a]·[M, a, b] products. Returns [M, rows, units]. */
  private forwardBatched(xb: tf.Tensor2D, stack: tf.Tensor[]): tf.Tensor3D {
    const M = this.size;
    const rows = xb.shape[0];
    const layers = this.config.hiddenUnits.length + 1;
    const w0 = stack[1].shape[0] / M;
    const first = denseLayer(xb, stack[0] as tf.Tensor2D, stack[1] as tf.Tensor1D, layers === 1 ? undefined : this.config.activation);
    let h: tf.Tensor3D = tf.transpose(tf.reshape(first, [rows, M, w0]), [1, 0, 2]);
    for (let l = 1; l < layers; l++) {
      let z: tf.Tensor3D = tf.add(tf.matMul(h, stack[2 * l] as tf.Tensor3D), stack[2 * l + 1]);
      if (l < layers - 1) z = activate(z, this.config.activation);
      h = z;
    }
    return h;
  }

  /**
   * All members in one tidy as plain 2-D products (fast path on wasm/cpu): M products per layer on the members'
   * own weight tensors, one stacked [M, rows, units] result and a single download. Returns [M, rows, units].
   */
  private forwardGrouped(xb: tf.Tensor2D): tf.Tensor3D {
    return tf.stack(this.members.map((member) => denseForward(member.variables, this.config, xb, 0))) as tf.Tensor3D;
  }
}

function activate<T extends tf.Tensor>(z: T, activation: MlpConfig['activation']): T {
  if (activation === 'relu') return tf.relu(z);
  if (activation === 'tanh') return tf.tanh(z);
  if (activation === 'elu') return tf.elu(z);
  return tf.sigmoid(z);
}

function architecture(c: MlpConfig): Omit<MlpConfig, 'seed'> {
  const { seed: _seed, ...rest } = c;
  void _seed;
  return rest;
}

/**
 * Train a Deep Ensemble: M members with seeds SEED + i·1000 (initialisation, batch order and dropout masks),
 * optionally on bootstrap resamples, sequentially or in `workers` child processes.
 *
 * @param config the shared architecture (its `seed` is replaced per member)
 * @param data N×D inputs and labels/targets
 * @param options see `EnsembleOptions`
 * @returns the ensemble (caller owns it: `dispose()`)
 * @throws InputError naming `options.nModels`, `options.workers`, `data.*`, …
 * @example
 * const ens = await trainEnsemble(cfg, { x, y }, { nModels: 5, seed: 42, bootstrap: true, train: { epochs: 20 } });
 * ens.metadata.seeds // [42, 1042, 2042, 3042, 4042]
 */
export async function trainEnsemble(config: MlpConfigInput, data: TrainData, options: EnsembleOptions = {}): Promise<DeepEnsemble> {
  if (!currentBackend()) await initBackend();
  const cfg = resolveMlpConfig(config);
  const nModels = options.nModels ?? 5;
  const workers = options.workers ?? 1;
  const seed = options.seed ?? cfg.seed;
  if (!Number.isInteger(nModels) || nModels < 1) throw new InputError('options.nModels', `must be a positive integer, got ${nModels}`);
  if (!Number.isInteger(workers) || workers < 1) throw new InputError('options.workers', `must be a positive integer, got ${workers}`);
  if (!Number.isFinite(seed)) throw new InputError('options.seed', `must be a finite number, got ${seed}`);
  if (!data || !data.x || !data.y) throw new InputError('data', 'must be {x: Matrix, y}');
  const trainOptions: TrainOptions = { ...(options.train ?? {}) };
  delete (trainOptions as { onProgress?: unknown }).onProgress;
  delete (trainOptions as { seed?: unknown }).seed;
  // One shared validation split for every member, drawn from SEED (so members differ only by their own seeds).
  let trainRows: TrainData = data;
  if (!trainOptions.validation && trainOptions.validationFraction !== undefined && trainOptions.validationFraction > 0) {
    const f = trainOptions.validationFraction;
    if (!(f < 1)) throw new InputError('options.train.validationFraction', `must be in [0, 1), got ${f}`);
    const nVal = Math.round(data.x.rows * f);
    if (nVal < 1 || nVal >= data.x.rows) throw new InputError('options.train.validationFraction', `${f} of ${data.x.rows} rows leaves an empty split`);
    const perm = new Rng(seed).permutation(data.x.rows);
    const y = Float64Array.from(data.y);
    const pick = (idx: Int32Array) => ({ x: selectRows(data.x, idx), y: Float64Array.from(idx, (i) => y[i]) });
    trainOptions.validation = pick(perm.subarray(0, nVal));
    trainRows = pick(perm.subarray(nVal));
  }
  delete trainOptions.validationFraction;
  const fingerprint = fingerprintTrainingData(data);
  const seeds = Array.from({ length: nModels }, (_, i) => seed + i * MEMBER_SEED_STRIDE);
  const jobs = seeds.map((memberSeed, i) => ({
    index: i,
    seed: memberSeed,
    rows: options.bootstrap ? new Rng(memberSeed + BOOTSTRAP_SEED_OFFSET).bootstrapIndices(trainRows.x.rows) : undefined,
  }));
  const members: (Mlp | undefined)[] = new Array(nModels);
  const histories: TrainHistory[] = new Array(nModels);
  try {
    if (workers === 1 || nModels === 1) {
      for (const job of jobs) {
        const memberData = job.rows ? { x: selectRows(trainRows.x, job.rows), y: Array.from(job.rows, (r) => Number(trainRows.y[r])) } : trainRows;
        const { model, history } = await trainMlp({ ...cfg, seed: job.seed }, memberData, {
          ...trainOptions,
          seed: job.seed,
          onProgress: options.onMemberProgress ? (p) => options.onMemberProgress!(job.index, p) : undefined,
        });
        members[job.index] = model;
        histories[job.index] = history;
      }
    } else {
      const { trainMembersInWorkers } = await import('./ensemble-workers');
      await trainMembersInWorkers(cfg, trainRows, trainOptions, jobs, workers, requireBackend(), options.onMemberProgress, (index, model, history) => {
        members[index] = model;
        histories[index] = history;
      });
    }
  } catch (e) {
    members.forEach((m) => m?.dispose());
    throw e;
  }
  return new DeepEnsemble(members as Mlp[], { seeds, bootstrap: Boolean(options.bootstrap), dataFingerprint: fingerprint, histories, trainedOn: requireBackend() });
}

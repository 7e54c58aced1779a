/**
 * Softmax and final-layer representation measures of Pearce, Brintrup & Zhu (2021), "Understanding Softmax
 * Confidence and Uncertainty", arXiv:2106.04972, as summarised in seed 001:
 *
 * - U_max(z) = −max_i σ(z)_i and U_entropy(z) = −Σ_i σ(z)_i log σ(z)_i (uncertainty estimators from the softmax);
 * - ‖z‖, the Euclidean norm of the final-layer activation z (the input of the last linear layer): since
 *   σ(z)_i ∝ exp(‖w_i‖ ‖z‖ cos θ_{i,z}), ‖z‖ acts as an inverse temperature;
 * - activation familiarity max_i cos θ_{i,z}: how closely the direction of z matches a known direction;
 * - the mental model U_max_mental(z) = −1 / (1 + (K−1) exp(−‖z‖ (1/(K−1) + max_i cos θ_{i,z})));
 * - the valid OOD region R = {z' : E_{z∼D_in}[𝕀(U(z') > U(z))] > 1 − ε}.
 *
 * All functions are pure: typed arrays in, fresh typed arrays out; the caller supplies activations as a Matrix
 * (N rows × H units). The full text of the paper was not available to us; definitions follow the formulas
 * reproduced in seed 001, and where the seed is ambiguous the choice is stated in the function's comment.
 */
import { InputError } from '../core/errors';
import { Matrix, assertFiniteMatrix, toFiniteVector } from '../core/matrix';
import { maxProbability, softmaxEntropy } from './measures';

/**
 * U_max = −max_k p_k per row (Pearce et al. 2021, eq. 1): higher means more uncertain, range [−1, −1/K].
 *
 * @param probs N×K softmax probabilities (rows summing to 1 within 1e-6)
 * @returns Float64Array of N values
 * @throws InputError naming `probs` (and the row) for invalid probabilities.
 * @example
 * uMax(fromRows([[0.9, 0.1], [0.5, 0.5]])) // Float64Array [-0.9, -0.5]
 */
export function uMax(probs: Matrix): Float64Array {
  const conf = maxProbability(probs);
  for (let i = 0; i < conf.length; i++) conf[i] = -conf[i];
  return conf;
}

/**
 * U_entropy = −Σ_k p_k log p_k per row, in nats, 0 · log 0 = 0 (Pearce et al. 2021, eq. 2). Same as
 * `softmaxEntropy`, named after the paper.
 *
 * @param probs N×K softmax probabilities (rows summing to 1 within 1e-6)
 * @returns Float64Array of N values in [0, log K]
 * @throws InputError naming `probs` (and the row) for invalid probabilities.
 * @example
 * uEntropy(fromRows([[0.5, 0.5]])) // Float64Array [0.6931…]
 */
export function uEntropy(probs: Matrix): Float64Array {
  return softmaxEntropy(probs);
}

/**
 * Euclidean norm ‖z‖ = sqrt(Σ_h z_h²) of each row of the final-layer activations. Computed with scaling by the
 * largest |z_h| (like BLAS nrm2) so that huge activations (an input scaled by 1e200) neither overflow nor lose
 * precision.
 *
 * @param activations N×H final-layer activations (finite)
 * @returns Float64Array of N norms ≥ 0
 * @throws InputError naming `activations` (and the row) for a non-finite value or an empty matrix.
 * @example
 * activationNorm(fromRows([[3, 4], [0, 0]])) // Float64Array [5, 0]
 */
export function activationNorm(activations: Matrix): Float64Array {
  assertFiniteMatrix(activations, 'activations');
  const { rows, cols, data } = activations;
  const out = new Float64Array(rows);
  for (let i = 0; i < rows; i++) out[i] = scaledNorm(data, i * cols, cols);
  return out;
}

function scaledNorm(data: Float64Array, offset: number, length: number): number {
  let scale = 0;
  for (let h = 0; h < length; h++) scale = Math.max(scale, Math.abs(data[offset + h]));
  if (scale === 0) return 0;
  let s = 0;
  for (let h = 0; h < length; h++) {
    const v = data[offset + h] / scale;
    s += v * v;
  }
  return scale * Math.sqrt(s);
}

/**
 * Activation familiarity max_i cos θ_{i,z} of each row z of `activations` against the rows of `reference`
 * (Pearce et al. 2021, §5). Two uses, both from the paper's discussion:
 * - `reference` = the training set's final-layer activations: how familiar the direction of z is relative to the
 *   training data (the reading we use in notebook 03; a training point has familiarity 1 with itself);
 * - `reference` = the last layer's class weight vectors w_i (one row per class, H columns): the angle θ_{i,z}
 *   between w_i and z exactly as seed 001 writes it, the quantity the mental model's derivation uses.
 *
 * Rules: a zero row of `activations` has no direction; its familiarity is defined as 0 (neither aligned nor opposed).
 * Zero rows of `reference` carry no direction and are skipped. The result lies in [−1, 1] (rounding is clamped).
 *
 * @param activations N×H final-layer activations
 * @param reference M×H reference directions (training activations or class weight vectors), same H
 * @returns Float64Array of N values in [−1, 1]
 * @throws InputError naming `activations` or `reference` for a non-finite value, an empty matrix, mismatched column
 *   counts, or a `reference` whose rows are all zero.
 * @example
 * activationFamiliarity(fromRows([[1, 1], [0, 2]]), fromRows([[1, 0], [2, 2]])) // Float64Array [1, 0.7071…]
 */
export function activationFamiliarity(activations: Matrix, reference: Matrix): Float64Array {
  assertFiniteMatrix(activations, 'activations');
  assertFiniteMatrix(reference, 'reference');
  if (reference.cols !== activations.cols) {
    throw new InputError('reference', `has ${reference.cols} columns, activations have ${activations.cols}`);
  }
  const h = activations.cols;
  // Normalise the reference rows once: the N×M cosine table then costs one dot product per pair.
  const unit: number[] = [];
  const unitData = new Float64Array(reference.rows * h);
  for (let m = 0; m < reference.rows; m++) {
    const norm = scaledNorm(reference.data, m * h, h);
    if (norm === 0) continue;
    const base = unit.length * h;
    for (let c = 0; c < h; c++) unitData[base + c] = reference.data[m * h + c] / norm;
    unit.push(m);
  }
  if (unit.length === 0) throw new InputError('reference', 'has no non-zero row (no direction to compare with)');
  const out = new Float64Array(activations.rows);
  const z = new Float64Array(h);
  for (let i = 0; i < activations.rows; i++) {
    const norm = scaledNorm(activations.data, i * h, h);
    if (norm === 0) {
      out[i] = 0;
      continue;
    }
    for (let c = 0; c < h; c++) z[c] = activations.data[i * h + c] / norm;
    let best = -Infinity;
    for (let r = 0; r < unit.length; r++) {
      let dot = 0;
      const base = r * h;
      for (let c = 0; c < h; c++) dot += unitData[base + c] * z[c];
      if (dot > best) best = dot;
    }
    // Unit vectors can give |cos| = 1 + 1e-16 after rounding; a cosine outside [−1, 1] is meaningless.
    out[i] = Math.min(1, Math.max(-1, best));
  }
  return out;
}

/**
 * Pearce et al.'s mental model of softmax confidence in high dimension:
 * U_max_mental(z) = −1 / (1 + (K−1) exp(−‖z‖ (1/(K−1) + c))), c = max_i cos θ_{i,z} (familiarity).
 *
 * Derivation (why the formula has this shape): assume an optimal decision-boundary structure, i.e. unit-norm class
 * weights w_i, and that z makes angle cos θ = −1/(K−1) with every class except the best-aligned one (cos θ = c).
 * Then σ_max = e^{‖z‖c} / (e^{‖z‖c} + (K−1) e^{−‖z‖/(K−1)}) = 1 / (1 + (K−1) e^{−‖z‖(c + 1/(K−1))}). Confidence
 * therefore falls (U rises towards −1/K) when either the feature strength ‖z‖ or the familiarity c falls.
 * For c < −1/(K−1) the formula exceeds −1/K, outside the range of a real U_max: that signals the model's
 * assumption breaking, and the value is returned unclamped so it can be seen.
 *
 * @param norms N activation norms ‖z‖ ≥ 0 (see `activationNorm`)
 * @param familiarity N familiarities c ∈ [−1, 1] (see `activationFamiliarity`)
 * @param classes number of classes K ≥ 2
 * @returns Float64Array of N values in (−1, 0)
 * @throws InputError naming `norms`, `familiarity` (with the row) or `classes`.
 * @example
 * uMaxMental([0, 10], [1, 1], 2) // Float64Array [-0.5, -0.999999997…]  (‖z‖ = 0 → −1/K)
 */
export function uMaxMental(norms: ArrayLike<number>, familiarity: ArrayLike<number>, classes: number): Float64Array {
  if (!Number.isInteger(classes) || classes < 2) throw new InputError('classes', `must be an integer ≥ 2, got ${classes}`);
  if (!norms || typeof norms.length !== 'number') throw new InputError('norms', 'must be an array of numbers');
  if (!familiarity || typeof familiarity.length !== 'number' || familiarity.length !== norms.length) {
    throw new InputError('familiarity', `must have the same length as norms (${norms.length})`);
  }
  const out = new Float64Array(norms.length);
  const others = classes - 1;
  for (let i = 0; i < norms.length; i++) {
    const r = norms[i];
    const c = familiarity[i];
    if (!Number.isFinite(r) || r < 0) throw new InputError('norms', `norm ${r} is not finite and ≥ 0`, i);
    if (!Number.isFinite(c) || c < -1 || c > 1) throw new InputError('familiarity', `cosine ${c} outside [−1, 1]`, i);
    // exp may overflow to +Infinity for c < −1/(K−1) and huge ‖z‖; 1/(1 + ∞) = 0 is the correct limit.
    out[i] = -1 / (1 + others * Math.exp(-r * (1 / others + c)));
  }
  return out;
}

/** Result of `validOodRegion`. */
export interface ValidOodRegion {
  /** E_{z∼D_in}[𝕀(U(z') > U(z))]: the fraction of training points strictly less uncertain than each query point. */
  readonly fractionLessUncertain: Float64Array;
  /** 1 when the point is in the valid OOD region (fraction > 1 − ε), else 0. */
  readonly inRegion: Uint8Array;
}

/**
 * Membership in Pearce et al.'s valid OOD region R = {z' : E_{z∼D_in}[𝕀(U(z') > U(z))] > 1 − ε}: a query point is
 * in R when it is strictly more uncertain than a fraction greater than 1 − ε of the training points. Both
 * inequalities are strict, as in the paper: a query tied with a training point does not count as more uncertain.
 * Any uncertainty estimator works (U_max, U_entropy, mutual information, …) as long as larger means more uncertain.
 *
 * @param uncertainty N uncertainty values U(z') of the query points
 * @param trainingUncertainty M ≥ 1 uncertainty values U(z) of the training points (same estimator)
 * @param epsilon ε ∈ (0, 1), e.g. 0.05 (the query must beat more than 95 % of the training points)
 * @returns {fractionLessUncertain, inRegion}, each of length N
 * @throws InputError naming `uncertainty` or `trainingUncertainty` (with the row) for a non-finite value or an empty
 *   training set, and `epsilon` when outside (0, 1).
 * @example
 * validOodRegion([0.1, 0.9], [0, 0.2, 0.4, 0.6], 0.3)
 * // → fractionLessUncertain [0.25, 1], inRegion [0, 1]
 */
export function validOodRegion(uncertainty: ArrayLike<number>, trainingUncertainty: ArrayLike<number>, epsilon: number): ValidOodRegion {
  if (!(typeof epsilon === 'number' && epsilon > 0 && epsilon < 1)) throw new InputError('epsilon', `must lie in (0, 1), got ${epsilon}`);
  const query = finiteVector(uncertainty, 'uncertainty', true);
  const sorted = finiteVector(trainingUncertainty, 'trainingUncertainty', false).sort();
  const m = sorted.length;
  const fractionLessUncertain = new Float64Array(query.length);
  const inRegion = new Uint8Array(query.length);
  for (let i = 0; i < query.length; i++) {
    // Count training values strictly below the query: the first index whose value is ≥ query (lower bound).
    let lo = 0, hi = m;
    const u = query[i];
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (sorted[mid] < u) lo = mid + 1;
      else hi = mid;
    }
    fractionLessUncertain[i] = lo / m;
    inRegion[i] = lo / m > 1 - epsilon ? 1 : 0;
  }
  return { fractionLessUncertain, inRegion };
}

function finiteVector(values: ArrayLike<number>, argument: string, allowEmpty: boolean): Float64Array {
  return toFiniteVector(values, argument, undefined, allowEmpty);
}

/**
 * A dense network given by its weights, as `Mlp.config` plus `Mlp.getWeights()` in src/models describe it:
 * layers W_l ([in, out] row-major) and b_l, in the order [W0, b0, W1, b1, …], hidden layers followed by one
 * linear output layer.
 */
export interface DenseStack {
  /** [W0, b0, W1, b1, …]; W_l is in×out row-major (element (a, b) at a·out + b), b_l has `out` entries. */
  readonly weights: readonly ArrayLike<number>[];
  /** Input width D. */
  readonly inputDim: number;
  /** Hidden widths, input side first (at least one: the final-layer activation is the last hidden layer). */
  readonly hiddenUnits: readonly number[];
  /** Output units K (logits). */
  readonly outputDim: number;
  /** Hidden activation. */
  readonly activation: 'relu' | 'tanh' | 'elu' | 'sigmoid';
}

function checkDenseStack(net: DenseStack): number[] {
  if (!net || !Array.isArray(net.hiddenUnits) || net.hiddenUnits.length === 0) {
    throw new InputError('net.hiddenUnits', 'needs at least one hidden layer (the final-layer activation)');
  }
  const widths = [net.inputDim, ...net.hiddenUnits, net.outputDim];
  widths.forEach((w, i) => {
    if (!Number.isInteger(w) || w < 1) throw new InputError('net', `layer width ${w} at position ${i} is not a positive integer`);
  });
  if (!Array.isArray(net.weights) || net.weights.length !== 2 * (widths.length - 1)) {
    throw new InputError('net.weights', `needs ${2 * (widths.length - 1)} arrays [W0, b0, …], got ${net.weights ? net.weights.length : 0}`);
  }
  for (let l = 0; l + 1 < widths.length; l++) {
    if (net.weights[2 * l].length !== widths[l] * widths[l + 1]) {
      throw new InputError('net.weights', `W${l} has ${net.weights[2 * l].length} entries, expected ${widths[l]}×${widths[l + 1]}`);
    }
    if (net.weights[2 * l + 1].length !== widths[l + 1]) {
      throw new InputError('net.weights', `b${l} has ${net.weights[2 * l + 1].length} entries, expected ${widths[l + 1]}`);
    }
  }
  if (!['relu', 'tanh', 'elu', 'sigmoid'].includes(net.activation)) throw new InputError('net.activation', `unknown activation ${net.activation}`);
  return widths;
}

/**
 * Final-layer activations z (the output of the last hidden layer, the input of the output layer; Pearce et al.'s z)
 * of a dense network in inference mode (no dropout), computed in float64 on the CPU from the network's weights.
 * Logits are z·W_out + b_out. Plain loops: meant for 2-D toy problems and grids (≈ N·Σ in·out multiply-adds).
 *
 * @param net the weights and shape of the network (e.g. `{ ...mlp.config, weights: mlp.getWeights() }`)
 * @param x N×D inputs
 * @returns N×H final-layer activations, H = last hidden width
 * @throws InputError naming `net…` for inconsistent weights and `x` for a wrong width or non-finite values.
 * @example
 * // one hidden ReLU unit h = relu(x₁ − x₂), output irrelevant here
 * finalLayerActivations({ inputDim: 2, hiddenUnits: [1], outputDim: 2, activation: 'relu',
 *   weights: [[1, -1], [0], [1, -1], [0, 0]] }, fromRows([[3, 1], [1, 3]])).data // Float64Array [2, 0]
 */
export function finalLayerActivations(net: DenseStack, x: Matrix): Matrix {
  const widths = checkDenseStack(net);
  assertFiniteMatrix(x, 'x');
  if (x.cols !== net.inputDim) throw new InputError('x', `has ${x.cols} columns, the network expects ${net.inputDim}`);
  let h = x.data;
  for (let l = 0; l < widths.length - 2; l++) {
    const inW = widths[l], outW = widths[l + 1];
    const w = net.weights[2 * l], b = net.weights[2 * l + 1];
    const next = new Float64Array(x.rows * outW);
    for (let r = 0; r < x.rows; r++) {
      const hi = r * inW, no = r * outW;
      for (let o = 0; o < outW; o++) next[no + o] = b[o];
      for (let a = 0; a < inW; a++) {
        const v = h[hi + a];
        if (v === 0) continue;
        const wa = a * outW;
        for (let o = 0; o < outW; o++) next[no + o] += v * w[wa + o];
      }
      for (let o = 0; o < outW; o++) next[no + o] = activate(next[no + o], net.activation);
    }
    h = next;
  }
  return { data: h, rows: x.rows, cols: widths[widths.length - 2] };
}

function activate(v: number, activation: DenseStack['activation']): number {
  switch (activation) {
    case 'relu':
      return v > 0 ? v : 0;
    case 'tanh':
      return Math.tanh(v);
    case 'elu':
      return v > 0 ? v : Math.expm1(v);
    default:
      return 1 / (1 + Math.exp(-v));
  }
}

/**
 * The output layer's class weight vectors w_i (rows of W_outᵀ, K×H) and biases: the directions Pearce et al.'s
 * θ_{i,z} is measured against in the seed's definition of familiarity and in the mental model.
 *
 * @param net the network (see {@link DenseStack})
 * @returns {weights: K×H matrix with row i = w_i, bias: K values}
 * @throws InputError naming `net…` for inconsistent weights.
 * @example
 * outputWeightVectors({ inputDim: 2, hiddenUnits: [1], outputDim: 2, activation: 'relu',
 *   weights: [[1, -1], [0], [1, -1], [0, 0]] }).weights.data // Float64Array [1, -1]  (w₀ = [1], w₁ = [−1])
 */
export function outputWeightVectors(net: DenseStack): { weights: Matrix; bias: Float64Array } {
  const widths = checkDenseStack(net);
  const h = widths[widths.length - 2], k = net.outputDim;
  const last = widths.length - 2;
  const w = net.weights[2 * last];
  const out = new Float64Array(k * h);
  for (let a = 0; a < h; a++) for (let i = 0; i < k; i++) out[i * h + a] = w[a * k + i];
  return { weights: { data: out, rows: k, cols: h }, bias: Float64Array.from(net.weights[2 * last + 1]) };
}

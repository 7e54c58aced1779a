import { InputError } from '../core/errors';
import { Matrix, assertFiniteMatrix, toLabels } from '../core/matrix';
import { checkPredictions, checkScoresAndOutcomes } from './validate';

/**
 * Proper scoring rules and accuracy. All are means over the N rows; inputs are validated (finite,
 * rows of `probs` summing to 1, labels in 0..K−1) and never modified.
 */

/**
 * Default probability floor for `negativeLogLikelihood`: log(0) is −∞, so p_y is clipped to ≥ 1e-15
 * (at most −log(1e-15) ≈ 34.54 nats per row; the value scikit-learn used before 1.2).
 */
export const NLL_CLIP = 1e-15;

/**
 * Mean negative log-likelihood (cross-entropy, natural log) of probabilities:
 *   NLL = −(1/N) Σ_i log max(p_{i, y_i}, clip)
 * Only the true class's probability enters, so only it is clipped. scikit-learn's `log_loss` instead
 * clips every entry to [eps, 1 − eps] and renormalises the row; the two agree exactly on rows whose
 * entries all lie in [eps, 1 − eps]. Prefer `negativeLogLikelihoodFromLogits` when logits exist: it
 * never needs a clip.
 *
 * @param probs N×K probabilities (rows sum to 1)
 * @param labels N integer labels in 0..K−1
 * @param options clip: floor applied to p_y, in (0, 1) (default `NLL_CLIP` = 1e-15)
 * @returns mean NLL in nats, ≥ 0
 * @throws InputError naming `probs`, `labels` or `clip` (and the row).
 * @example
 * // −½(log 0.8 + log 0.5) = ½(0.22314 + 0.69315)
 * negativeLogLikelihood(fromRows([[0.8, 0.2], [0.5, 0.5]]), [0, 1]) // 0.458145...
 */
export function negativeLogLikelihood(probs: Matrix, labels: ArrayLike<number>, options: { clip?: number } = {}): number {
  const clip = options.clip ?? NLL_CLIP;
  if (typeof clip !== 'number' || !(clip > 0 && clip < 1)) throw new InputError('clip', `must be in (0, 1), got ${clip}`);
  const y = checkPredictions(probs, labels);
  const { rows, cols, data } = probs;
  let total = 0;
  for (let i = 0; i < rows; i++) {
    const p = data[i * cols + y[i]];
    total -= Math.log(p > clip ? p : clip);
  }
  return total / rows;
}

/**
 * Mean negative log-likelihood from logits through a log-softmax, exact even when softmax underflows:
 *   NLL = (1/N) Σ_i [ m_i + log Σ_k exp(z_ik − m_i) − z_{i, y_i} ],  m_i = max_k z_ik
 * (log-sum-exp with the row maximum subtracted, so every exponent is ≤ 0 and nothing overflows).
 *
 * @param logits N×K finite logits (K ≥ 2)
 * @param labels N integer labels in 0..K−1
 * @returns mean NLL in nats
 * @throws InputError naming `logits` or `labels` and the row.
 * @example
 * // row 0: log(e^0 + e^0) − 0 = log 2; row 1: log(1 + e^3) − 3 = log(1 + e^−3) ≈ 0.048587
 * negativeLogLikelihoodFromLogits(fromRows([[0, 0], [0, 3]]), [0, 1]) // (0.693147 + 0.048587) / 2 = 0.370867...
 */
export function negativeLogLikelihoodFromLogits(logits: Matrix, labels: ArrayLike<number>): number {
  assertFiniteMatrix(logits, 'logits');
  if (logits.cols < 2) throw new InputError('logits', `needs at least 2 columns (classes), got ${logits.cols}`);
  const y = toLabels(labels, 'labels', logits.cols, logits.rows);
  const { rows, cols, data } = logits;
  let total = 0;
  for (let i = 0, off = 0; i < rows; i++, off += cols) {
    let m = data[off];
    for (let j = 1; j < cols; j++) if (data[off + j] > m) m = data[off + j];
    let s = 0;
    for (let j = 0; j < cols; j++) s += Math.exp(data[off + j] - m);
    total += m + Math.log(s) - data[off + y[i]];
  }
  return total / rows;
}

/**
 * Multi-class Brier score (Brier 1950; the form used by Lakshminarayanan et al. 2017):
 *   BS = (1/N) Σ_i Σ_k (p_ik − 1[y_i = k])²,   in [0, 2].
 * For K = 2 it is twice `binaryBrierScore` of p_1.
 *
 * @param probs N×K probabilities
 * @param labels N integer labels in 0..K−1
 * @throws InputError naming `probs` or `labels` and the row.
 * @example
 * // row 0: (0.8 − 1)² + 0.2² = 0.08; row 1: 0.5² + (0.5 − 1)² = 0.5 → mean 0.29
 * brierScore(fromRows([[0.8, 0.2], [0.5, 0.5]]), [0, 1]) // 0.29
 */
export function brierScore(probs: Matrix, labels: ArrayLike<number>): number {
  const y = checkPredictions(probs, labels);
  const { rows, cols, data } = probs;
  let total = 0;
  for (let i = 0, off = 0; i < rows; i++, off += cols) {
    let s = 0;
    for (let j = 0; j < cols; j++) {
      const d = data[off + j] - (j === y[i] ? 1 : 0);
      s += d * d;
    }
    total += s;
  }
  return total / rows;
}

/**
 * Binary Brier score, equal to scikit-learn's `brier_score_loss(y, p1)`: (1/N) Σ_i (p1_i − y_i)².
 *
 * @param p1 N probabilities of the positive class, in [0, 1]
 * @param y N outcomes 0/1
 * @throws InputError naming `p1` or `y` and the row.
 * @example
 * binaryBrierScore([0.1, 0.9, 0.8, 0.3], [0, 1, 1, 0]) // (0.01 + 0.01 + 0.04 + 0.09) / 4 = 0.0375
 */
export function binaryBrierScore(p1: ArrayLike<number>, y: ArrayLike<number | boolean>): number {
  const outcomes = checkScoresAndOutcomes(p1, y, 'p1', 'y');
  let total = 0;
  for (let i = 0; i < outcomes.length; i++) {
    const d = p1[i] - outcomes[i];
    total += d * d;
  }
  return total / outcomes.length;
}

/**
 * Top-1 accuracy: the fraction of rows whose argmax (ties to the lowest index) equals the label.
 *
 * @param probs N×K probabilities
 * @param labels N integer labels in 0..K−1
 * @throws InputError naming `probs` or `labels` and the row.
 * @example
 * accuracy(fromRows([[0.8, 0.2], [0.5, 0.5], [0.3, 0.7]]), [0, 1, 1]) // 2/3 (the tie in row 1 predicts class 0)
 */
export function accuracy(probs: Matrix, labels: ArrayLike<number>): number {
  const y = checkPredictions(probs, labels);
  return accuracyUnchecked(probs, y);
}

/** Accuracy of validated inputs. */
export function accuracyUnchecked(probs: Matrix, labels: Int32Array): number {
  const { rows, cols, data } = probs;
  let correct = 0;
  for (let i = 0, off = 0; i < rows; i++, off += cols) {
    let best = 0;
    let bestV = data[off];
    for (let j = 1; j < cols; j++) {
      if (data[off + j] > bestV) {
        bestV = data[off + j];
        best = j;
      }
    }
    if (best === labels[i]) correct++;
  }
  return correct / rows;
}

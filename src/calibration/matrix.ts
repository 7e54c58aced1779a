import { StateError } from '../core/errors';
import { Matrix } from '../core/matrix';
import { Calibrator, CalibratorState, CALIBRATOR_STATE_VERSION, checkFitInput, checkScores, requireFitted, stateFields } from './interface';
import { LinearScalingOptions, ResolvedLinearOptions, fitLinear, predictLinear, requireAllClassesUnlessRegularised, resolveLinearOptions } from './linear-scaling';
import { LinearFitDiagnostics } from './vector';

/**
 * Matrix scaling (Guo et al. 2017): q = softmax(W z + b) with a full K×K matrix W and bias b
 * (K² + K parameters), fitted by L-BFGS on the mean validation NLL, optionally with a penalty
 * (`'l2'` towards W = I, b = 0, or `'odir'`, the off-diagonal and intercept regularisation of
 * Kull et al. 2019, "Beyond temperature scaling"). It can change the argmax.
 *
 * Why a penalty matters: the parameter count grows as K², while the validation set stays the same size.
 * With K = 100 that is 10 100 free parameters fitted on a few thousand rows of logits that are nearly
 * separable by the classifier that produced them; the unpenalised NLL then keeps falling as ‖W‖ grows
 * (each validation row can be pushed towards probability 1 for its own label), so the fitted map is
 * extremely overconfident on test data. Guo et al. 2017 (Table 1) report 25.49% ECE for unregularised
 * matrix scaling on CIFAR-100, worse than the uncalibrated network, against ~1% for temperature scaling.
 * ODIR keeps the diagonal free and shrinks only the K(K−1) off-diagonal terms and the biases; so on a
 * validation set that scaled logits separate perfectly even ODIR has no finite fit, and `fit` throws
 * FitError (use `'l2'`, which bounds every direction, or temperature scaling).
 *
 * Without a penalty the optimum is not unique: adding one vector v to every row of W and a constant to b
 * shifts all class scores of a row equally, which softmax ignores. Predictions are unique; parameters are
 * not (compare them after removing that freedom, e.g. centring W's columns and b).
 *
 * @example
 * const m = new MatrixScaling({regularization: 'odir'}).fit(fromRows([[2, 0, 0], [0, 2, 0], [0, 0, 2], [1, 1, 0]]), [0, 1, 2, 1]);
 * m.weights.length // 9 (K×K, row-major)
 */
export class MatrixScaling implements Calibrator {
  readonly kind = 'matrix';
  readonly input = 'logits' as const;
  readonly options: ResolvedLinearOptions;
  private params?: Float64Array;
  private classes?: number;
  /** How the last `fit` ended (undefined after `fromJSON`). */
  diagnostics?: LinearFitDiagnostics;

  constructor(options: LinearScalingOptions = {}) {
    this.options = resolveLinearOptions(options, true);
  }

  /** Fitted W, K×K row-major (class k's score is Σ_j W[k, j] z_j + b_k). */
  get weights(): Float64Array {
    const p = requireFitted(this.params, 'MatrixScaling');
    const K = requireFitted(this.classes, 'MatrixScaling');
    return p.slice(0, K * K);
  }

  /** Fitted bias b (length K). */
  get biases(): Float64Array {
    const p = requireFitted(this.params, 'MatrixScaling');
    const K = requireFitted(this.classes, 'MatrixScaling');
    return p.slice(K * K);
  }

  /**
   * @param scores N×K logits
   * @param labels N labels in 0..K−1
   * @throws InputError on bad input; FitError on a single class, or a class absent without a bias penalty
   */
  fit(scores: Matrix, labels: ArrayLike<number>): this {
    const y = checkFitInput(scores, labels, 'logits', 'matrix');
    requireAllClassesUnlessRegularised(y, scores.cols, this.options, 'matrix');
    const r = fitLinear(scores, y, false, this.options);
    this.params = r.x;
    this.classes = scores.cols;
    this.diagnostics = { objective: r.fx, iterations: r.iterations, converged: r.converged, gradientMaxAbs: r.gradientMaxAbs };
    return this;
  }

  /** softmax(W z + b). @throws InputError on bad scores or a different K */
  predictProba(scores: Matrix): Matrix {
    const p = requireFitted(this.params, 'MatrixScaling');
    checkScores(scores, 'logits', this.classes);
    return predictLinear(scores, p, false);
  }

  /** `{kind: 'matrix', version, classes, weights (K×K nested rows), biases, options}` */
  toJSON(): CalibratorState {
    const K = requireFitted(this.classes, 'MatrixScaling');
    const w = this.weights;
    const rows: number[][] = [];
    for (let k = 0; k < K; k++) rows.push(Array.from(w.subarray(k * K, (k + 1) * K)));
    return { kind: this.kind, version: CALIBRATOR_STATE_VERSION, classes: K, weights: rows, biases: Array.from(this.biases), options: { ...this.options } };
  }

  /** @throws StateError on a wrong kind/version or corrupt fields */
  static fromJSON(state: unknown): MatrixScaling {
    const s = stateFields.header(state, 'matrix');
    const K = stateFields.integer(s, 'classes', 2);
    let m: MatrixScaling;
    try {
      m = new MatrixScaling((s.options ?? {}) as LinearScalingOptions);
    } catch (e) {
      throw new StateError('state', `field 'options' is invalid: ${(e as Error).message}`);
    }
    const rows = stateFields.array(s, 'weights', K);
    const params = new Float64Array(K * K + K);
    rows.forEach((r, k) => params.set(stateFields.vector({ [`weights[${k}]`]: r }, `weights[${k}]`, K), k * K));
    params.set(stateFields.vector(s, 'biases', K), K * K);
    m.params = params;
    m.classes = K;
    return m;
  }
}

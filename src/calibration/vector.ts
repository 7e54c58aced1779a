import { StateError } from '../core/errors';
import { Matrix } from '../core/matrix';
import { Calibrator, CalibratorState, CALIBRATOR_STATE_VERSION, checkFitInput, checkScores, requireFitted, stateFields } from './interface';
import { LinearScalingOptions, ResolvedLinearOptions, fitLinear, predictLinear, requireAllClassesUnlessRegularised, resolveLinearOptions } from './linear-scaling';

/** How an L-BFGS fit ended (not part of the saved state). */
export interface LinearFitDiagnostics {
  /** Final objective (mean NLL plus penalty). */
  readonly objective: number;
  readonly iterations: number;
  readonly converged: boolean;
  readonly gradientMaxAbs: number;
}

/**
 * Vector scaling (Guo et al. 2017): q = softmax(s ⊙ z + b) with a per-class scale s_k and bias b_k
 * (2K parameters), fitted by L-BFGS on the mean validation NLL (optionally plus an L2 penalty towards
 * s = 1, b = 0; see `LinearScalingOptions`). Unlike temperature scaling it can change the argmax.
 * The objective is convex in (s, b). Without a penalty the bias is identified only up to a common
 * constant (softmax ignores it); the fit starts from s = 1, b = 0.
 *
 * @example
 * const v = new VectorScaling().fit(fromRows([[2, 0], [0, 2], [2, 0], [1, 1]]), [0, 1, 1, 0]);
 * v.predictProba(fromRows([[2, 0]])).rows // 1 (rows sum to 1)
 */
export class VectorScaling implements Calibrator {
  readonly kind = 'vector';
  readonly input = 'logits' as const;
  readonly options: ResolvedLinearOptions;
  private params?: Float64Array;
  private classes?: number;
  /** How the last `fit` ended (undefined after `fromJSON`). */
  diagnostics?: LinearFitDiagnostics;

  constructor(options: LinearScalingOptions = {}) {
    this.options = resolveLinearOptions(options, false);
  }

  /** Fitted per-class scales s (length K). */
  get scales(): Float64Array {
    const p = requireFitted(this.params, 'VectorScaling');
    return p.slice(0, p.length / 2);
  }

  /** Fitted per-class biases b (length K). */
  get biases(): Float64Array {
    const p = requireFitted(this.params, 'VectorScaling');
    return p.slice(p.length / 2);
  }

  /**
   * @param scores N×K logits
   * @param labels N labels in 0..K−1
   * @throws InputError on bad input; FitError on a single class, or a class absent without a bias penalty
   */
  fit(scores: Matrix, labels: ArrayLike<number>): this {
    const y = checkFitInput(scores, labels, 'logits', 'vector');
    requireAllClassesUnlessRegularised(y, scores.cols, this.options, 'vector');
    const r = fitLinear(scores, y, true, this.options);
    this.params = r.x;
    this.classes = scores.cols;
    this.diagnostics = { objective: r.fx, iterations: r.iterations, converged: r.converged, gradientMaxAbs: r.gradientMaxAbs };
    return this;
  }

  /** softmax(s ⊙ z + b). @throws InputError on bad scores or a different K */
  predictProba(scores: Matrix): Matrix {
    const p = requireFitted(this.params, 'VectorScaling');
    checkScores(scores, 'logits', this.classes);
    return predictLinear(scores, p, true);
  }

  /** `{kind: 'vector', version, classes, scales, biases, options}` */
  toJSON(): CalibratorState {
    return { kind: this.kind, version: CALIBRATOR_STATE_VERSION, classes: requireFitted(this.classes, 'VectorScaling'), scales: Array.from(this.scales), biases: Array.from(this.biases), options: { ...this.options } };
  }

  /** @throws StateError on a wrong kind/version or corrupt fields */
  static fromJSON(state: unknown): VectorScaling {
    const s = stateFields.header(state, 'vector');
    const K = stateFields.integer(s, 'classes', 2);
    let v: VectorScaling;
    try {
      v = new VectorScaling((s.options ?? {}) as LinearScalingOptions);
    } catch (e) {
      throw new StateError('state', `field 'options' is invalid: ${(e as Error).message}`);
    }
    const params = new Float64Array(2 * K);
    params.set(stateFields.vector(s, 'scales', K), 0);
    params.set(stateFields.vector(s, 'biases', K), K);
    v.params = params;
    v.classes = K;
    return v;
  }
}

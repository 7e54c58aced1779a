/**
 * Uncertainty-aware trade filter (seed 000, phase 4): trade only when the gate probability is high, the
 * models agree (low spread) and the predictive distribution is sharp (low entropy).
 */
import { InputError } from '../core/errors';
import { toFiniteVector } from '../core/matrix';

/**
 * Configuration of the uncertainty-aware decision layer, with the seed's defaults (seed 000, `ENSEMBLE_CONFIG`).
 * Model-side fields (`nModels`, `mcSamples`, `bootstrap`, `temperatureScaling`) are read by the backtest when it
 * builds the ensemble / MC Dropout predictors; the filter reads the thresholds; sizing reads the position bounds.
 * A threshold set to `null` disables that criterion.
 */
export interface UncertaintyConfig {
  /** Number of ensemble members. @default 5 */
  nModels: number;
  /** Number of stochastic forward passes for MC Dropout. @default 30 */
  mcSamples: number;
  /** Train each ensemble member on a bootstrap resample of the training window. @default true */
  bootstrap: boolean;
  /** Calibrate the gate with temperature scaling before deciding. @default true */
  temperatureScaling: boolean;
  /**
   * Trade when the mean gate probability is strictly above this. The seed names `gate_threshold` but gives no
   * value; 0.5 (the model says "up" is more likely than not) is ours. @default 0.5
   */
  gateThreshold: number | null;
  /** Trade only when the spread (std over members or MC samples) of the gate probability is below this. @default 0.3 */
  maxUncertainty: number | null;
  /**
   * Trade only when the predictive entropy (nats) is below this. For a binary gate the entropy is at most
   * ln 2 ≈ 0.693 nats (1 bit), so the seed's 1.0 never filters anything on a binary gate; it is kept as the
   * default for fidelity to the seed and binds only for gates with ≥ 3 outcomes. @default 1.0
   */
  maxEntropy: number | null;
  /** Scale positions by 1/(1+u) (see sizing.ts). @default true */
  uncertaintyScaling: boolean;
  /** Smallest position taken, in units of the base size. @default 0.1 */
  minPosition: number;
  /** Largest position taken, in units of the base size. @default 2.0 */
  maxPosition: number;
}

/**
 * The seed's configuration (seed 000, `ENSEMBLE_CONFIG`), plus the gate threshold the seed leaves open.
 *
 * @example
 * DEFAULT_UNCERTAINTY_CONFIG.maxUncertainty // 0.3
 */
export const DEFAULT_UNCERTAINTY_CONFIG: Readonly<UncertaintyConfig> = Object.freeze({
  nModels: 5,
  mcSamples: 30,
  bootstrap: true,
  temperatureScaling: true,
  gateThreshold: 0.5,
  maxUncertainty: 0.3,
  maxEntropy: 1.0,
  uncertaintyScaling: true,
  minPosition: 0.1,
  maxPosition: 2.0,
});

/**
 * Entropy of a Bernoulli(p) in nats, −p ln p − (1−p) ln(1−p), with 0 ln 0 = 0 (the limit), so p = 0 or 1 gives 0.
 *
 * @param p probability in [0, 1]
 * @example
 * binaryEntropy(0.5) // 0.6931471805599453 (ln 2)
 */
export function binaryEntropy(p: number): number {
  let h = 0;
  if (p > 0) h -= p * Math.log(p);
  if (p < 1) h -= (1 - p) * Math.log(1 - p);
  return h;
}

/** Inputs of {@link tradeMask}: per-sample gate statistics, all of length N. */
export interface GateStatistics {
  /** Mean gate probability P(up) over members / MC samples, in [0, 1]. */
  mean: ArrayLike<number>;
  /** Spread of the gate probability (std over members / samples); required when `maxUncertainty` is set. */
  std?: ArrayLike<number>;
  /** Predictive entropy in nats; when omitted, the binary entropy of `mean` is used. */
  entropy?: ArrayLike<number>;
}

/** Which criteria each sample passed, and the combined mask (1 = trade). */
export interface TradeMask {
  /** 1 where all enabled criteria pass. */
  trade: Uint8Array;
  /** 1 where mean > gateThreshold (all 1 when disabled). */
  gatePass: Uint8Array;
  /** 1 where std < maxUncertainty (all 1 when disabled). */
  uncertaintyPass: Uint8Array;
  /** 1 where entropy < maxEntropy (all 1 when disabled). */
  entropyPass: Uint8Array;
}

/**
 * Trade mask (seed 000 phase 4): mean > gateThreshold AND std < maxUncertainty AND entropy < maxEntropy,
 * each criterion skipped when its threshold is `null`. Strict inequalities, as in the seed.
 *
 * @param stats gate statistics, each of length N
 * @param config thresholds; missing fields take {@link DEFAULT_UNCERTAINTY_CONFIG}'s values
 * @throws InputError naming the argument and row for NaN, mean outside [0, 1], negative std, mismatched
 *   lengths, or a missing `std` while `maxUncertainty` is set
 * @example
 * tradeMask({ mean: [0.7, 0.7, 0.4], std: [0.1, 0.5, 0.1] }).trade // Uint8Array [1, 0, 0]
 */
export function tradeMask(stats: GateStatistics, config: Partial<UncertaintyConfig> = {}): TradeMask {
  const cfg = { ...DEFAULT_UNCERTAINTY_CONFIG, ...config };
  const mean = toFiniteVector(stats.mean, 'mean');
  const n = mean.length;
  for (let i = 0; i < n; i++) if (mean[i] < 0 || mean[i] > 1) throw new InputError('mean', `${mean[i]} is not a probability`, i);
  const gatePass = new Uint8Array(n).fill(1);
  const uncertaintyPass = new Uint8Array(n).fill(1);
  const entropyPass = new Uint8Array(n).fill(1);
  if (cfg.gateThreshold !== null) for (let i = 0; i < n; i++) gatePass[i] = mean[i] > cfg.gateThreshold ? 1 : 0;
  if (cfg.maxUncertainty !== null) {
    if (stats.std === undefined) throw new InputError('std', 'is required when maxUncertainty is set (pass maxUncertainty: null to skip)');
    const std = toFiniteVector(stats.std, 'std', n);
    for (let i = 0; i < n; i++) {
      if (std[i] < 0) throw new InputError('std', `${std[i]} is negative`, i);
      uncertaintyPass[i] = std[i] < cfg.maxUncertainty ? 1 : 0;
    }
  }
  if (cfg.maxEntropy !== null) {
    const entropy = stats.entropy === undefined ? mean.map(binaryEntropy) : toFiniteVector(stats.entropy, 'entropy', n);
    for (let i = 0; i < n; i++) entropyPass[i] = entropy[i] < cfg.maxEntropy ? 1 : 0;
  }
  const trade = new Uint8Array(n);
  for (let i = 0; i < n; i++) trade[i] = gatePass[i] & uncertaintyPass[i] & entropyPass[i];
  return { trade, gatePass, uncertaintyPass, entropyPass };
}

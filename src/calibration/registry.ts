import { InputError, StateError } from '../core/errors';
import { Calibrator } from './interface';
import { TemperatureScaling, TemperatureOptions } from './temperature';
import { PlattScaling, PlattOptions } from './platt';
import { VectorScaling } from './vector';
import { MatrixScaling } from './matrix';
import { LinearScalingOptions } from './linear-scaling';
import { HistogramBinning, HistogramOptions } from './histogram';
import { IsotonicCalibration } from './isotonic';
import { BetaCalibration } from './beta';

/** Names of every calibrator, as used by `createCalibrator`, the state's `kind` and `certitude calibrate --method`. */
export const CALIBRATOR_KINDS = ['temperature', 'platt', 'vector', 'matrix', 'histogram', 'isotonic', 'beta'] as const;
/** One of `CALIBRATOR_KINDS`. */
export type CalibratorKind = (typeof CALIBRATOR_KINDS)[number];

/** Options accepted by each kind. */
export interface CalibratorOptionsByKind {
  temperature: TemperatureOptions;
  platt: PlattOptions;
  vector: LinearScalingOptions;
  matrix: LinearScalingOptions;
  histogram: HistogramOptions;
  isotonic: Record<string, never>;
  beta: Record<string, never>;
}

/**
 * Make an unfitted calibrator by name.
 *
 * @param kind one of `CALIBRATOR_KINDS`
 * @param options that calibrator's options object
 * @throws InputError naming `kind` for an unknown name, or the option for a bad option
 * @example
 * createCalibrator('temperature').input // 'logits'
 */
export function createCalibrator<K extends CalibratorKind>(kind: K, options?: CalibratorOptionsByKind[K]): Calibrator;
export function createCalibrator(kind: string, options?: object): Calibrator;
export function createCalibrator(kind: string, options: object = {}): Calibrator {
  switch (kind) {
    case 'temperature':
      return new TemperatureScaling(options as TemperatureOptions);
    case 'platt':
      return new PlattScaling(options as PlattOptions);
    case 'vector':
      return new VectorScaling(options as LinearScalingOptions);
    case 'matrix':
      return new MatrixScaling(options as LinearScalingOptions);
    case 'histogram':
      return new HistogramBinning(options as HistogramOptions);
    case 'isotonic':
      return new IsotonicCalibration();
    case 'beta':
      return new BetaCalibration();
    default:
      throw new InputError('kind', `unknown calibrator '${kind}' (known: ${CALIBRATOR_KINDS.join(', ')})`);
  }
}

/**
 * Restore a fitted calibrator from its `toJSON()` state (dispatching on `state.kind`).
 *
 * @throws StateError naming `state` for a non-object, an unknown kind, a wrong version or corrupt fields
 * @example
 * calibratorFromJSON(JSON.parse(JSON.stringify(fitted.toJSON()))).predictProba(x) // same numbers as fitted.predictProba(x)
 */
export function calibratorFromJSON(state: unknown): Calibrator {
  if (state === null || typeof state !== 'object' || Array.isArray(state)) throw new StateError('state', 'must be a JSON object');
  const kind = (state as { kind?: unknown }).kind;
  switch (kind) {
    case 'temperature':
      return TemperatureScaling.fromJSON(state);
    case 'platt':
      return PlattScaling.fromJSON(state);
    case 'vector':
      return VectorScaling.fromJSON(state);
    case 'matrix':
      return MatrixScaling.fromJSON(state);
    case 'histogram':
      return HistogramBinning.fromJSON(state);
    case 'isotonic':
      return IsotonicCalibration.fromJSON(state);
    case 'beta':
      return BetaCalibration.fromJSON(state);
    default:
      throw new StateError('state', `unknown calibrator kind ${JSON.stringify(kind)} (known: ${CALIBRATOR_KINDS.join(', ')})`);
  }
}

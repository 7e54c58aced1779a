/**
 * certitude's public API, one namespace per folder of the flow
 * data → models → uncertainty → calibration → metrics → decision → plots.
 *
 * @example
 * import { metrics, calibration } from 'certitude';
 * const t = calibration.createCalibrator('temperature').fit(valLogits, valLabels);
 * metrics.expectedCalibrationError(t.predictProba(testLogits), testLabels);
 */
export * as core from './core';
export * as models from './models';
export * as uncertainty from './uncertainty';
export * as calibration from './calibration';
export * as metrics from './metrics';
export * as bayes from './bayes';
export * as plots from './plots';

/**
 * Calibration and scoring metrics: pure functions on `Matrix` probabilities and integer labels.
 * Bin convention everywhere: right-closed (a, b], 0 in the first bin, like scikit-learn.
 */
// The public API only; the `...Unchecked` fast paths and binning internals stay importable from their files.
export {
  equalWidthEdges,
  equalMassEdges,
  topLabelScores,
  reliabilityDiagram,
  reliabilityBins,
  classwiseReliabilityDiagrams,
  classwiseReliabilityBins,
  reliabilityDiagramOfScores,
  calibrationCurve,
} from './reliability';
export type {
  Binning,
  ReliabilityMode,
  ReliabilityOptions,
  ReliabilityBin,
  BinEdges,
  ReliabilityDiagram,
  BinaryScores,
  CalibrationCurve,
} from './reliability';
export {
  calibrationErrorsOfBins,
  calibrationErrorsOfScores,
  expectedCalibrationError,
  maxCalibrationError,
  rmsCalibrationError,
  classwiseExpectedCalibrationError,
  debiasedCalibrationError,
  debiasedCalibrationErrorOfBins,
} from './calibration-error';
export type { BinnedCalibrationErrors } from './calibration-error';
export { NLL_CLIP, negativeLogLikelihood, negativeLogLikelihoodFromLogits, brierScore, binaryBrierScore, accuracy } from './scoring';
export * from './bootstrap';
export * from './summary';
export { checkPredictions, checkScoresAndOutcomes } from './validate';
// Ranking metrics (AUROC, AUPR, risk-coverage, ...) are re-exported here from './ranking' by their owner.
export * from './ranking';

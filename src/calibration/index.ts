/**
 * Post-hoc calibrators: fitted on held-out scores and labels, they map scores to calibrated probabilities.
 * Logit methods: temperature, vector, matrix, Platt. Probability methods: histogram, isotonic, beta.
 * `convertScores` turns either form into the other, so every method works from either.
 */
export {
  Calibrator,
  CalibratorInput,
  CalibratorState,
  CALIBRATOR_STATE_VERSION,
  PROBABILITY_LOG_CLIP,
  probabilitiesToLogits,
  logitsToProbabilities,
  convertScores,
} from './interface';
export * from './registry';
export { TemperatureScaling, TemperatureOptions } from './temperature';
export { PlattScaling, PlattOptions, PlattMap, plattFit, plattPredict } from './platt';
export { VectorScaling, LinearFitDiagnostics } from './vector';
export { MatrixScaling } from './matrix';
export { LinearScalingOptions, LinearRegularization } from './linear-scaling';
export { HistogramBinning, HistogramOptions, HistogramMap, histogramFit, histogramPredict, histogramBinIndex } from './histogram';
export { IsotonicCalibration, IsotonicRegression, IsotonicMap, isotonicFit, isotonicPredict } from './isotonic';
export { BetaCalibration, BetaMap, betaFit, betaPredict } from './beta';
export { OneVsRestCalibrator, oneVsRestLogit, renormalizeOneVsRest } from './one-vs-rest';

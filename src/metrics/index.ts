/**
 * Calibration and scoring metrics: pure functions on `Matrix` probabilities and integer labels.
 * Bin convention everywhere: right-closed (a, b], 0 in the first bin, like scikit-learn.
 */
export * from './reliability';
export * from './calibration-error';
export * from './scoring';
export * from './bootstrap';
export * from './summary';
export { checkPredictions, checkScoresAndOutcomes } from './validate';
// Ranking metrics (AUROC, AUPR, risk-coverage, ...) are re-exported here from './ranking' by their owner.
export * from './ranking';

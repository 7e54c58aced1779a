/**
 * Plug-in vs posterior predictive (seed 003): Bayesian logistic regression (MLE, MAP, Laplace, HMC, predictive
 * band, decision-boundary posterior), the conjugate Normal-Inverse-Gamma Gaussian model with deadline
 * probabilities, and the special functions they rest on (incomplete beta/gamma, Student-t, normal).
 */
export * from './logistic';
export * from './conjugate-gaussian';
export * from './special';

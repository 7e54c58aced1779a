/** Uncertainty: sample summaries (entropy decomposition), softmax and final-layer representation measures. */
export * from './measures';
export * from './representation';

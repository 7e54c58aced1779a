/**
 * Uncertainty: sample summaries (entropy decomposition, law of total variance), softmax and final-layer
 * representation measures (Pearce et al. 2021), and MC Dropout prediction.
 */
export * from './measures';
export * from './representation';
export * from './mc-dropout';
export * from './ensemble';

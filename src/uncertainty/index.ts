/**
 * Uncertainty: sample summaries (entropy decomposition, law of total variance), softmax and final-layer
 * representation measures (Pearce et al. 2021), MC Dropout prediction and Deep Ensembles.
 *
 * Not re-exported on purpose: `ensemble-worker.ts` is a child-process entry point (importing it would run it)
 * and `ensemble-workers.ts` is the internal process pool behind `trainEnsemble({ workers })`.
 */
export * from './measures';
export * from './representation';
export * from './mc-dropout';
export * from './ensemble';

export * from './errors';
export * from './matrix';
export * from './rng';
export * from './io';

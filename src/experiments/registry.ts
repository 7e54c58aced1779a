import { InputError } from '../core/errors';
import type { Experiment } from './types';

/**
 * The experiments, in the order `certitude reproduce` runs them. Each entry loads its module lazily, so
 * listing experiments or checking their data never loads TensorFlow.js.
 */
const LOADERS: Record<string, () => Experiment> = {
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  'calibration-demo': () => require('./calibration-demo').experiment,
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  'uci-regression': () => require('./uci-regression').experiment,
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  'fashion-mnist-calibration': () => require('./fashion-mnist-calibration').experiment,
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  'calibration-factors': () => require('./calibration-factors').experiment,
};

const extra = new Map<string, () => Experiment>();

/** Names of the registered experiments, in run order. */
export function experimentNames(): string[] {
  return [...Object.keys(LOADERS), ...extra.keys()];
}

/**
 * The experiment called `name`.
 *
 * @throws InputError naming `experiment` when unknown (listing the known names)
 * @example
 * getExperiment('calibration-demo').summary
 */
export function getExperiment(name: string): Experiment {
  const load = LOADERS[name] ?? extra.get(name);
  if (!load) throw new InputError('experiment', `unknown experiment '${name}' (known: ${experimentNames().join(', ')})`);
  return load();
}

/**
 * Register an extra experiment (tests register tiny ones; a plugin could add its own).
 *
 * @throws InputError when the name is taken
 */
export function registerExperiment(experiment: Experiment): void {
  if (LOADERS[experiment.name] || extra.has(experiment.name)) throw new InputError('experiment', `'${experiment.name}' is already registered`);
  extra.set(experiment.name, () => experiment);
}

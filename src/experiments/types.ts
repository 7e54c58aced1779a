import { Rng } from '../core/rng';
import type { Json, ResolvedConfig } from './config';

/** Whether an experiment's data is present; when not, why and the command that fetches it. */
export type DataCheck = { readonly ok: true } | { readonly ok: false; readonly reason: string; readonly fix: string };

/** A published target checked by a run: `met` true/false, or null when the run could not decide (e.g. smoke profile). */
export interface TargetCheck {
  readonly target: string;
  readonly met: boolean | null;
  readonly detail: string;
}

/** What an experiment's `run` hands back to the runner. */
export interface ExperimentOutput {
  /** Every number the run produced, as plain JSON. */
  readonly results: { [key: string]: Json };
  /** The human-readable tables (markdown), printed and written beside the JSON. */
  readonly markdown: string;
  /** `sha256:…` fingerprint of each data set read, by data set name. */
  readonly dataFingerprints: Record<string, string>;
  /** Published targets and whether this run met them. */
  readonly targets: TargetCheck[];
  /** The TensorFlow.js backend info (from `initBackend`) the numbers were computed on; null when none was used. */
  readonly backend: Json;
}

/** What an experiment receives. */
export interface ExperimentContext {
  readonly config: ResolvedConfig;
  /** A generator seeded with `config.seed`: the only source of randomness of the run. */
  readonly rng: Rng;
  /** Progress lines (stderr in the CLI). */
  readonly log: (line: string) => void;
}

/** One experiment: a name, a data check, and a run. */
export interface Experiment {
  readonly name: string;
  readonly summary: string;
  /** Whether the data this config needs is present (cheap: no loading or training). */
  checkData(config: ResolvedConfig): DataCheck;
  run(context: ExperimentContext): Promise<ExperimentOutput>;
}

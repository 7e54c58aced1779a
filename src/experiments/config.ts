import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { InputError } from '../core/errors';
import { repoRoot } from '../data/paths';

/** The two profiles every experiment has: `smoke` (a few minutes, for CI) and `full` (the real reproduction). */
export const PROFILES = ['smoke', 'full'] as const;
/** One of {@link PROFILES}. */
export type Profile = (typeof PROFILES)[number];

/** Plain JSON value (what configs and results hold). */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/**
 * An experiment config file, `experiments/<name>.json`: one seed and one parameter object per profile.
 * Parameters are experiment-specific and documented in the experiment's module.
 */
export interface ExperimentConfigFile {
  readonly experiment: string;
  readonly description: string;
  readonly seed: number;
  readonly profiles: Record<Profile, { [key: string]: Json }>;
}

/** The config of one run: what the config hash covers. */
export interface ResolvedConfig {
  readonly experiment: string;
  readonly profile: Profile;
  readonly seed: number;
  readonly params: { [key: string]: Json };
}

/** Folder of the experiment configs: `experiments/` in the repository. */
export function configDir(): string {
  return join(repoRoot(), 'experiments');
}

/**
 * Read and check `experiments/<name>.json`, then resolve one profile.
 *
 * @param name experiment name
 * @param profile 'smoke' or 'full'
 * @param options.path read this file instead (tests); options.seed / options.params override the file's
 * @throws InputError naming the file and field on a missing file, bad seed or missing profile
 * @example
 * resolveConfig('calibration-demo', 'smoke').params.hiddenUnits // e.g. 32
 */
export function resolveConfig(
  name: string,
  profile: Profile,
  options: { path?: string; seed?: number; params?: { [key: string]: Json } } = {},
): ResolvedConfig {
  if (!(PROFILES as readonly string[]).includes(profile)) throw new InputError('--profile', `must be one of ${PROFILES.join(', ')}, got '${profile}'`);
  const path = options.path ?? join(configDir(), `${name}.json`);
  if (!existsSync(path)) throw new InputError('experiment', `no config file ${path} for experiment '${name}'`);
  let file: ExperimentConfigFile;
  try {
    file = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new InputError(path, `is not valid JSON: ${(e as Error).message}`);
  }
  if (file.experiment !== name) throw new InputError(path, `field 'experiment' is ${JSON.stringify(file.experiment)}, expected '${name}'`);
  const seed = options.seed ?? file.seed;
  if (!Number.isInteger(seed) || seed < 0) throw new InputError(path, `field 'seed' must be a non-negative integer, got ${JSON.stringify(seed)}`);
  const params = file.profiles?.[profile];
  if (params === null || typeof params !== 'object' || Array.isArray(params)) throw new InputError(path, `has no profile '${profile}'`);
  return { experiment: name, profile, seed, params: { ...params, ...(options.params ?? {}) } };
}

/**
 * JSON with object keys sorted at every level, so equal configs always serialise (and hash) the same.
 *
 * @example
 * canonicalJson({ b: 1, a: [2, { d: 3, c: 4 }] }) // '{"a":[2,{"c":4,"d":3}],"b":1}'
 */
export function canonicalJson(value: Json): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const keys = Object.keys(value).sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(value[k])}`).join(',')}}`;
}

/**
 * First 12 hex digits of the SHA-256 of the canonical JSON of a resolved config: the `<hash>` in
 * `results/<experiment>/<profile>-<hash>.json`.
 *
 * @example
 * configHash({ experiment: 'x', profile: 'smoke', seed: 1, params: {} }) // 12 hex digits, same on every machine
 */
export function configHash(config: ResolvedConfig): string {
  return createHash('sha256').update(canonicalJson(config as unknown as Json)).digest('hex').slice(0, 12);
}

/** A numeric parameter, checked. @throws InputError naming `params.<key>` */
export function numberParam(params: { [key: string]: Json }, key: string, check: { integer?: boolean; min?: number; max?: number } = {}): number {
  const v = params[key];
  if (typeof v !== 'number' || !Number.isFinite(v)) throw new InputError(`params.${key}`, `must be a number, got ${JSON.stringify(v)}`);
  if (check.integer && !Number.isInteger(v)) throw new InputError(`params.${key}`, `must be an integer, got ${v}`);
  if (check.min !== undefined && v < check.min) throw new InputError(`params.${key}`, `must be ≥ ${check.min}, got ${v}`);
  if (check.max !== undefined && v > check.max) throw new InputError(`params.${key}`, `must be ≤ ${check.max}, got ${v}`);
  return v;
}

/** A list of numbers parameter. @throws InputError naming `params.<key>` */
export function numberListParam(params: { [key: string]: Json }, key: string): number[] {
  const v = params[key];
  if (!Array.isArray(v) || v.length === 0 || v.some((x) => typeof x !== 'number' || !Number.isFinite(x))) {
    throw new InputError(`params.${key}`, `must be a non-empty list of numbers, got ${JSON.stringify(v)}`);
  }
  return v as number[];
}

/** A list of strings parameter. @throws InputError naming `params.<key>` */
export function stringListParam(params: { [key: string]: Json }, key: string): string[] {
  const v = params[key];
  if (!Array.isArray(v) || v.some((x) => typeof x !== 'string')) throw new InputError(`params.${key}`, `must be a list of strings, got ${JSON.stringify(v)}`);
  return v as string[];
}

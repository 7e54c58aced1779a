import { readFileSync } from 'node:fs';
import { cpus, platform, arch } from 'node:os';
import { join } from 'node:path';
import { writeFileAtomic } from '../core/io';
import { Rng } from '../core/rng';
import { InputError } from '../core/errors';
import { repoRoot } from '../data/paths';
import { configHash, Json, Profile, ResolvedConfig, resolveConfig } from './config';
import { getExperiment } from './registry';
import type { TargetCheck } from './types';

/** Format version of results files. */
export const RESULT_SCHEMA = 'certitude-experiment-result/1';

/** Where and on what a run happened. */
export interface RunEnvironment {
  /** The TensorFlow.js backend that ran (and its versions), or null for runs without TensorFlow.js. */
  readonly backend: Json;
  readonly node: string;
  readonly platform: string;
  readonly cpu: string;
  readonly cpuCount: number;
  /** Versions of certitude and the packages that computed numbers. */
  readonly packages: Record<string, string>;
}

/** The JSON written to `results/<experiment>/<profile>-<hash>.json`. */
export interface ExperimentRecord {
  readonly schema: string;
  readonly experiment: string;
  readonly profile: Profile;
  readonly configHash: string;
  readonly config: ResolvedConfig;
  readonly seed: number;
  readonly dataFingerprints: Record<string, string>;
  readonly environment: RunEnvironment;
  readonly startedAt: string;
  readonly wallTimeSeconds: number;
  readonly targets: TargetCheck[];
  readonly results: { [key: string]: Json };
  readonly markdown: string;
}

/** Options of {@link runExperiment}. */
export interface RunOptions {
  /** @default 'smoke' */
  profile?: Profile;
  /** Folder holding `<experiment>/...` results. @default results/ in the repository */
  resultsDir?: string;
  /** Read this config file instead of `experiments/<name>.json`. */
  configPath?: string;
  /** Override the config's seed (recorded, and part of the hash). */
  seed?: number;
  /** Override parameters (recorded, and part of the hash). */
  params?: { [key: string]: Json };
  /** Don't write files (tests of determinism). @default false */
  dryRun?: boolean;
  /** Progress lines. @default none */
  log?: (line: string) => void;
}

function packageVersion(name: string): string {
  try {
    return JSON.parse(readFileSync(require.resolve(`${name}/package.json`), 'utf8')).version;
  } catch {
    return 'absent';
  }
}

/** The environment of this process (backend filled in by experiments that use TensorFlow.js). */
export function runEnvironment(backend: Json): RunEnvironment {
  let certitude = 'unknown';
  try {
    certitude = JSON.parse(readFileSync(join(repoRoot(), 'package.json'), 'utf8')).version;
  } catch {
    // a results file without certitude's version is still valid; the config hash identifies the run
  }
  const cpuList = cpus();
  return {
    backend,
    node: process.version,
    platform: `${platform()}-${arch()}`,
    cpu: cpuList[0]?.model ?? 'unknown',
    cpuCount: cpuList.length,
    packages: {
      certitude,
      '@tensorflow/tfjs': packageVersion('@tensorflow/tfjs'),
      '@tensorflow/tfjs-backend-wasm': packageVersion('@tensorflow/tfjs-backend-wasm'),
    },
  };
}

/** Path of a results file (without extension) for a config. */
export function resultBasePath(resultsDir: string, config: ResolvedConfig): string {
  return join(resultsDir, config.experiment, `${config.profile}-${configHash(config)}`);
}

/** The markdown file: a header naming the run, the experiment's tables, and the targets. */
export function recordMarkdown(record: ExperimentRecord): string {
  const env = record.environment;
  const backend = env.backend && typeof env.backend === 'object' && !Array.isArray(env.backend) ? (env.backend as Record<string, Json>).backend ?? 'none' : 'none';
  const lines = [
    `# ${record.experiment} (${record.profile} profile)`,
    '',
    `config ${record.configHash}, seed ${record.seed}, backend ${backend}, node ${env.node}, ${env.cpuCount}× ${env.cpu}, ` +
      `wall time ${record.wallTimeSeconds.toFixed(1)} s, started ${record.startedAt}`,
    '',
    'Data: ' + (Object.entries(record.dataFingerprints).map(([k, v]) => `${k} \`${v.slice(0, 19)}…\``).join(', ') || 'none'),
    '',
    record.markdown.trim(),
    '',
  ];
  if (record.targets.length) {
    lines.push('## Targets', '');
    for (const t of record.targets) lines.push(`- **${t.met === null ? 'not judged' : t.met ? 'MET' : 'MISSED'}** — ${t.target}: ${t.detail}`);
    lines.push('');
  }
  return lines.join('\n');
}

/**
 * Run one experiment with one profile and write `results/<experiment>/<profile>-<config hash>.json` and
 * `.md` atomically. The JSON holds every number, the resolved config, seed, data fingerprints, backend
 * and package versions and wall time.
 *
 * @throws InputError when the experiment is unknown, its config invalid, or its data missing (naming the fetch command)
 * @example
 * const { record, jsonPath } = await runExperiment('calibration-demo', { profile: 'full' });
 */
export async function runExperiment(name: string, options: RunOptions = {}): Promise<{ record: ExperimentRecord; jsonPath?: string; markdownPath?: string }> {
  const experiment = getExperiment(name);
  const config = resolveConfig(name, options.profile ?? 'smoke', { path: options.configPath, seed: options.seed, params: options.params });
  const check = experiment.checkData(config);
  // `=== false`, not `!check.ok`: tslab compiles without strictNullChecks, where `!` does not narrow this union.
  if (check.ok === false) throw new InputError('data', `${name}: ${check.reason}; run \`${check.fix}\``);
  const log = options.log ?? (() => undefined);
  const started = new Date();
  const t0 = process.hrtime.bigint();
  const output = await experiment.run({ config, rng: new Rng(config.seed), log });
  const wallTimeSeconds = Number(process.hrtime.bigint() - t0) / 1e9;
  const record: ExperimentRecord = {
    schema: RESULT_SCHEMA,
    experiment: name,
    profile: config.profile,
    configHash: configHash(config),
    config,
    seed: config.seed,
    dataFingerprints: output.dataFingerprints,
    environment: runEnvironment(output.backend),
    startedAt: started.toISOString(),
    wallTimeSeconds,
    targets: output.targets,
    results: output.results,
    markdown: output.markdown,
  };
  if (options.dryRun) return { record };
  const base = resultBasePath(options.resultsDir ?? join(repoRoot(), 'results'), config);
  await writeFileAtomic(`${base}.json`, JSON.stringify(record, null, 1) + '\n');
  await writeFileAtomic(`${base}.md`, recordMarkdown(record));
  return { record, jsonPath: `${base}.json`, markdownPath: `${base}.md` };
}

/**
 * A copy of results without wall-clock fields (keys `seconds`, `*Seconds`): what must be identical between two
 * runs with the same config and seed on the same backend.
 *
 * @example
 * withoutTimings({ ece: 0.05, fitSeconds: 0.2, per: [{ seconds: 3, rmse: 1 }] }) // { ece: 0.05, per: [{ rmse: 1 }] }
 */
export function withoutTimings(value: Json): Json {
  if (Array.isArray(value)) return value.map(withoutTimings);
  if (value === null || typeof value !== 'object') return value;
  const out: { [key: string]: Json } = {};
  for (const [k, v] of Object.entries(value)) if (k !== 'seconds' && !k.endsWith('Seconds')) out[k] = withoutTimings(v);
  return out;
}

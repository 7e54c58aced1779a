import { InputError } from '../../core/errors';
import { Json, PROFILES, Profile } from '../../experiments/config';
import { experimentNames, getExperiment } from '../../experiments/registry';
import { runExperiment } from '../../experiments/runner';
import { numberOption, parseArgs, stringOption } from '../args';
import type { Command } from '../main';

const usage = `usage: certitude experiment <name> [--profile smoke|full] [--seed N] [--set key=JSON]... [--results-dir DIR]
       certitude experiment list

Runs one experiment (config in experiments/<name>.json) and writes
results/<name>/<profile>-<config hash>.json and .md. Experiments: ${experimentNames().join(', ')}.
  --profile      smoke (a few minutes, CI) or full (the real reproduction)  [default: smoke]
  --seed N       override the config's seed (part of the config hash)
  --set k=JSON   override one parameter of the profile, e.g. --set 'datasets=["yacht"]' (repeatable;
                 recorded in the results and part of the config hash)
  --results-dir  write under this folder instead of results/`;

/** Parse `--profile`. @throws InputError naming --profile */
export function profileOption(value: string | undefined, fallback: Profile): Profile {
  if (value === undefined) return fallback;
  if (!(PROFILES as readonly string[]).includes(value)) throw new InputError('--profile', `must be one of ${PROFILES.join(', ')}, got '${value}'`);
  return value as Profile;
}

/**
 * Pull the repeatable `--set key=JSON` options out of argv (parseArgs keeps one value per option).
 *
 * @throws InputError naming --set for a missing '=' or a value that is not JSON
 * @example
 * extractSets(['x', '--set', 'maxSplits=3']).params // { maxSplits: 3 }
 */
export function extractSets(argv: string[]): { rest: string[]; params: { [key: string]: Json } | undefined } {
  const rest: string[] = [];
  const params: { [key: string]: Json } = {};
  let any = false;
  for (let i = 0; i < argv.length; i++) {
    let value: string | undefined;
    if (argv[i] === '--set') value = argv[++i];
    else if (argv[i].startsWith('--set=')) value = argv[i].slice(6);
    else {
      rest.push(argv[i]);
      continue;
    }
    const eq = value === undefined ? -1 : value.indexOf('=');
    if (value === undefined || eq <= 0) throw new InputError('--set', `expects key=JSON, got ${JSON.stringify(value)}`);
    try {
      params[value.slice(0, eq)] = JSON.parse(value.slice(eq + 1));
    } catch {
      throw new InputError('--set', `value of '${value.slice(0, eq)}' is not JSON: ${value.slice(eq + 1)}`);
    }
    any = true;
  }
  return { rest, params: any ? params : undefined };
}

/** `certitude experiment`: run one experiment and write its results. */
export const command: Command = {
  summary: 'run one experiment (uci-regression, fashion-mnist-calibration, ...) and write results/',
  usage,
  async run(argv: string[]): Promise<number> {
    const sets = extractSets(argv);
    const args = parseArgs(sets.rest, ['profile', 'seed', 'results-dir']);
    const [name, ...extra] = args.positionals;
    if (name === 'list') {
      for (const n of experimentNames()) process.stdout.write(`${n.padEnd(28)} ${getExperiment(n).summary}\n`);
      return 0;
    }
    if (!name || extra.length) throw new InputError('experiment', `expected one experiment name\n${usage}`);
    const profile = profileOption(stringOption(args, 'profile'), 'smoke');
    const seed = args.options.has('seed') ? numberOption(args, 'seed', 0, { integer: true, min: 0 }) : undefined;
    const { record, jsonPath, markdownPath } = await runExperiment(name, {
      profile,
      seed,
      params: sets.params,
      resultsDir: stringOption(args, 'results-dir'),
      log: (line) => process.stderr.write(line + '\n'),
    });
    process.stdout.write(record.markdown.trim() + '\n\n');
    for (const t of record.targets) process.stdout.write(`${t.met === null ? 'not judged' : t.met ? 'MET   ' : 'MISSED'}  ${t.target}: ${t.detail}\n`);
    process.stdout.write(`\nwrote ${jsonPath} and ${markdownPath} (${record.wallTimeSeconds.toFixed(1)} s)\n`);
    return 0;
  },
};

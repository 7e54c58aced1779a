import { Profile, resolveConfig } from '../../experiments/config';
import { fetchUci } from '../../data/fetch';
import { dataMirror } from '../../data/paths';
import { presentUciDatasets } from '../../data/uci';
import { experimentNames, getExperiment } from '../../experiments/registry';
import { runExperiment } from '../../experiments/runner';
import { parseArgs, stringOption } from '../args';
import type { Command } from '../main';
import { profileOption } from './experiment';

/**
 * The default profile of each experiment in `certitude reproduce`: chosen so the whole default run takes a
 * few minutes on 2 CPU cores. The demo runs its full profile (well under a minute); the others run smoke
 * and say how to run the full reproduction.
 */
export const DEFAULT_PROFILES: Record<string, Profile> = {
  'calibration-demo': 'full',
  'uci-regression': 'smoke',
  'fashion-mnist-calibration': 'smoke',
  'calibration-factors': 'smoke',
};

const usage = `usage: certitude reproduce [--profile smoke|full] [--results-dir DIR]

The README's main job. Runs every experiment whose data is present and says which it skipped and why
(with CERTITUDE_DATA_MIRROR set, missing UCI data is first copied from the mirror).
Default profiles: ${Object.entries(DEFAULT_PROFILES).map(([k, v]) => `${k} ${v}`).join(', ')}
(--profile sets one profile for all). The full reproduction: \`certitude reproduce --profile full\` (hours on a laptop CPU).`;

/** `certitude reproduce`: every experiment whose data is present. */
export const command: Command = {
  summary: 'run every experiment whose data is present (the main job; default: demo full, others smoke)',
  usage,
  async run(argv: string[]): Promise<number> {
    const args = parseArgs(argv, ['profile', 'results-dir']);
    const forced = args.options.has('profile') ? profileOption(stringOption(args, 'profile'), 'smoke') : undefined;
    const summary: string[] = [];
    let failures = 0;
    for (const name of experimentNames()) {
      const profile = forced ?? DEFAULT_PROFILES[name] ?? 'smoke';
      const experiment = getExperiment(name);
      const config = resolveConfig(name, profile);
      let check = experiment.checkData(config);
      // With a local mirror configured (CI), copying UCI data is a local file copy, not a download: do it.
      const mirror = dataMirror();
      if (!check.ok && name === 'uci-regression' && mirror !== undefined) {
        const missing = (config.params.datasets as string[]).filter((d) => !presentUciDatasets().includes(d as never));
        process.stdout.write(`copying UCI data (${missing.join(', ')}) from the mirror ${mirror} (CERTITUDE_DATA_MIRROR)\n`);
        await fetchUci(missing, { mirror, log: (line) => process.stdout.write(`  ${line}\n`) });
        check = experiment.checkData(config);
      }
      if (check.ok === false) { // not `!check.ok`: keeps narrowing under tslab, which compiles without strictNullChecks
        summary.push(`SKIPPED ${name}: ${check.reason}. Fetch it with: ${check.fix}`);
        continue;
      }
      process.stdout.write(`\n=== ${name} (${profile} profile) ===\n`);
      try {
        const { record, jsonPath } = await runExperiment(name, {
          profile,
          resultsDir: stringOption(args, 'results-dir'),
          log: (line) => process.stderr.write(`  ${line}\n`),
        });
        process.stdout.write(record.markdown.trim() + '\n');
        const met = record.targets.filter((t) => t.met === true).length;
        const missed = record.targets.filter((t) => t.met === false).length;
        summary.push(`ran     ${name} (${profile}, ${record.wallTimeSeconds.toFixed(0)} s): targets met ${met}, missed ${missed} → ${jsonPath}`);
      } catch (e) {
        failures++;
        summary.push(`FAILED  ${name}: ${(e as Error).message}`);
      }
    }
    process.stdout.write(`\n=== summary ===\n${summary.join('\n')}\n`);
    return failures ? 1 : 0;
  },
};

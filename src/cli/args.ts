import { InputError } from '../core/errors';

/** Parsed command line: `--name value` / `--flag` options and positional arguments. */
export interface ParsedArgs {
  readonly options: Map<string, string | true>;
  readonly positionals: string[];
}

/**
 * Parse `argv` (without the command name). `--key value`, `--key=value` and boolean `--flag`
 * (a flag listed in `booleans`). Unknown options are an error naming them, so typos never pass silently.
 *
 * @param known option names (without `--`) that take a value
 * @param booleans option names that take no value
 * @throws InputError naming the unknown or value-less option
 * @example
 * parseArgs(['--bins', '10', '--json', 'a.csv'], ['bins'], ['json']).options.get('bins') // '10'
 */
export function parseArgs(argv: string[], known: string[], booleans: string[] = []): ParsedArgs {
  const options = new Map<string, string | true>();
  const positionals: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--') {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    if (a.startsWith('--')) {
      const eq = a.indexOf('=');
      const name = eq >= 0 ? a.slice(2, eq) : a.slice(2);
      if (booleans.includes(name)) {
        if (eq >= 0) throw new InputError(`--${name}`, 'takes no value');
        options.set(name, true);
      } else if (known.includes(name)) {
        const value = eq >= 0 ? a.slice(eq + 1) : argv[++i];
        if (value === undefined) throw new InputError(`--${name}`, 'needs a value');
        options.set(name, value);
      } else {
        throw new InputError(`--${name}`, `unknown option (known: ${[...known, ...booleans].map((k) => '--' + k).join(', ')})`);
      }
    } else {
      positionals.push(a);
    }
  }
  return { options, positionals };
}

/** A string option, or `fallback` when absent. */
export function stringOption(args: ParsedArgs, name: string, fallback?: string): string | undefined {
  const v = args.options.get(name);
  return v === undefined || v === true ? fallback : v;
}

/** A required string option. @throws InputError when missing. */
export function requiredOption(args: ParsedArgs, name: string): string {
  const v = stringOption(args, name);
  if (v === undefined) throw new InputError(`--${name}`, 'is required');
  return v;
}

/** A numeric option, checked finite (and integer / within bounds when asked). */
export function numberOption(
  args: ParsedArgs,
  name: string,
  fallback: number,
  check: { integer?: boolean; min?: number; max?: number } = {},
): number {
  const raw = stringOption(args, name);
  if (raw === undefined) return fallback;
  const v = Number(raw);
  if (!Number.isFinite(v) || raw.trim() === '') throw new InputError(`--${name}`, `must be a number, got '${raw}'`);
  if (check.integer && !Number.isInteger(v)) throw new InputError(`--${name}`, `must be an integer, got ${raw}`);
  if (check.min !== undefined && v < check.min) throw new InputError(`--${name}`, `must be ≥ ${check.min}, got ${raw}`);
  if (check.max !== undefined && v > check.max) throw new InputError(`--${name}`, `must be ≤ ${check.max}, got ${raw}`);
  return v;
}

/** A comma-separated list of numbers, e.g. `--q 5,10,15`. */
export function numberListOption(args: ParsedArgs, name: string, fallback: number[]): number[] {
  const raw = stringOption(args, name);
  if (raw === undefined) return fallback;
  return raw.split(',').map((s) => {
    const v = Number(s);
    if (s.trim() === '' || !Number.isFinite(v)) throw new InputError(`--${name}`, `'${s}' is not a number`);
    return v;
  });
}

/** Whether a boolean flag was given. */
export function flag(args: ParsedArgs, name: string): boolean {
  return args.options.get(name) === true;
}

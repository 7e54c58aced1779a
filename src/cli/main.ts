import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { CertitudeError } from '../core/errors';

/**
 * A `certitude` sub-command. Each lives in `src/cli/commands/<name>.ts` and exports `command`;
 * `main` finds it by name, so adding a command never touches this file.
 */
export interface Command {
  /** One line for `certitude help`. */
  readonly summary: string;
  /** Full usage text printed by `certitude <name> --help` and on bad arguments. */
  readonly usage: string;
  /** Run with the arguments after the command name; resolves to the process exit code. */
  run(argv: string[]): Promise<number>;
}

function commandsDir(): string {
  return join(__dirname, 'commands');
}

/** Names of the available commands (files in commands/). */
export function commandNames(): string[] {
  const dir = commandsDir();
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => /\.(js|ts)$/.test(f) && !f.endsWith('.d.ts') && !f.endsWith('.map') && !f.startsWith('index.'))
    .map((f) => f.replace(/\.(js|ts)$/, ''))
    .filter((v, i, a) => a.indexOf(v) === i)
    .sort();
}

/** Load one command module by name, or undefined when there is none. */
export function loadCommand(name: string): Command | undefined {
  if (!/^[a-z][a-z0-9-]*$/.test(name) || !commandNames().includes(name)) return undefined;
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  const mod = require(join(commandsDir(), name));
  return mod.command as Command;
}

function helpText(): string {
  const lines = ['usage: certitude <command> [options]', '', 'commands:'];
  for (const name of commandNames()) {
    const c = loadCommand(name);
    if (c) lines.push(`  ${name.padEnd(12)} ${c.summary}`);
  }
  lines.push('', 'Run `certitude <command> --help` for a command\'s options.');
  return lines.join('\n');
}

/**
 * Entry point of the `certitude` binary. Typed errors (bad input, unfittable data, corrupt state)
 * print as one clear line and exit 2; anything else is a bug and exits 1 with its stack.
 */
export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === 'help' || name === '--help' || name === '-h') {
    process.stdout.write(helpText() + '\n');
    return name ? 0 : 2;
  }
  const command = loadCommand(name);
  if (!command) {
    process.stderr.write(`certitude: unknown command '${name}'\n\n${helpText()}\n`);
    return 2;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    process.stdout.write(command.usage + '\n');
    return 0;
  }
  try {
    return await command.run(rest);
  } catch (e) {
    if (e instanceof CertitudeError) {
      process.stderr.write(`certitude ${name}: ${e.message}\n`);
      return 2;
    }
    throw e;
  }
}

/*
 * Runs the `certitude` CLI straight from src/ through tsx (no build step), for npm scripts used while the
 * library is being edited: `node --import tsx scripts/certitude-dev.ts <command> [options]`.
 */
import { main } from '../src/cli/main';

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`certitude: ${err instanceof Error ? err.stack ?? err.message : String(err)}\n`);
    process.exitCode = 1;
  },
);

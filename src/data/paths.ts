import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

/**
 * The repository root: the nearest folder above this file whose package.json is named `certitude`.
 * Works from `src/data` (tsx) and from `dist/src/data` (compiled) alike.
 *
 * @example
 * repoRoot() // '/home/me/certitude'
 */
export function repoRoot(): string {
  let dir = __dirname;
  for (;;) {
    const pkg = join(dir, 'package.json');
    if (existsSync(pkg)) {
      try {
        if (JSON.parse(readFileSync(pkg, 'utf8')).name === 'certitude') return dir;
      } catch {
        // an unreadable package.json is not ours; keep walking up
      }
    }
    const up = dirname(dir);
    if (up === dir) return resolve(__dirname, '..', '..');
    dir = up;
  }
}

/**
 * Folder holding downloaded data sets: `$CERTITUDE_DATA` (resolved against the working directory)
 * when set, else `data/` in the repository (its sub-folders are git-ignored: data is never committed).
 *
 * @param env environment to read (default `process.env`)
 * @example
 * dataRoot({ CERTITUDE_DATA: '/tmp/d' }) // '/tmp/d'
 */
export function dataRoot(env: NodeJS.ProcessEnv = process.env): string {
  const fromEnv = env.CERTITUDE_DATA;
  return fromEnv && fromEnv.trim() !== '' ? resolve(fromEnv) : join(repoRoot(), 'data');
}

/**
 * A local mirror to copy data from instead of downloading (`$CERTITUDE_DATA_MIRROR`), laid out as
 * `<mirror>/uci/<name>/...` and `<mirror>/fashion-mnist/*.gz`; undefined when unset.
 *
 * @example
 * dataMirror({ CERTITUDE_DATA_MIRROR: 'shared/data' }) // '<cwd>/shared/data'
 */
export function dataMirror(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const m = env.CERTITUDE_DATA_MIRROR;
  return m && m.trim() !== '' ? resolve(m) : undefined;
}

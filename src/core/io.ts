import { promises as fsp, writeFileSync, renameSync, mkdirSync, rmSync } from 'node:fs';
import { dirname, basename, join } from 'node:path';

/**
 * Write a file atomically: write `path.<pid>.<n>.tmp` beside it, then rename over `path`.
 * A crash never leaves a half-written file at `path` (rename is atomic on one file system).
 *
 * @example
 * await writeFileAtomic('results/x.json', JSON.stringify(obj));
 */
export async function writeFileAtomic(path: string, contents: string | Uint8Array): Promise<void> {
  await fsp.mkdir(dirname(path), { recursive: true });
  const tmp = tempSibling(path);
  try {
    await fsp.writeFile(tmp, contents);
    await fsp.rename(tmp, path);
  } catch (e) {
    await fsp.rm(tmp, { force: true });
    throw e;
  }
}

/** Synchronous `writeFileAtomic`. */
export function writeFileAtomicSync(path: string, contents: string | Uint8Array): void {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = tempSibling(path);
  try {
    writeFileSync(tmp, contents);
    renameSync(tmp, path);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw e;
  }
}

let counter = 0;
/** A temporary path in the same directory as `path` (same file system, so rename is atomic). */
export function tempSibling(path: string): string {
  counter += 1;
  return join(dirname(path), `.${basename(path)}.${process.pid}.${counter}.tmp`);
}

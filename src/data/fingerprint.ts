import { createHash, Hash } from 'node:crypto';

/**
 * Incremental SHA-256 fingerprint of what a loader read. Each part is hashed with its name and
 * byte length as a header, so `('a', 'bc')` and `('ab', 'c')` give different fingerprints and a
 * renamed or reordered file changes the result.
 *
 * @example
 * const fp = new Fingerprint();
 * fp.add('data.txt', Buffer.from('1 2\n'));
 * fp.hex() // 'sha256:…' (64 hex digits)
 */
export class Fingerprint {
  private readonly hash: Hash = createHash('sha256');
  private finished: string | undefined;

  /**
   * Add one named part (a file's bytes).
   * @param name a stable name for the part (a file name relative to the data set folder, not an absolute path)
   * @param bytes its contents
   */
  add(name: string, bytes: Uint8Array | string): this {
    if (this.finished !== undefined) throw new Error('Fingerprint.add after hex()');
    const buf = typeof bytes === 'string' ? Buffer.from(bytes, 'utf8') : bytes;
    this.hash.update(`${name}\u0000${buf.length}\u0000`);
    this.hash.update(buf);
    return this;
  }

  /** The fingerprint, `sha256:<64 hex digits>`; calling it again returns the same string. */
  hex(): string {
    if (this.finished === undefined) this.finished = 'sha256:' + this.hash.digest('hex');
    return this.finished;
  }
}

/**
 * SHA-256 of one byte string, as hex (no prefix) — for checking a single downloaded file.
 *
 * @example
 * sha256Hex('abc') // 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad'
 */
export function sha256Hex(bytes: Uint8Array | string): string {
  return createHash('sha256').update(bytes).digest('hex');
}

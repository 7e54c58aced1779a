import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** A tiny UCI data set in the original layout: 6 rows, 2 features + target, 2 splits. */
export const TINY_UCI: Record<string, string> = {
  'data.txt': '1 10 100\n2 20 200\n3 30 300\n4 40 400\n5 50 500\n6 60 600\n',
  'index_features.txt': '0\n1\n',
  'index_target.txt': '2\n',
  'n_splits.txt': '2\n',
  'n_hidden.txt': '50\n',
  'n_epochs.txt': '40\n',
  'dropout_rates.txt': '0.005\n0.01\n',
  'tau_values.txt': '0.25 0.5\n',
  'index_train_0.txt': '0\n1\n2\n3\n',
  'index_test_0.txt': '4\n5\n',
  'index_train_1.txt': '2\n3\n4\n5\n',
  'index_test_1.txt': '0\n1\n',
};

/** Write `files` into `dir` (created). */
export function writeTree(dir: string, files: Record<string, string | Uint8Array>): void {
  mkdirSync(dir, { recursive: true });
  for (const [f, c] of Object.entries(files)) writeFileSync(join(dir, f), c);
}

/** An IDX ubyte file (MNIST format) with the given dims and body. */
export function idx(dims: number[], body: Uint8Array): Uint8Array {
  const head = Buffer.alloc(4 + 4 * dims.length);
  head[2] = 8;
  head[3] = dims.length;
  dims.forEach((d, i) => head.writeUInt32BE(d, 4 + 4 * i));
  return Buffer.concat([head, body]);
}

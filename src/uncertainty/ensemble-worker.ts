/**
 * Child-process entry of parallel ensemble training (started by ensemble-workers.ts, not for direct use):
 * `ensemble-worker <dir> <memberIndex> <memberSeed>` reads job.json and the float64 data files from <dir>,
 * trains one member on the parent's backend, writes member-<i>.bin (float32 LE weights) and reports over IPC.
 */
import { promises as fsp } from 'node:fs';
import * as path from 'node:path';
import { InputError } from '../core/errors';
import { Matrix, selectRows } from '../core/matrix';
import { initBackend } from '../models/backend';
import { trainMlp } from '../models/train';
import type { WorkerJobFile, WorkerMessage } from './ensemble-workers';

function send(msg: WorkerMessage): Promise<void> {
  return new Promise((resolve) => (process.send ? process.send(msg, undefined, undefined, () => resolve()) : resolve()));
}

async function readF64(file: string): Promise<Float64Array> {
  const b = await fsp.readFile(file);
  return new Float64Array(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength));
}

async function main(): Promise<void> {
  const [dir, indexText, seedText] = process.argv.slice(2);
  const index = Number(indexText);
  const seed = Number(seedText);
  const job = JSON.parse(await fsp.readFile(path.join(dir, 'job.json'), 'utf8')) as WorkerJobFile;
  await initBackend({ backend: job.backend });
  let x: Matrix = { data: await readF64(path.join(dir, 'x.f64')), rows: job.xShape[0], cols: job.xShape[1] };
  let y: ArrayLike<number> = await readF64(path.join(dir, 'y.f64'));
  const validation = job.validationShape
    ? { x: { data: await readF64(path.join(dir, 'vx.f64')), rows: job.validationShape[0], cols: job.validationShape[1] }, y: await readF64(path.join(dir, 'vy.f64')) }
    : undefined;
  const rowsFile = path.join(dir, `rows-${index}.i32`);
  try {
    const b = await fsp.readFile(rowsFile);
    const rows = new Int32Array(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength));
    const all = y;
    x = selectRows(x, rows);
    y = Array.from(rows, (r) => all[r]);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
  }
  const { model, history } = await trainMlp({ ...job.config, seed }, { x, y }, { ...job.train, validation, seed, onProgress: (progress) => send({ type: 'progress', progress }) });
  await fsp.writeFile(path.join(dir, `member-${index}.bin`), model.weightsToBytes());
  model.dispose();
  await send({ type: 'done', history });
}

main()
  .catch(async (e: unknown) => {
    const err = e as Error;
    await send({ type: 'error', name: err.name ?? 'Error', message: err.message ?? String(e), argument: e instanceof InputError ? e.argument : undefined, row: e instanceof InputError ? e.row : undefined });
    process.exitCode = 1;
  })
  .finally(() => {
    if (process.connected) process.disconnect();
  });

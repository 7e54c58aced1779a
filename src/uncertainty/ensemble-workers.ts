/**
 * Parent side of parallel ensemble training: each member trains in its own child process (one TensorFlow.js
 * backend per process, so members really run on separate cores), at most `workers` at a time. The data go to the
 * children through a private temporary directory as raw float64 files; each child writes its member's float32
 * weights there and reports progress and its history over the IPC channel. Same seeds and the same backend give
 * the same weights as training in-process.
 */
import { fork } from 'node:child_process';
import { existsSync, promises as fsp } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CertitudeError, InputError } from '../core/errors';
import { BackendInfo } from '../models/backend';
import { Mlp, MlpConfig } from '../models/mlp';
import { TrainData, TrainHistory, TrainOptions, TrainProgress } from '../models/train';

/** One member to train: its index, seed and (bootstrap) row indices into the training data. */
export interface MemberJob {
  readonly index: number;
  readonly seed: number;
  readonly rows?: Int32Array;
}

/** What the parent writes to job.json for the children. */
export interface WorkerJobFile {
  readonly config: MlpConfig;
  readonly train: Omit<TrainOptions, 'validation' | 'onProgress'>;
  readonly xShape: [number, number];
  readonly validationShape?: [number, number];
  readonly backend: BackendInfo['backend'];
}

/** Messages a child sends. */
export type WorkerMessage =
  | { type: 'progress'; progress: TrainProgress }
  | { type: 'done'; history: TrainHistory }
  | { type: 'error'; name: string; message: string; argument?: string; row?: number };

function f64Bytes(values: ArrayLike<number>): Uint8Array {
  const a = Float64Array.from(values);
  return new Uint8Array(a.buffer);
}

/**
 * The worker entry file next to this one and the node flags to run it: the compiled `.js` when it exists, else the
 * `.ts` source through tsx (under tsx, node --test, and tslab — which reports `.js` file names for `.ts` sources
 * it transpiled in memory).
 */
function workerEntry(): { file: string; execArgv: string[] } {
  const js = path.join(__dirname, 'ensemble-worker.js');
  const ts = path.join(__dirname, 'ensemble-worker.ts');
  const useTs = path.extname(__filename) === '.ts' || !existsSync(js);
  // Inherit loader flags (tsx) but not the test runner's own flags, which would turn the child into a test run.
  const execArgv = process.execArgv.filter((a) => !a.startsWith('--test'));
  if (useTs && !execArgv.some((a) => a.includes('tsx'))) execArgv.push('--import', require.resolve('tsx'));
  return { file: useTs ? ts : js, execArgv };
}

/**
 * Train `jobs` in child processes, `workers` at a time; `onDone` receives each member (owned by the caller).
 * @throws the first member's error (InputError keeps its argument/row); other running children are killed
 *
 * @example
 * // used by trainEnsemble({ …, workers: 4 }); not called directly
 */
export async function trainMembersInWorkers(
  config: MlpConfig,
  data: TrainData,
  train: TrainOptions,
  jobs: readonly MemberJob[],
  workers: number,
  backend: BackendInfo,
  onMemberProgress: ((member: number, progress: TrainProgress) => void) | undefined,
  onDone: (index: number, model: Mlp, history: TrainHistory) => void,
): Promise<void> {
  const dir = await fsp.mkdtemp(path.join(os.tmpdir(), 'certitude-ensemble-'));
  const children = new Set<ReturnType<typeof fork>>();
  try {
    const { validation, onProgress: _ignored, ...rest } = train;
    void _ignored;
    const job: WorkerJobFile = {
      config,
      train: rest,
      xShape: [data.x.rows, data.x.cols],
      validationShape: validation ? [validation.x.rows, validation.x.cols] : undefined,
      backend: backend.backend,
    };
    await fsp.writeFile(path.join(dir, 'job.json'), JSON.stringify(job));
    await fsp.writeFile(path.join(dir, 'x.f64'), f64Bytes(data.x.data));
    await fsp.writeFile(path.join(dir, 'y.f64'), f64Bytes(data.y));
    if (validation) {
      await fsp.writeFile(path.join(dir, 'vx.f64'), f64Bytes(validation.x.data));
      await fsp.writeFile(path.join(dir, 'vy.f64'), f64Bytes(validation.y));
    }
    for (const j of jobs) if (j.rows) await fsp.writeFile(path.join(dir, `rows-${j.index}.i32`), new Uint8Array(j.rows.buffer, j.rows.byteOffset, j.rows.byteLength));

    const { file, execArgv } = workerEntry();
    const runOne = (j: MemberJob): Promise<void> =>
      new Promise<void>((resolve, reject) => {
        const child = fork(file, [dir, String(j.index), String(j.seed)], { execArgv, stdio: ['ignore', 'inherit', 'pipe', 'ipc'] });
        children.add(child);
        // Keep the tail of the child's stderr for the error message (a crash before IPC says nothing otherwise).
        let stderrTail = '';
        child.stderr?.on('data', (chunk: Buffer) => {
          process.stderr.write(chunk);
          stderrTail = (stderrTail + chunk.toString('utf8')).slice(-2000);
        });
        let history: TrainHistory | undefined;
        let failure: Error | undefined;
        child.on('message', (msg: WorkerMessage) => {
          if (msg.type === 'progress') onMemberProgress?.(j.index, msg.progress);
          else if (msg.type === 'done') history = msg.history;
          else if (msg.type === 'error') {
            failure = msg.name === 'InputError' && msg.argument ? new InputError(msg.argument, msg.message.replace(/^[^:]*: /, ''), msg.row) : new CertitudeError(`member ${j.index}: ${msg.name}: ${msg.message}`);
          }
        });
        child.on('error', reject);
        child.on('exit', async (code, signal) => {
          children.delete(child);
          if (failure) return reject(failure);
          if (code !== 0 || !history) {
            return reject(new CertitudeError(`ensemble member ${j.index} worker exited with ${signal ?? code} before finishing${stderrTail ? `: ${stderrTail.trim()}` : ''}`));
          }
          try {
            const bytes = await fsp.readFile(path.join(dir, `member-${j.index}.bin`));
            onDone(j.index, Mlp.fromBytes({ ...config, seed: j.seed }, new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength), `member-${j.index}.bin`), history);
            resolve();
          } catch (e) {
            reject(e);
          }
        });
      });

    let next = 0;
    const lanes = Array.from({ length: Math.min(workers, jobs.length) }, async () => {
      while (next < jobs.length) await runOne(jobs[next++]);
    });
    await Promise.all(lanes);
  } finally {
    for (const c of children) c.kill();
    await fsp.rm(dir, { recursive: true, force: true });
  }
}

/**
 * TensorFlow.js backend selection. certitude runs on the fastest backend the host offers, in this order:
 *
 * 1. `tfjs-node-gpu` — libtensorflow with CUDA (`@tensorflow/tfjs-node-gpu`, CUDA hosts only);
 * 2. `tfjs-node`     — libtensorflow on the CPU (`@tensorflow/tfjs-node`);
 * 3. `wasm`          — XNNPACK compiled to WebAssembly (`@tensorflow/tfjs-backend-wasm`), with SIMD when the
 *                      runtime has it. Threads: tfjs 4.22 turns them off under Node (`WASM_HAS_MULTITHREAD_SUPPORT`
 *                      is hard-wired to false when `IS_NODE`, tensorflow/tfjs#3830), so under Node `threads` is 1;
 * 4. `cpu`           — the plain JavaScript kernels (slowest, always there).
 *
 * The native packages are optional dependencies: they are loaded with `require` inside try/catch, so a host
 * without them (libtensorflow cannot be downloaded here) falls through to wasm. Forcing a backend — option
 * `backend` or the environment variable `CERTITUDE_BACKEND` — that cannot load is an error, never a silent
 * fallback, so a result never claims a backend it did not run on.
 *
 * Every trained model, saved ensemble and benchmark result records the `BackendInfo` that produced it.
 */
import * as tf from '@tensorflow/tfjs';
import * as path from 'node:path';
import { InputError, StateError } from '../core/errors';

/** The backends certitude knows, fastest first. */
export const BACKEND_PREFERENCE = ['tfjs-node-gpu', 'tfjs-node', 'wasm', 'cpu'] as const;

/** A certitude backend name (the package that provides it, not tfjs' internal name). */
export type BackendName = (typeof BACKEND_PREFERENCE)[number];

/** Which backend runs and the versions of everything that produced a number. Plain JSON. */
export interface BackendInfo {
  /** The certitude backend name. */
  readonly backend: BackendName;
  /** tfjs' own name of the active backend (`tensorflow`, `wasm`, `cpu`). */
  readonly tfBackend: string;
  /** Versions: `tfjs-core`, the backend package, and `node`. */
  readonly versions: Readonly<Record<string, string>>;
  /** wasm only: whether the SIMD build runs. */
  readonly simd?: boolean;
  /** wasm only: the number of threads XNNPACK uses (1 under Node, see the module comment). */
  readonly threads?: number;
  /**
   * `auto` only: faster backends that are installed but failed to load (e.g. `tfjs-node-gpu: libcudart.so…`),
   * so a fallback is never silent. Absent when nothing failed.
   */
  readonly skipped?: readonly string[];
}

/** Options of `initBackend`. */
export interface BackendOptions {
  /**
   * Force one backend, or `'auto'` to take the fastest that loads. Overrides `CERTITUDE_BACKEND`.
   * @default process.env.CERTITUDE_BACKEND ?? 'auto'
   */
  backend?: BackendName | 'auto';
  /**
   * wasm only: the folder holding the `.wasm` binaries.
   * @default node_modules/@tensorflow/tfjs-backend-wasm/dist/ (resolved with require.resolve)
   */
  wasmPath?: string;
}

let active: BackendInfo | undefined;
let pending: Promise<BackendInfo> | undefined;
let pendingKey: string | undefined;

/**
 * Select and initialise the TensorFlow.js backend (idempotent: a second call with the same choice returns the
 * same info; a call with a different forced backend switches).
 *
 * @param options see `BackendOptions`
 * @returns what runs, with versions
 * @throws InputError naming `backend` for an unknown name or a forced backend that cannot load here
 * @example
 * const info = await initBackend();           // here: {backend: 'wasm', simd: true, threads: 1, ...}
 * await initBackend({ backend: 'cpu' });      // force the JavaScript kernels
 */
export async function initBackend(options: BackendOptions = {}): Promise<BackendInfo> {
  const requested = options.backend ?? (process.env.CERTITUDE_BACKEND as BackendName | 'auto' | undefined) ?? 'auto';
  if (requested !== 'auto' && !(BACKEND_PREFERENCE as readonly string[]).includes(requested)) {
    const source = options.backend !== undefined ? 'backend' : 'CERTITUDE_BACKEND';
    throw new InputError(source, `unknown backend '${requested}'; use one of auto, ${BACKEND_PREFERENCE.join(', ')}`);
  }
  const key = `${requested}|${options.wasmPath ?? ''}`;
  if (pending && pendingKey === key) return pending;
  if (active && (requested === 'auto' || requested === active.backend) && tf.getBackend() === active.tfBackend) return active;
  pendingKey = key;
  pending = select(requested, options).then(
    (info) => {
      active = info;
      return info;
    },
    (e) => {
      pending = undefined;
      pendingKey = undefined;
      throw e;
    },
  );
  return pending;
}

/**
 * The backend initialised by `initBackend`, for code that cannot await.
 *
 * @throws StateError when `initBackend()` has not completed yet
 *
 * @example
 * requireBackend().backend // 'wasm' here, after `await initBackend()`
 */
export function requireBackend(): BackendInfo {
  if (!active) throw new StateError('backend', 'no TensorFlow.js backend initialised: call `await initBackend()` first');
  if (tf.getBackend() !== active.tfBackend) {
    // Someone switched tfjs behind our back (tf.setBackend): report what actually runs.
    throw new StateError('backend', `tfjs runs '${tf.getBackend()}' but certitude initialised '${active.tfBackend}'`);
  }
  return active;
}

/**
 * The current backend info, or undefined before `initBackend()`.
 *
 * @example
 * currentBackend() // undefined before initBackend(), then its BackendInfo
 */
export function currentBackend(): BackendInfo | undefined {
  return active;
}

async function select(requested: BackendName | 'auto', options: BackendOptions): Promise<BackendInfo> {
  const candidates: readonly BackendName[] = requested === 'auto' ? BACKEND_PREFERENCE : [requested];
  const failures: string[] = [];
  const broken: string[] = [];
  for (const name of candidates) {
    try {
      const info = await tryBackend(name, options);
      if (info) return broken.length > 0 ? { ...info, skipped: broken } : info;
      failures.push(`${name}: not available`);
    } catch (e) {
      failures.push(`${name}: ${(e as Error).message}`);
      broken.push(`${name}: ${(e as Error).message}`);
    }
  }
  throw new InputError(
    options.backend !== undefined || requested === 'auto' ? 'backend' : 'CERTITUDE_BACKEND',
    `no usable TensorFlow.js backend (${failures.join('; ')})`,
  );
}

/** Load one backend; undefined when its package is not installed. */
async function tryBackend(name: BackendName, options: BackendOptions): Promise<BackendInfo | undefined> {
  const core = { 'tfjs-core': tf.version_core, node: process.versions.node };
  switch (name) {
    case 'tfjs-node-gpu':
    case 'tfjs-node': {
      // The packages register the 'tensorflow' backend with tfjs-core when required. They are optional
      // dependencies: absent here (libtensorflow cannot be downloaded), present on hosts that installed them.
      const pkg = `@tensorflow/${name}`;
      let mod: { version?: Record<string, string> } | undefined;
      try {
        // eslint-disable-next-line @typescript-eslint/no-var-requires
        mod = require(pkg);
      } catch (e) {
        // Absent package: skip. Anything else (a missing dependency, libtensorflow.so not found) means the package
        // is installed but broken: report it.
        const err = e as NodeJS.ErrnoException;
        if (err.code === 'MODULE_NOT_FOUND' && String(err.message).includes(`'${pkg}'`)) return undefined;
        throw e;
      }
      if (!(await tf.setBackend('tensorflow'))) return undefined;
      await tf.ready();
      const pkgVersion = mod?.version?.[name] ?? readPackageVersion(pkg);
      return { backend: name, tfBackend: 'tensorflow', versions: { ...core, [name]: pkgVersion, tensorflow: mod?.version?.tensorflow ?? 'unknown' } };
    }
    case 'wasm': {
      // eslint-disable-next-line @typescript-eslint/no-var-requires
      const wasm = require('@tensorflow/tfjs-backend-wasm') as typeof import('@tensorflow/tfjs-backend-wasm');
      const dir = options.wasmPath ?? path.join(path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json')), 'dist');
      // setWasmPaths wants a prefix ending in '/', to which it appends the binary's file name.
      wasm.setWasmPaths(dir.endsWith(path.sep) || dir.endsWith('/') ? dir : dir + '/');
      if (!(await tf.setBackend('wasm'))) return undefined;
      await tf.ready();
      const simd = Boolean(await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT'));
      const threadsSupported = Boolean(await tf.env().getAsync('WASM_HAS_MULTITHREAD_SUPPORT'));
      const threads = threadsSupported ? wasm.getThreadsCount() : 1;
      return { backend: 'wasm', tfBackend: 'wasm', versions: { ...core, 'tfjs-backend-wasm': wasm.version_wasm }, simd, threads };
    }
    case 'cpu': {
      if (!(await tf.setBackend('cpu'))) return undefined;
      await tf.ready();
      return { backend: 'cpu', tfBackend: 'cpu', versions: { ...core, 'tfjs-backend-cpu': readPackageVersion('@tensorflow/tfjs-backend-cpu') } };
    }
  }
}

function readPackageVersion(pkg: string): string {
  try {
    // eslint-disable-next-line @typescript-eslint/no-var-requires
    return (require(`${pkg}/package.json`) as { version: string }).version;
  } catch {
    return 'unknown';
  }
}

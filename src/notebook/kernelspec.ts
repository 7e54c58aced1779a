/**
 * The certitude Jupyter kernelspec: a tslab kernel started through scripts/tslab-kernel.js, which runs tslab
 * with the project root as working directory (tslab issue #63; see that script). Installing it needs a Python
 * with `jupyter_client` (Jupyter keeps its kernel registry in Python land): found from CERTITUDE_PYTHON,
 * /usr/bin/python3, then python3 on PATH.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { CertitudeError } from '../core/errors';

/** Raised when the kernelspec cannot be installed (no suitable Python, or jupyter_client failed). */
export class KernelInstallError extends CertitudeError {
  constructor(message: string) {
    super(message);
    this.name = 'KernelInstallError';
  }
}

/** Name of the kernel in Jupyter's registry and in notebooks' `metadata.kernelspec.name`. */
export const KERNEL_NAME = 'certitude';

/**
 * kernel.json content: absolute paths to this Node and this project's launcher, so the kernel works whatever
 * folder Jupyter starts it in.
 *
 * @param projectRoot absolute path of the project (holds scripts/ and node_modules/)
 * @param nodePath the Node executable. @default process.execPath
 * @example
 * kernelSpec('/home/me/certitude', '/usr/bin/node').argv
 * // ['/usr/bin/node', '/home/me/certitude/scripts/tslab-kernel.js', '{connection_file}']
 */
export function kernelSpec(projectRoot: string, nodePath: string = process.execPath): Record<string, unknown> {
  return {
    argv: [nodePath, join(resolve(projectRoot), 'scripts', 'tslab-kernel.js'), '{connection_file}'],
    display_name: 'TypeScript (certitude)',
    language: 'typescript',
    interrupt_mode: 'signal',
    metadata: { certitude: { projectRoot: resolve(projectRoot) } },
  };
}

function hasJupyterClient(python: string): boolean {
  const r = spawnSync(python, ['-c', 'import jupyter_client'], { stdio: 'ignore' });
  return !r.error && r.status === 0;
}

/**
 * The first Python that can import `jupyter_client`.
 *
 * @param candidates pythons to try. @default [$CERTITUDE_PYTHON, '/usr/bin/python3', 'python3']
 * @throws KernelInstallError listing what was tried and what to install
 */
export function findJupyterPython(candidates?: string[]): string {
  const tried = candidates ?? [process.env.CERTITUDE_PYTHON, '/usr/bin/python3', 'python3'].filter((p): p is string => !!p);
  for (const python of tried) if (hasJupyterClient(python)) return python;
  throw new KernelInstallError(
    `no Python with jupyter_client found (tried ${tried.join(', ')}). On Debian/Ubuntu: ` +
      '`apt-get install python3-jupyter-client python3-ipykernel` (and jupyter-notebook to open notebooks); ' +
      'elsewhere `pip install jupyter_client`; or point CERTITUDE_PYTHON at a Python that has it.',
  );
}

/** Options of {@link installKernel}. */
export interface InstallKernelOptions {
  projectRoot?: string;
  /** Kernel name. @default 'certitude' */
  name?: string;
  /** Install under PREFIX/share/jupyter/kernels instead of the per-user registry. */
  prefix?: string;
  /** Python with jupyter_client. @default {@link findJupyterPython} */
  python?: string;
}

/**
 * Register the kernel with Jupyter (per user unless a prefix is given) and return where it went.
 *
 * @throws KernelInstallError when no Python with jupyter_client is found or the install fails
 * @example
 * installKernel({ projectRoot: '.' }) // '<jupyter data dir>/kernels/certitude', e.g. ~/.local/share/jupyter/kernels/certitude
 */
export function installKernel(options: InstallKernelOptions = {}): string {
  const projectRoot = resolve(options.projectRoot ?? process.cwd());
  if (!existsSync(join(projectRoot, 'scripts', 'tslab-kernel.js'))) throw new KernelInstallError(`${projectRoot} has no scripts/tslab-kernel.js: run from the certitude project root`);
  if (!existsSync(join(projectRoot, 'node_modules', 'tslab'))) throw new KernelInstallError(`tslab is not installed in ${projectRoot}/node_modules: run \`npm ci\` first`);
  const python = findJupyterPython(options.python ? [options.python] : undefined);
  const name = options.name ?? KERNEL_NAME;
  if (!/^[A-Za-z0-9._-]+$/.test(name)) throw new KernelInstallError(`kernel name '${name}' may only hold letters, digits, '.', '_' and '-'`);
  const dir = mkdtempSync(join(tmpdir(), 'certitude-kernelspec-'));
  try {
    writeFileSync(join(dir, 'kernel.json'), JSON.stringify(kernelSpec(projectRoot), null, 2) + '\n');
    const script = [
      'import sys',
      'from jupyter_client.kernelspec import KernelSpecManager',
      'src, name, prefix = sys.argv[1], sys.argv[2], sys.argv[3] or None',
      'print(KernelSpecManager().install_kernel_spec(src, name, user=prefix is None, prefix=prefix))',
    ].join('\n');
    const r = spawnSync(python, ['-c', script, dir, name, options.prefix ?? ''], { encoding: 'utf8' });
    if (r.error || r.status !== 0) throw new KernelInstallError(`jupyter_client could not install the kernelspec (${python}): ${(r.stderr || String(r.error)).trim()}`);
    return r.stdout.trim();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

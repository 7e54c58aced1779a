/**
 * Headless notebook execution with the certitude tslab kernel (the one JupyterLab uses): cells run top to
 * bottom in a fresh kernel, outputs and execution counts are written into the notebook (nbformat 4), and the
 * first failing cell stops the run with its number and the kernel's message.
 *
 * Parameters work like papermill: the code cell tagged `parameters` holds defaults
 * (`let profile: 'smoke' | 'full' = 'full';`); the runner inserts a cell tagged `injected-parameters` right
 * after it that re-assigns them (`profile = "smoke";`). Re-assigning instead of re-declaring keeps the
 * declared type, so a wrong value is a compile error in the injected cell, not a silent string.
 *
 * tslab reports compile errors and uncaught exceptions only as `stderr` stream output with an `error`
 * execute_reply (no `error` message), so the failure message is that cell's stderr text.
 */
import { readFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { randomBytes } from 'node:crypto';
import { CertitudeError, InputError } from '../core/errors';
import { writeFileAtomic } from '../core/io';
import { TslabKernel, type JupyterMessage } from './kernel';

/** A notebook cell as nbformat 4 stores it. */
export interface NotebookCell {
  id?: string;
  cell_type: 'code' | 'markdown' | 'raw';
  source: string | string[];
  metadata: Record<string, unknown> & { tags?: string[] };
  outputs?: NotebookOutput[];
  execution_count?: number | null;
  attachments?: Record<string, unknown>;
}

/** An nbformat 4 output. */
export type NotebookOutput =
  | { output_type: 'stream'; name: 'stdout' | 'stderr'; text: string }
  | { output_type: 'display_data'; data: Record<string, unknown>; metadata: Record<string, unknown> }
  | { output_type: 'execute_result'; data: Record<string, unknown>; metadata: Record<string, unknown>; execution_count: number | null }
  | { output_type: 'error'; ename: string; evalue: string; traceback: string[] };

/** An nbformat 4 notebook. */
export interface Notebook {
  nbformat: number;
  nbformat_minor: number;
  metadata: Record<string, unknown>;
  cells: NotebookCell[];
}

/** The kernelspec block notebooks carry so Jupyter picks the certitude kernel. */
export const CERTITUDE_KERNELSPEC = { name: 'certitude', display_name: 'TypeScript (certitude)', language: 'typescript' } as const;

/** A cell that failed: where and why. */
export class NotebookCellError extends CertitudeError {
  constructor(
    /** Notebook path as given. */
    readonly notebook: string,
    /** 1-based position of the cell among all cells of the notebook as run (what Jupyter shows top to bottom). */
    readonly cellNumber: number,
    /** `In [n]` of the failed execution, when the kernel gave one. */
    readonly executionCount: number | null,
    /** The kernel's message: compiler diagnostics or the exception with its stack. */
    readonly detail: string,
  ) {
    super(`${notebook}: cell ${cellNumber}${executionCount !== null ? ` (In [${executionCount}])` : ''} failed:\n${detail.trim()}`);
    this.name = 'NotebookCellError';
  }
}

/** Source text of a cell (nbformat allows a string or a list of lines). */
export function cellSource(cell: NotebookCell): string {
  return Array.isArray(cell.source) ? cell.source.join('') : cell.source;
}

/**
 * Read and minimally check a notebook file.
 *
 * @throws InputError naming the file when it is not JSON or not nbformat 4
 */
export function readNotebook(path: string): Notebook {
  let nb: Notebook;
  try {
    nb = JSON.parse(readFileSync(path, 'utf8')) as Notebook;
  } catch (e) {
    throw new InputError(path, `is not a readable notebook: ${(e as Error).message}`);
  }
  if (nb.nbformat !== 4 || !Array.isArray(nb.cells)) throw new InputError(path, `is not an nbformat 4 notebook (nbformat=${String(nb.nbformat)})`);
  return nb;
}

/** JSON text of a notebook the way Jupyter writes it (1-space indent, trailing newline). */
export function serializeNotebook(nb: Notebook): string {
  return JSON.stringify(nb, null, 1) + '\n';
}

/**
 * TypeScript statements that assign the parameters (`name = <JSON literal>;`).
 *
 * @throws InputError when a name is not a valid identifier or a value is not JSON-serialisable
 * @example
 * parameterAssignments({ profile: 'smoke', epochs: 2 }, false) // 'profile = "smoke";\nepochs = 2;'
 */
export function parameterAssignments(parameters: Record<string, unknown>, declare: boolean): string {
  const lines: string[] = [];
  for (const [name, value] of Object.entries(parameters)) {
    if (!/^[A-Za-z_$][\w$]*$/.test(name)) throw new InputError('parameters', `'${name}' is not a valid identifier`);
    const literal = JSON.stringify(value);
    if (literal === undefined) throw new InputError('parameters', `value of '${name}' is not JSON-serialisable`);
    lines.push(`${declare ? 'let ' : ''}${name} = ${literal};`);
  }
  return lines.join('\n');
}

/**
 * A copy of the notebook with the parameters injected papermill-style: previous injected cells removed, a
 * cell tagged `injected-parameters` inserted after the cell tagged `parameters` (re-assignments), or at the
 * top when there is none (declarations).
 *
 * @returns the new notebook and whether a `parameters` cell was found
 */
export function injectParameters(nb: Notebook, parameters: Record<string, unknown>): { notebook: Notebook; foundParametersCell: boolean } {
  const cells = nb.cells.filter((c) => !(c.metadata?.tags ?? []).includes('injected-parameters'));
  const at = cells.findIndex((c) => c.cell_type === 'code' && (c.metadata?.tags ?? []).includes('parameters'));
  if (Object.keys(parameters).length === 0) return { notebook: { ...nb, cells }, foundParametersCell: at >= 0 };
  const injected: NotebookCell = {
    id: `injected-${randomBytes(4).toString('hex')}`,
    cell_type: 'code',
    source: parameterAssignments(parameters, at < 0),
    metadata: { tags: ['injected-parameters'] },
    outputs: [],
    execution_count: null,
  };
  if (nb.nbformat_minor < 5) delete injected.id;
  const out = [...cells];
  out.splice(at >= 0 ? at + 1 : 0, 0, injected);
  return { notebook: { ...nb, cells: out }, foundParametersCell: at >= 0 };
}

/** Options of {@link runNotebook}. */
export interface RunNotebookOptions {
  /** Values injected after the `parameters` cell. @default {} */
  parameters?: Record<string, unknown>;
  /** Where to write the executed notebook. @default the input path (rewritten in place, atomically) */
  outPath?: string;
  /** Project root (kernel launcher, node_modules). @default the certitude package root */
  projectRoot?: string;
  /** Extra environment for the kernel (e.g. CERTITUDE_FIGURES_DIR). */
  env?: Record<string, string>;
  /** Milliseconds one cell may run. @default 600000 */
  cellTimeoutMs?: number;
  /** Called before each code cell runs: 1-based cell number, number of cells. */
  onCell?: (cellNumber: number, cellCount: number) => void;
}

/** What {@link runNotebook} reports. */
export interface NotebookRunResult {
  path: string;
  outPath: string;
  codeCellsRun: number;
  durationMs: number;
  /** Present when a cell failed (the notebook is still written, with outputs up to the failing cell). */
  failure?: NotebookCellError;
}

function appendStream(outputs: NotebookOutput[], name: 'stdout' | 'stderr', text: string): void {
  const last = outputs[outputs.length - 1];
  if (last && last.output_type === 'stream' && last.name === name) last.text += text;
  else outputs.push({ output_type: 'stream', name, text });
}

// Jupyter front ends render ANSI colours, but nbformat text is plain; strip them from the failure message.
function stripAnsi(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/\u001b\[[0-9;]*m/g, '');
}

/**
 * Execute a notebook top to bottom in a fresh certitude tslab kernel and write it with outputs.
 * Stops at the first failing cell (cells after it keep no outputs), writes the notebook anyway, and returns the
 * failure; kernel start-up problems throw.
 *
 * @param path the .ipynb to run
 * @param options see {@link RunNotebookOptions}
 * @throws InputError for an unreadable notebook; KernelError when the kernel cannot start or dies
 * @example
 * const r = await runNotebook('notebooks/01-softmax-overconfidence.ipynb', { parameters: { profile: 'smoke' }, outPath: '/tmp/01.ipynb' });
 * if (r.failure) console.error(r.failure.message);
 */
export async function runNotebook(path: string, options: RunNotebookOptions = {}): Promise<NotebookRunResult> {
  const start = Date.now();
  const source = readNotebook(path);
  const { notebook: nb } = injectParameters(source, options.parameters ?? {});
  const outPath = options.outPath ?? path;
  // Clear old outputs first so that a failed run never leaves stale outputs below the failing cell.
  for (const cell of nb.cells) {
    if (cell.cell_type === 'code') {
      cell.outputs = [];
      cell.execution_count = null;
    }
  }
  const kernel = await TslabKernel.start({ projectRoot: options.projectRoot, env: options.env });
  // display_id → outputs that carry it (in any cell), so update_display_data replaces them in place.
  const displays = new Map<string, Array<{ data: Record<string, unknown>; metadata: Record<string, unknown> }>>();
  let codeCellsRun = 0;
  let failure: NotebookCellError | undefined;
  try {
    for (let i = 0; i < nb.cells.length; i++) {
      const cell = nb.cells[i];
      if (cell.cell_type !== 'code') continue;
      const code = cellSource(cell);
      if (code.trim() === '') continue;
      options.onCell?.(i + 1, nb.cells.length);
      const outputs: NotebookOutput[] = [];
      cell.outputs = outputs;
      const onOutput = (msg: JupyterMessage): void => {
        const c = msg.content;
        switch (msg.header.msg_type) {
          case 'stream':
            appendStream(outputs, c.name === 'stderr' ? 'stderr' : 'stdout', String(c.text ?? ''));
            break;
          case 'display_data': {
            const out = { output_type: 'display_data' as const, data: (c.data ?? {}) as Record<string, unknown>, metadata: (c.metadata ?? {}) as Record<string, unknown> };
            outputs.push(out);
            const id = (c.transient as { display_id?: string } | undefined)?.display_id;
            if (id) displays.set(id, [...(displays.get(id) ?? []), out]);
            break;
          }
          case 'update_display_data': {
            const id = (c.transient as { display_id?: string } | undefined)?.display_id;
            for (const out of (id && displays.get(id)) || []) {
              out.data = (c.data ?? {}) as Record<string, unknown>;
              out.metadata = (c.metadata ?? {}) as Record<string, unknown>;
            }
            break;
          }
          case 'execute_result':
            outputs.push({
              output_type: 'execute_result',
              data: (c.data ?? {}) as Record<string, unknown>,
              metadata: (c.metadata ?? {}) as Record<string, unknown>,
              execution_count: typeof c.execution_count === 'number' ? c.execution_count : null,
            });
            break;
          case 'error':
            outputs.push({ output_type: 'error', ename: String(c.ename), evalue: String(c.evalue), traceback: (c.traceback as string[]) ?? [] });
            break;
          case 'clear_output':
            outputs.length = 0;
            break;
          default:
            break;
        }
      };
      const result = await kernel.execute(code, onOutput, options.cellTimeoutMs);
      cell.execution_count = result.executionCount;
      codeCellsRun++;
      if (result.status !== 'ok') {
        const stderr = outputs.filter((o) => o.output_type === 'stream' && o.name === 'stderr').map((o) => (o as { text: string }).text).join('');
        const errors = outputs.filter((o) => o.output_type === 'error').map((o) => {
          const e = o as { ename: string; evalue: string; traceback: string[] };
          return `${e.ename}: ${e.evalue}\n${e.traceback.join('\n')}`;
        });
        const detail = stripAnsi([stderr, ...errors].filter((s) => s.trim() !== '').join('\n')) || `execute_reply status '${result.status}' with no message`;
        failure = new NotebookCellError(path, i + 1, result.executionCount, detail);
        break;
      }
    }
  } finally {
    await kernel.shutdown();
  }
  const info = kernel.kernelInfo.language_info as Record<string, unknown> | undefined;
  nb.metadata = { ...nb.metadata, kernelspec: { ...CERTITUDE_KERNELSPEC }, ...(info ? { language_info: info } : {}) };
  await writeFileAtomic(outPath, serializeNotebook(nb));
  return { path, outPath, codeCellsRun, durationMs: Date.now() - start, failure };
}

/**
 * Where an executed copy of `notebookPath` goes under `outDir` (same file name).
 *
 * @example
 * outputPathFor('notebooks/01-a.ipynb', '/tmp/run') // '/tmp/run/01-a.ipynb'
 */
export function outputPathFor(notebookPath: string, outDir: string): string {
  return join(resolve(outDir), basename(notebookPath));
}

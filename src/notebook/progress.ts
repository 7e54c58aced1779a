/**
 * In-place progress for long notebook cells, like tqdm in Jupyter: the first call publishes a `display_data`
 * with a `display_id`; later calls send `update_display_data` with the same id, so the one output line is
 * rewritten instead of appending hundreds of lines. Each message carries `text/html` (a bar) and `text/plain`.
 */
import { randomBytes } from 'node:crypto';
import { escapeHtml, tslabSink, type DisplayBundle, type DisplaySink } from './display';

/** Options of {@link notebookProgress}. */
export interface NotebookProgressOptions {
  /** Text before the bar, e.g. `'epochs'`. @default '' */
  label?: string;
  /** Minimum milliseconds between two published updates (the last one is always published). @default 200 */
  minIntervalMs?: number;
  /** Clock in ms, injectable for tests. @default Date.now */
  now?: () => number;
  /** Where to publish. @default the running tslab kernel (nothing outside one) */
  sink?: DisplaySink;
}

/** A progress display; see {@link notebookProgress}. */
export interface NotebookProgress {
  /** Advance by `step` (default 1), with an optional status text such as `'loss 0.31'`. */
  tick(step?: number, status?: string): void;
  /** Set the absolute number of completed steps. */
  update(completed: number, status?: string): void;
  /** Mark done: publishes the final state (completed = total unless given). */
  finish(status?: string): void;
  /** Completed steps so far. */
  readonly completed: number;
  /** The display id shared by the initial and update messages. */
  readonly displayId: string;
}

function formatSeconds(s: number): string {
  if (!Number.isFinite(s) || s < 0) return '?';
  if (s < 60) return `${s.toFixed(1)}s`;
  const m = Math.floor(s / 60);
  return `${m}m${String(Math.round(s - 60 * m)).padStart(2, '0')}s`;
}

/**
 * The bundle showing `completed` of `total` after `elapsedMs`: percentage, bar, counts, elapsed time and a
 * linear estimate of the remaining time.
 *
 * @example
 * progressBundle('fit', 5, 10, 2000, 'loss 0.3', 'id1').data['text/plain']
 * // 'fit  50% |##########          | 5/10 [2.0s<2.0s] loss 0.3'
 */
export function progressBundle(label: string, completed: number, total: number, elapsedMs: number, status: string, displayId: string): DisplayBundle {
  const fraction = total > 0 ? Math.min(1, Math.max(0, completed / total)) : 1;
  const percent = Math.round(100 * fraction);
  const width = 20;
  const filled = Math.round(width * fraction);
  const elapsed = elapsedMs / 1000;
  const remaining = completed > 0 ? (elapsed * (total - completed)) / completed : NaN;
  const timing = `[${formatSeconds(elapsed)}<${formatSeconds(remaining)}]`;
  const prefix = label ? `${label} ` : '';
  const plain = `${prefix}${String(percent).padStart(3)}% |${'#'.repeat(filled)}${' '.repeat(width - filled)}| ${completed}/${total} ${timing}${status ? ' ' + status : ''}`;
  const html =
    '<div class="certitude-progress" style="font-family:monospace;display:flex;align-items:center;gap:8px">' +
    (label ? `<span>${escapeHtml(label)}</span>` : '') +
    `<progress value="${completed}" max="${total}" style="width:240px"></progress>` +
    `<span>${percent}% ${completed}/${total} ${escapeHtml(timing)}${status ? ' ' + escapeHtml(status) : ''}</span></div>`;
  return { data: { 'text/html': html, 'text/plain': plain }, metadata: {}, transient: { display_id: displayId } };
}

/**
 * A progress display that updates in place in the notebook (tqdm-style). Outside a tslab kernel and without a
 * sink it only counts, so library code may call it unconditionally.
 *
 * @param total number of steps (positive integer)
 * @param options see {@link NotebookProgressOptions}
 * @throws RangeError when total is not a positive integer
 * @example
 * const bar = notebookProgress(epochs, { label: 'epochs' });
 * for (let e = 0; e < epochs; e++) { await trainOneEpoch(); bar.tick(1, `loss ${loss.toFixed(3)}`); }
 * bar.finish();
 */
export function notebookProgress(total: number, options: NotebookProgressOptions = {}): NotebookProgress {
  if (!Number.isInteger(total) || total <= 0) throw new RangeError(`notebookProgress: total must be a positive integer, got ${total}`);
  const now = options.now ?? Date.now;
  const minInterval = options.minIntervalMs ?? 200;
  const label = options.label ?? '';
  const displayId = `certitude-progress-${randomBytes(6).toString('hex')}`;
  const start = now();
  let completed = 0;
  let published = false;
  let lastPublish = -Infinity;
  let lastStatus = '';

  const publish = (force: boolean): void => {
    const t = now();
    if (!force && published && t - lastPublish < minInterval) return;
    const sink = options.sink ?? tslabSink();
    if (!sink) return;
    sink(progressBundle(label, completed, total, t - start, lastStatus, displayId), published);
    published = true;
    lastPublish = t;
  };

  publish(true);
  return {
    tick(step = 1, status?: string) {
      completed = Math.min(total, completed + step);
      if (status !== undefined) lastStatus = status;
      publish(completed === total);
    },
    update(value: number, status?: string) {
      completed = Math.min(total, Math.max(0, value));
      if (status !== undefined) lastStatus = status;
      publish(completed === total);
    },
    finish(status?: string) {
      completed = total;
      if (status !== undefined) lastStatus = status;
      publish(true);
    },
    get completed() {
      return completed;
    },
    displayId,
  };
}

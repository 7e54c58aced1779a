/**
 * A minimal Jupyter client for the certitude tslab kernel: starts the kernel through the same launcher the
 * kernelspec uses (scripts/tslab-kernel.js), speaks the Jupyter messaging protocol v5.3 over ZeroMQ (the
 * `zeromq` 6 package tslab itself depends on), and runs code cell by cell.
 *
 * Chosen over driving Python's nbclient because (1) no Python is needed to run notebooks, (2) the kernel's
 * own stderr (where tslab writes start-up failures) is ours to capture, and (3) every output message is
 * seen raw, including `update_display_data`, which the runner applies to the stored output in place.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createHmac, randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Dealer, Subscriber } from 'zeromq';
import { CertitudeError } from '../core/errors';

/** Thrown when the kernel cannot start, dies, or does not answer in time. */
export class KernelError extends CertitudeError {
  constructor(message: string) {
    super(message);
    this.name = 'KernelError';
  }
}

/** A Jupyter message (header/parent_header/metadata/content), buffers dropped. */
export interface JupyterMessage {
  header: { msg_id: string; msg_type: string; session: string; username: string; date: string; version: string };
  parent_header: { msg_id?: string; msg_type?: string };
  metadata: Record<string, unknown>;
  content: Record<string, unknown>;
}

/** What {@link TslabKernel.execute} returns. */
export interface ExecuteResult {
  /** `execute_reply` status: `'ok'`, `'error'` or `'abort'`. */
  status: string;
  /** Execution count of the request (`In [n]`), or null when the kernel gave none. */
  executionCount: number | null;
  /** The `execute_reply` content. */
  reply: Record<string, unknown>;
}

/** Options of {@link TslabKernel.start}. */
export interface KernelStartOptions {
  /** Project root holding scripts/tslab-kernel.js and node_modules/tslab. @default {@link PACKAGE_ROOT} */
  projectRoot?: string;
  /** Extra environment variables for the kernel process. */
  env?: Record<string, string>;
  /** Milliseconds to wait for the kernel to answer `kernel_info_request`. @default 60000 */
  startTimeoutMs?: number;
}

const DELIMITER = Buffer.from('<IDS|MSG>');

/** The certitude package root (holds scripts/ and node_modules/): two levels above src/notebook or dist/notebook. */
export const PACKAGE_ROOT = resolve(__dirname, '..', '..');

async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolvePort(port));
    });
  });
}

/**
 * A running tslab kernel and a client connected to it. One execution at a time.
 *
 * @example
 * const kernel = await TslabKernel.start({ projectRoot: '.' });
 * const r = await kernel.execute('1 + 1', (msg) => console.log(msg.header.msg_type));
 * await kernel.shutdown();
 */
export class TslabKernel {
  private readonly pending = new Map<string, (msg: JupyterMessage) => void>();
  private readonly iopubListeners = new Map<string, (msg: JupyterMessage) => void>();
  private readonly idleWaiters = new Map<string, () => void>();
  private exited = false;
  private exitInfo = '';
  /** Everything the kernel process wrote to its own stderr/stdout (outside cells), for diagnostics. */
  processLog = '';
  /** `kernel_info_reply` content. */
  kernelInfo: Record<string, unknown> = {};

  private constructor(
    private readonly child: ChildProcess,
    private readonly shell: Dealer,
    private readonly iopub: Subscriber,
    private readonly key: string,
    private readonly session: string,
    private readonly workDir: string,
  ) {
    child.on('exit', (code, signal) => {
      this.exited = true;
      this.exitInfo = signal ? `signal ${signal}` : `exit code ${code}`;
      for (const reject of this.deathListeners) reject();
    });
    void this.receiveLoop(shell, (msg) => {
      const id = msg.parent_header.msg_id;
      const handler = id ? this.pending.get(id) : undefined;
      if (handler && id) {
        this.pending.delete(id);
        handler(msg);
      }
    });
    void this.receiveLoop(iopub, (msg) => {
      const id = msg.parent_header.msg_id;
      if (!id) return;
      this.iopubListeners.get(id)?.(msg);
      if (msg.header.msg_type === 'status' && msg.content.execution_state === 'idle') {
        const done = this.idleWaiters.get(id);
        if (done) {
          this.idleWaiters.delete(id);
          done();
        }
      }
    });
  }

  private readonly deathListeners = new Set<() => void>();

  /**
   * Start the kernel process and wait until it answers on both the shell and iopub channels.
   *
   * @throws KernelError when the launcher is missing, the process exits, or it does not answer in time
   */
  static async start(options: KernelStartOptions = {}): Promise<TslabKernel> {
    const projectRoot = resolve(options.projectRoot ?? PACKAGE_ROOT);
    const launcher = join(projectRoot, 'scripts', 'tslab-kernel.js');
    const workDir = mkdtempSync(join(tmpdir(), 'certitude-kernel-'));
    const key = randomBytes(32).toString('hex');
    const ports = { shell: await freePort(), iopub: await freePort(), stdin: await freePort(), control: await freePort(), hb: await freePort() };
    const connection = {
      ip: '127.0.0.1',
      transport: 'tcp',
      shell_port: ports.shell,
      iopub_port: ports.iopub,
      stdin_port: ports.stdin,
      control_port: ports.control,
      hb_port: ports.hb,
      key,
      signature_scheme: 'hmac-sha256',
      kernel_name: 'certitude',
    };
    const connectionFile = join(workDir, 'kernel.json');
    writeFileSync(connectionFile, JSON.stringify(connection), { mode: 0o600 });
    const child = spawn(process.execPath, [launcher, connectionFile], {
      cwd: projectRoot,
      env: { ...process.env, ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const shell = new Dealer();
    const iopub = new Subscriber();
    shell.connect(`tcp://127.0.0.1:${ports.shell}`);
    iopub.connect(`tcp://127.0.0.1:${ports.iopub}`);
    iopub.subscribe();
    const kernel = new TslabKernel(child, shell, iopub, key, randomUUID(), workDir);
    const append = (chunk: Buffer): void => {
      kernel.processLog += chunk.toString('utf8');
      if (kernel.processLog.length > 200_000) kernel.processLog = kernel.processLog.slice(-100_000);
    };
    child.stdout?.on('data', append);
    child.stderr?.on('data', append);
    child.on('error', (e) => {
      kernel.processLog += `\nspawn failed: ${e.message}`;
    });

    // Slow-joiner: a SUB socket misses what was published before its subscription reached the kernel, so we
    // repeat kernel_info_request until its iopub `idle` status also arrives.
    const deadline = Date.now() + (options.startTimeoutMs ?? 60_000);
    while (Date.now() < deadline) {
      if (kernel.exited) {
        await kernel.close();
        throw new KernelError(`tslab kernel exited during start-up (${kernel.exitInfo}):\n${kernel.processLog.trim()}`);
      }
      const msgId = kernel.newId();
      const idle = new Promise<void>((ok) => kernel.idleWaiters.set(msgId, ok));
      const reply = kernel.request('kernel_info_request', {}, msgId);
      const answered = await Promise.race([
        Promise.all([reply, idle]).then(([r]) => r),
        new Promise<undefined>((ok) => setTimeout(() => ok(undefined), 1000)),
      ]);
      if (answered) {
        kernel.kernelInfo = answered.content;
        return kernel;
      }
      kernel.pending.delete(msgId);
      kernel.idleWaiters.delete(msgId);
    }
    await kernel.shutdown();
    throw new KernelError(`tslab kernel did not answer within ${options.startTimeoutMs ?? 60_000} ms:\n${kernel.processLog.trim()}`);
  }

  private newId(): string {
    return randomUUID();
  }

  private sign(parts: Buffer[]): string {
    const hmac = createHmac('sha256', this.key);
    for (const p of parts) hmac.update(p);
    return hmac.digest('hex');
  }

  private async receiveLoop(socket: Dealer | Subscriber, onMessage: (msg: JupyterMessage) => void): Promise<void> {
    try {
      for await (const frames of socket) {
        const at = frames.findIndex((f) => f.equals(DELIMITER));
        if (at < 0 || frames.length < at + 6) continue;
        const [signature, header, parent, metadata, content] = frames.slice(at + 1, at + 6);
        if (this.sign([header, parent, metadata, content]) !== signature.toString()) continue; // not from our kernel
        onMessage({
          header: JSON.parse(header.toString('utf8')),
          parent_header: JSON.parse(parent.toString('utf8')),
          metadata: JSON.parse(metadata.toString('utf8')),
          content: JSON.parse(content.toString('utf8')),
        });
      }
    } catch {
      // The socket was closed: the loop ends with the kernel.
    }
  }

  private request(msgType: string, content: Record<string, unknown>, msgId = this.newId()): Promise<JupyterMessage> {
    const header = {
      msg_id: msgId,
      msg_type: msgType,
      session: this.session,
      username: 'certitude',
      date: new Date().toISOString(),
      version: '5.3',
    };
    const parts = [header, {}, {}, content].map((p) => Buffer.from(JSON.stringify(p), 'utf8'));
    const reply = new Promise<JupyterMessage>((ok) => this.pending.set(msgId, ok));
    void this.shell.send([DELIMITER, this.sign(parts), ...parts]).catch(() => undefined);
    return reply;
  }

  /**
   * Execute one cell's code. Resolves after the `execute_reply` AND the iopub `idle` status for it, so every
   * output of the cell has been passed to `onOutput`.
   *
   * @param code cell source
   * @param onOutput receives each iopub message of this request (stream, display_data, update_display_data,
   *   execute_result, error)
   * @param timeoutMs milliseconds before the cell is interrupted (SIGINT) and rejected
   * @throws KernelError on timeout or when the kernel process dies
   */
  async execute(code: string, onOutput: (msg: JupyterMessage) => void, timeoutMs = 600_000): Promise<ExecuteResult> {
    if (this.exited) throw new KernelError(`tslab kernel is not running (${this.exitInfo})`);
    const msgId = this.newId();
    this.iopubListeners.set(msgId, (msg) => {
      if (msg.header.msg_type !== 'status' && msg.header.msg_type !== 'execute_input') onOutput(msg);
    });
    const idle = new Promise<void>((ok) => this.idleWaiters.set(msgId, ok));
    const reply = this.request(
      'execute_request',
      { code, silent: false, store_history: true, user_expressions: {}, allow_stdin: false, stop_on_error: true },
      msgId,
    );
    let timer: NodeJS.Timeout | undefined;
    let onDeath: (() => void) | undefined;
    try {
      const finished = Promise.all([reply, idle]).then(([r]) => r);
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => {
          this.child.kill('SIGINT');
          reject(new KernelError(`cell did not finish within ${timeoutMs} ms (interrupted)`));
        }, timeoutMs);
      });
      const death = new Promise<never>((_, reject) => {
        onDeath = () => reject(new KernelError(`tslab kernel died while running the cell (${this.exitInfo}):\n${this.processLog.trim().slice(-4000)}`));
        this.deathListeners.add(onDeath);
      });
      const msg = await Promise.race([finished, timeout, death]);
      const count = msg.content.execution_count;
      return { status: String(msg.content.status), executionCount: typeof count === 'number' ? count : null, reply: msg.content };
    } finally {
      if (timer) clearTimeout(timer);
      if (onDeath) this.deathListeners.delete(onDeath);
      this.iopubListeners.delete(msgId);
      this.idleWaiters.delete(msgId);
      this.pending.delete(msgId);
    }
  }

  private async close(): Promise<void> {
    this.shell.close();
    this.iopub.close();
    rmSync(this.workDir, { recursive: true, force: true });
  }

  /** Stop the kernel process (SIGTERM, then SIGKILL after 3 s) and close the sockets. Safe to call twice. */
  async shutdown(): Promise<void> {
    if (!this.exited) {
      const exited = new Promise<void>((ok) => this.child.once('exit', () => ok()));
      this.child.kill('SIGTERM');
      const killTimer = setTimeout(() => this.child.kill('SIGKILL'), 3000);
      await exited;
      clearTimeout(killTimer);
    }
    if (!this.shell.closed) await this.close();
  }
}

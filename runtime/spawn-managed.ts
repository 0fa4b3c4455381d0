import { spawn, type ChildProcess } from 'node:child_process';

/**
 * A child process that never outlives its parent.
 *
 * It runs detached, as the leader of its own process group, so that `stop()` reaches every process
 * it forks (tsx forks node; the Temporal CLI is one process, but a wrapper script may not be) and so
 * that a Ctrl-C in the terminal reaches only the parent, which then stops the children in order.
 * Three guards stop the group when the parent goes away without calling `stop()`:
 * - a `process.on('exit')` handler (the parent called `process.exit`, or ran out of work);
 * - a tiny `sh` watchdog, in a group of its own, that polls the parent's pid every second and
 *   terminates the child's group once the parent is gone (the parent was killed by a signal it does
 *   not handle, SIGKILL included);
 * - `stop()` itself: SIGTERM to the group, then SIGKILL after `timeoutMs`.
 * And when the leader exits on its own, whatever it forked and left in its group is terminated too.
 */
export interface ManagedProcess {
  readonly name: string;
  readonly pid: number;
  /** Resolves when the process has exited, however that happened. */
  readonly exited: Promise<ExitStatus>;
  /** The exit status once the process has exited. */
  exitStatus(): ExitStatus | undefined;
  /** Whether `stop()` was called: exits after it are expected. */
  readonly stopping: boolean;
  /** The last lines the process wrote on stdout and stderr. */
  recentOutput(): string;
  /** Stop echoing its output (it is still kept for `recentOutput`). */
  mute(): void;
  /** SIGTERM to the whole group, SIGKILL after `timeoutMs`; resolves once the group is gone. */
  stop(timeoutMs?: number): Promise<void>;
}

export interface ExitStatus {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface SpawnManagedOptions {
  /** Short name used in messages and as the prefix of echoed lines. */
  name: string;
  command: string;
  args: readonly string[];
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /**
   * Write each line of the child's output to this process's stderr, prefixed with `[name]`.
   * Output is dropped once `stop()` was called (shutdown chatter), unless `echoWhileStopping`.
   */
  echo?: boolean;
  echoWhileStopping?: boolean;
  /** Rewrites each echoed line (JSON log records made readable, say); `recentOutput` keeps them as written. */
  formatEcho?: (line: string) => string;
  /** Receives each line of output (after echo). */
  onLine?: (line: string) => void;
}

const keptLines = 200;
const live = new Set<ManagedChild>();
let exitHookInstalled = false;

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  // Synchronous only: the event loop is gone. SIGTERM lets the servers flush their SQLite files;
  // each child's watchdog follows up with SIGKILL if a group is still there 5 s later.
  process.on('exit', () => {
    for (const child of live) child.signalGroup('SIGTERM');
  });
}

// Polls the parent; when it is gone, terminates the child's group, then kills what is left.
// $1 = parent pid, $2 = child pid = child's process group id.
const watchdogScript = `
while kill -0 "$1" 2>/dev/null; do
  kill -0 -"$2" 2>/dev/null || exit 0
  sleep 1
done
kill -TERM -"$2" 2>/dev/null || exit 0
sleep 5
kill -KILL -"$2" 2>/dev/null
exit 0
`;

class ManagedChild implements ManagedProcess {
  readonly name: string;
  readonly pid: number;
  readonly exited: Promise<ExitStatus>;
  stopping = false;
  private muted = false;
  private status: ExitStatus | undefined;
  private reaped: Promise<void> | undefined;
  private readonly lines: string[] = [];
  private readonly watchdog: ChildProcess | undefined;

  constructor(
    private readonly child: ChildProcess,
    private readonly options: SpawnManagedOptions,
  ) {
    this.name = options.name;
    if (child.pid === undefined) throw new Error(`${options.name}: spawn failed`);
    this.pid = child.pid;
    this.exited = new Promise((resolve) => {
      child.once('exit', (code, signal) => {
        this.status = { code, signal };
        this.reaped = this.reapGroup();
        resolve(this.status);
      });
    });
    child.stdout?.on('data', this.collector());
    child.stderr?.on('data', this.collector());
    this.watchdog = spawn('sh', ['-c', watchdogScript, 'watchdog', String(process.pid), String(this.pid)], {
      detached: true,
      stdio: 'ignore',
    });
    this.watchdog.on('error', () => undefined);
    this.watchdog.unref();
    live.add(this);
    installExitHook();
  }

  exitStatus(): ExitStatus | undefined {
    return this.status;
  }

  recentOutput(): string {
    return this.lines.join('\n');
  }

  mute(): void {
    this.muted = true;
  }

  signalGroup(signal: NodeJS.Signals): boolean {
    try {
      process.kill(-this.pid, signal);
      return true;
    } catch {
      return false;
    }
  }

  async stop(timeoutMs = 10_000): Promise<void> {
    this.stopping = true;
    if (!this.status) {
      this.signalGroup('SIGTERM');
      let timer: NodeJS.Timeout | undefined;
      const killed = await Promise.race([
        this.exited.then(() => false),
        new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(true), timeoutMs))),
      ]);
      clearTimeout(timer);
      if (killed) {
        this.signalGroup('SIGKILL');
        await this.exited;
      }
    }
    await this.reaped;
  }

  /**
   * The leader has exited: what it forked goes with it. SIGTERM to the rest of the group (a no-op
   * when it is already empty), SIGKILL 2 s later; until then the exit hook and the watchdog still
   * cover the group.
   */
  private async reapGroup(): Promise<void> {
    if (this.groupAlive()) {
      this.signalGroup('SIGTERM');
      for (let i = 0; i < 20 && this.groupAlive(); i++) await delay(100);
      this.signalGroup('SIGKILL');
    }
    live.delete(this);
    this.stopWatchdog();
  }

  private groupAlive(): boolean {
    try {
      process.kill(-this.pid, 0);
      return true;
    } catch {
      return false;
    }
  }

  private stopWatchdog(): void {
    const pid = this.watchdog?.pid;
    if (pid === undefined || this.watchdog?.exitCode !== null) return;
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }

  private collector(): (chunk: Buffer) => void {
    let partial = '';
    return (chunk) => {
      const text = partial + chunk.toString('utf8');
      const parts = text.split('\n');
      partial = parts.pop() ?? '';
      if (partial.length > 16_384) {
        parts.push(partial);
        partial = '';
      }
      for (const line of parts) this.line(line.replace(/\r$/, ''));
    };
  }

  private line(line: string): void {
    if (!line) return;
    this.lines.push(line);
    if (this.lines.length > keptLines) this.lines.shift();
    if (this.options.echo && !this.muted && (!this.stopping || this.options.echoWhileStopping)) {
      process.stderr.write(`[${this.name}] ${this.options.formatEcho?.(line) ?? line}\n`);
    }
    this.options.onLine?.(line);
  }
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Starts `command` in its own process group, tied to this process's lifetime (see above). */
export function spawnManaged(options: SpawnManagedOptions): Promise<ManagedProcess> {
  return new Promise((resolve, reject) => {
    const child = spawn(options.command, [...options.args], {
      cwd: options.cwd,
      env: options.env ?? process.env,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.once('error', (error) => reject(new Error(`${options.name}: cannot start ${options.command}: ${error.message}`)));
    child.once('spawn', () => {
      child.on('error', () => undefined); // after the start, failures show as its exit
      resolve(new ManagedChild(child, options));
    });
  });
}

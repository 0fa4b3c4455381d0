import fs from 'node:fs';
import path from 'node:path';
import { Connection } from '@temporalio/client';
import { choosePort, lostPortRace } from './free-port';
import { devServerSearchAttributes } from './post-search-attributes';
import { spawnManaged, type ManagedProcess } from './spawn-managed';
import { requireExecutable, temporalExecutable } from './tool-paths';
import { waitUntil, waitUntilChildReady } from './wait-until';

export interface TemporalDevServer {
  /** gRPC `host:port` for clients and workers. */
  address: string;
  /** Web UI, when it was started. */
  uiUrl?: string;
  /** True when TEMPORAL_ADDRESS named a running server and nothing was started. */
  external: boolean;
  /** The server process, when this module started one. */
  process?: ManagedProcess;
  /** Stops the server this module started (SIGTERM, SIGKILL after 10 s); no-op for an external one. */
  stop(): Promise<void>;
}

export interface TemporalDevServerOptions {
  /** gRPC port. Default: a free port. */
  port?: number;
  /** When `port` is taken, use a free port instead of failing. */
  fallbackToFreePort?: boolean;
  /** Web UI: off by default; `{ port }` (taken → free port) or `{}` for a free port. */
  ui?: false | { port?: number };
  /** SQLite file that keeps the server's state across restarts. Default: in memory. */
  dbFile?: string;
  /**
   * SQLite pragmas of `dbFile` (`name=value`). Default: DURABLE_AGAINST_PROCESS_CRASH, which keeps
   * every committed transaction when the server process dies (docs/performance.md); `[]` leaves
   * SQLite's own defaults (rollback journal, a sync at every commit).
   */
  sqlitePragmas?: readonly string[];
  /**
   * Eager activity execution (default on): the server hands an activity scheduled by a workflow
   * task back to the worker in its answer to that task, instead of queueing it for a poll. The
   * activity's scheduling is persisted first, as without it (docs/performance.md).
   */
  eagerActivities?: boolean;
  /** Namespaces to create at start, besides `default`. */
  namespaces?: string[];
  /**
   * Custom search attributes registered in every namespace at start, `NAME=Type`. Default: the post
   * workflow's (runtime/post-search-attributes.ts), without which the worker will not start.
   */
  searchAttributes?: string[];
  /** Environment read for TEMPORAL_ADDRESS (default `process.env`). */
  env?: NodeJS.ProcessEnv;
  /** Echo the server's log lines on stderr, prefixed with `[temporal]`. */
  echo?: boolean;
  logLevel?: 'debug' | 'info' | 'warn' | 'error';
  readyTimeoutMs?: number;
}

const host = '127.0.0.1';

/**
 * Write-ahead log, synced at checkpoints rather than at every commit. SQLite's documentation: in
 * WAL mode with synchronous=NORMAL a committed transaction survives a crash of the application
 * (the process killed), and may be rolled back by a power loss or an operating-system crash. The
 * product promises that an accepted transition survives a process crash: this keeps that promise
 * and spares the server an fsync per history write.
 */
export const DURABLE_AGAINST_PROCESS_CRASH = ['journal_mode=wal', 'synchronous=normal'] as const;

/**
 * Starts `temporal server start-dev` on loopback and resolves once it answers `GetSystemInfo` and
 * `DescribeNamespace` for every namespace. When TEMPORAL_ADDRESS is set, starts nothing: waits
 * until that server answers instead, so a wrong address fails here with a clear message.
 */
export async function startTemporalDevServer(options: TemporalDevServerOptions = {}): Promise<TemporalDevServer> {
  const env = options.env ?? process.env;
  const namespaces = ['default', ...(options.namespaces ?? [])].filter((n, i, all) => all.indexOf(n) === i);
  const external = env.TEMPORAL_ADDRESS?.trim();
  if (external) {
    await waitUntil(
      `TEMPORAL_ADDRESS=${external} is set, but no Temporal server answers there`,
      () => probeTemporal(external, namespaces.slice(0, 1)),
      { timeoutMs: options.readyTimeoutMs ?? 15_000, intervalMs: 500 },
    );
    return { address: external, external: true, stop: async () => undefined };
  }

  const executable = requireExecutable(temporalExecutable(), 'Temporal CLI');
  if (options.dbFile) fs.mkdirSync(path.dirname(options.dbFile), { recursive: true });

  for (let attempt = 1; ; attempt++) {
    const port = await choosePort(host, options.port, options.fallbackToFreePort);
    const uiPort = options.ui ? await choosePort(host, options.ui.port, true, [port]) : undefined;
    // The HTTP API and metrics ports default to random free ports in the CLI itself.
    const args = [
      'server', 'start-dev',
      '--ip', host,
      '--port', String(port),
      ...(uiPort === undefined ? ['--headless'] : ['--ui-port', String(uiPort)]),
      ...(options.dbFile ? ['--db-filename', options.dbFile] : []),
      ...(options.dbFile ? (options.sqlitePragmas ?? DURABLE_AGAINST_PROCESS_CRASH).flatMap((pragma) => ['--sqlite-pragma', pragma]) : []),
      ...namespaces.filter((n) => n !== 'default').flatMap((n) => ['--namespace', n]),
      ...(options.searchAttributes ?? devServerSearchAttributes()).flatMap((spec) => ['--search-attribute', spec]),
      // No internet here: skip the CLI's call home for a newer version.
      '--dynamic-config-value', 'frontend.enableServerVersionCheck=false',
      ...(options.eagerActivities === false ? [] : ['--dynamic-config-value', 'system.enableActivityEagerExecution=true']),
      '--log-level', options.logLevel ?? 'warn',
    ];
    const child = await spawnManaged({ name: 'temporal', command: executable, args, echo: options.echo });
    const address = `${host}:${port}`;
    try {
      await waitUntilChildReady(
        child,
        `Temporal dev server on ${address}`,
        () => probeTemporal(address, namespaces),
        options.readyTimeoutMs ?? 60_000,
      );
    } catch (error) {
      await child.stop();
      if (lostPortRace(child.recentOutput(), options.port === undefined || Boolean(options.fallbackToFreePort), attempt)) continue;
      throw error;
    }
    return {
      address,
      uiUrl: uiPort === undefined ? undefined : `http://${host}:${uiPort}`,
      external: false,
      process: child,
      stop: () => child.stop(),
    };
  }
}

/** One readiness check: the frontend answers and every namespace exists. */
async function probeTemporal(address: string, namespaces: string[]): Promise<void> {
  const connection = await Connection.connect({ address, connectTimeout: 2_000 });
  try {
    await connection.workflowService.getSystemInfo({});
    for (const namespace of namespaces) await connection.workflowService.describeNamespace({ namespace });
  } finally {
    await connection.close();
  }
}

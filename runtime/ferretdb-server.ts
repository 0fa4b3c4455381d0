import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import mongoose from 'mongoose';
import { choosePort, lostPortRace } from './free-port';
import { spawnManaged, type ManagedProcess } from './spawn-managed';
import { mongodExecutable, requireExecutable, toolPaths } from './tool-paths';
import { waitUntil, waitUntilChildReady } from './wait-until';

export interface FerretDbServer {
  /** Connection string, with the database name asked for. */
  uri: string;
  /** Which server answers: FerretDB (SQLite backend), a `mongod` found on PATH, or MONGODB_URI's. */
  kind: 'ferretdb' | 'mongod' | 'external';
  process?: ManagedProcess;
  /** Stops the server this module started; no-op for an external one. */
  stop(): Promise<void>;
}

export interface FerretDbServerOptions {
  /** Directory holding the data; created if missing. Kept across restarts. */
  dataDir: string;
  /** Database name put in the URI of a server started here. */
  database: string;
  /** Port. Default: a free port. */
  port?: number;
  /** When `port` is taken, use a free port instead of failing. */
  fallbackToFreePort?: boolean;
  /** Environment read for MONGODB_URI (default `process.env`). */
  env?: NodeJS.ProcessEnv;
  /** Echo the server's log lines on stderr, prefixed with `[ferretdb]` or `[mongod]`. */
  echo?: boolean;
  readyTimeoutMs?: number;
}

const host = '127.0.0.1';

/**
 * Starts a MongoDB wire-protocol server on loopback: `mongod` when one is on PATH, else FerretDB
 * with its SQLite backend. Resolves once a TCP connection and a `ping` through mongoose succeed.
 * When MONGODB_URI is set, starts nothing: checks that its server answers a ping and returns that
 * URI unchanged (`database` is not applied: see `withDatabase` to pick one).
 */
export async function startFerretDbServer(options: FerretDbServerOptions): Promise<FerretDbServer> {
  const env = options.env ?? process.env;
  const external = env.MONGODB_URI?.trim();
  if (external) {
    await waitUntil(`MONGODB_URI is set, but no MongoDB server answers a ping at ${redact(external)}`, () => ping(external), {
      timeoutMs: options.readyTimeoutMs ?? 15_000,
      intervalMs: 500,
    });
    return { uri: external, kind: 'external', stop: async () => undefined };
  }

  const dataDir = path.resolve(options.dataDir);
  fs.mkdirSync(dataDir, { recursive: true });
  const mongod = mongodExecutable();
  const kind = mongod ? 'mongod' : 'ferretdb';
  const executable = mongod ?? requireExecutable(toolPaths.builtFerretDb, 'FerretDB');

  for (let attempt = 1; ; attempt++) {
    const port = await choosePort(host, options.port, options.fallbackToFreePort);
    const args = mongod
      ? ['--dbpath', dataDir, '--port', String(port), '--bind_ip', host, '--quiet']
      : ['--listen-addr', `${host}:${port}`, '--data-dir', dataDir, '--log-level', 'error'];
    const child = await spawnManaged({ name: kind, command: executable, args, echo: options.echo });
    const uri = `mongodb://${host}:${port}/${options.database}`;
    try {
      await waitUntilChildReady(
        child,
        `${kind} on ${host}:${port}`,
        async () => {
          await tcpConnect(port);
          await ping(uri);
        },
        options.readyTimeoutMs ?? 30_000,
      );
    } catch (error) {
      await child.stop();
      if (lostPortRace(child.recentOutput(), options.port === undefined || Boolean(options.fallbackToFreePort), attempt)) continue;
      throw error;
    }
    return { uri, kind, process: child, stop: () => child.stop() };
  }
}

function tcpConnect(port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host, port });
    socket.setTimeout(1_000, () => socket.destroy(new Error('TCP connect timed out')));
    socket.once('connect', () => {
      socket.end();
      resolve();
    });
    socket.once('error', reject);
  });
}

/** One `ping` through mongoose, on a connection of its own. */
async function ping(uri: string): Promise<void> {
  const connection = mongoose.createConnection(uri, { serverSelectionTimeoutMS: 2_000, connectTimeoutMS: 2_000 });
  try {
    await connection.asPromise();
    const db = connection.db;
    if (!db) throw new Error('no database handle after connect');
    await db.admin().ping();
  } finally {
    await connection.close(true).catch(() => undefined);
  }
}

function redact(uri: string): string {
  return uri.replace(/\/\/[^@/]*@/, '//***@');
}

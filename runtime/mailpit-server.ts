import fs from 'node:fs';
import path from 'node:path';
import { choosePort, lostPortRace } from './free-port';
import { spawnManaged, type ManagedProcess } from './spawn-managed';
import { mailpitExecutable, requireExecutable } from './tool-paths';
import { waitUntilChildReady } from './wait-until';

export interface MailpitServer {
  /** `smtp://127.0.0.1:<port>`: the SMTP_URL of the worker. */
  smtpUrl: string;
  /** Mailpit's HTTP API (`GET /api/v1/messages`, `GET /api/v1/message/{ID}`…). */
  apiUrl: string;
  process: ManagedProcess;
  stop(): Promise<void>;
}

export interface MailpitServerOptions {
  /** SQLite file keeping the mails across restarts (`data/mailpit.db` for `npm start`); default: Mailpit's temporary one. */
  dbFile?: string;
  /** Ports; default: free ports. Given, a restart listens where the first start did. */
  smtpPort?: number;
  httpPort?: number;
  fallbackToFreePort?: boolean;
  /** Recipients the SMTP server accepts (a Go regular expression); others get « 550 mailbox unavailable ». */
  allowedRecipients?: string;
  /** Mails kept: Mailpit drops the oldest past it; 0 keeps them all. Default: all. */
  maxMessages?: number;
  echo?: boolean;
  readyTimeoutMs?: number;
}

const host = '127.0.0.1';

/**
 * Starts Mailpit on loopback: an SMTP server that keeps every mail it accepts, and the HTTP API to
 * read them (no web UI: a `go install` build lacks its assets). Resolves once `/readyz` answers.
 * Callers decide whether to start one: `npm start` and the tests do unless SMTP_URL names a server.
 */
export async function startMailpitServer(options: MailpitServerOptions = {}): Promise<MailpitServer> {
  const executable = requireExecutable(mailpitExecutable(), 'Mailpit');
  if (options.dbFile) fs.mkdirSync(path.dirname(options.dbFile), { recursive: true });
  for (let attempt = 1; ; attempt++) {
    const smtpPort = await choosePort(host, options.smtpPort, options.fallbackToFreePort);
    const httpPort = await choosePort(host, options.httpPort, options.fallbackToFreePort, [smtpPort]);
    const args = [
      '--smtp', `${host}:${smtpPort}`,
      '--listen', `${host}:${httpPort}`,
      '--max', String(options.maxMessages ?? 0),
      // No internet here, and loopback clients have no reverse DNS worth asking for.
      '--disable-version-check',
      '--smtp-disable-rdns',
      ...(options.dbFile ? ['--database', options.dbFile] : []),
      ...(options.allowedRecipients ? ['--smtp-allowed-recipients', options.allowedRecipients] : []),
      ...(options.echo ? [] : ['--quiet']),
    ];
    const child = await spawnManaged({ name: 'mailpit', command: executable, args, echo: options.echo });
    const apiUrl = `http://${host}:${httpPort}`;
    try {
      await waitUntilChildReady(
        child,
        `Mailpit on ${host}:${smtpPort} (HTTP ${httpPort})`,
        async () => {
          const response = await fetch(`${apiUrl}/readyz`, { signal: AbortSignal.timeout(2_000) });
          if (response.status !== 200) throw new Error(`/readyz answered ${response.status}`);
        },
        options.readyTimeoutMs ?? 20_000,
      );
    } catch (error) {
      await child.stop();
      const chosenHere = (options.smtpPort === undefined && options.httpPort === undefined) || Boolean(options.fallbackToFreePort);
      if (lostPortRace(child.recentOutput(), chosenHere, attempt)) continue;
      throw error;
    }
    return { smtpUrl: `smtp://${host}:${smtpPort}`, apiUrl, process: child, stop: () => child.stop() };
  }
}

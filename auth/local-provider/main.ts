/**
 * The local identity provider as a process of its own: `node --import tsx auth/local-provider/main.ts
 * --port <port> --data-dir <folder> [--host 127.0.0.1]`. Started by `runtime/local-oidc-provider.ts`
 * (for `npm start` and the tests); on SIGINT/SIGTERM it stops listening and exits.
 */
import type { Server } from 'node:http';
import { parseArgs } from 'node:util';
import { createLocalProvider } from './local-provider';
import { loadOrCreateLocalProviderSecrets } from './local-provider-secrets';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { host: { type: 'string', default: '127.0.0.1' }, port: { type: 'string' }, 'data-dir': { type: 'string' } },
    strict: true,
  });
  const port = Number(values.port);
  if (!Number.isInteger(port) || port <= 0 || port > 65535 || !values['data-dir']) {
    throw new Error('usage: main.ts --port <1-65535> --data-dir <folder> [--host 127.0.0.1]');
  }
  const host = values.host;
  const issuer = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  const { app } = createLocalProvider({ issuer, secrets: await loadOrCreateLocalProviderSecrets(values['data-dir']) });
  const server = await new Promise<Server>((resolve, reject) => {
    const s = app.listen(port, host, () => resolve(s)).on('error', reject);
  });
  process.stdout.write(`local OpenID Connect provider listening on ${issuer}\n`);
  const stop = () => {
    server.closeAllConnections();
    server.close(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});

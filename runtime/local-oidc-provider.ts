import path from 'node:path';
import { loadOrCreateLocalProviderSecrets } from '../auth/local-provider/local-provider-secrets';
import { choosePort, lostPortRace } from './free-port';
import { spawnManaged, type ManagedProcess } from './spawn-managed';
import { toolPaths } from './tool-paths';
import { waitUntilChildReady } from './wait-until';

export interface LocalOidcProvider {
  /** `http://127.0.0.1:<port>`: the issuer of its ID tokens and access tokens. */
  issuer: string;
  dataDir: string;
  /** The initial access token that lets local tools register clients (`registerLocalClient`). */
  registrationToken: string;
  process: ManagedProcess;
  stop(): Promise<void>;
}

export interface LocalOidcProviderOptions {
  /** Holds its signing keys, created on the first start and kept (`data/oidc-provider/` for `npm start`). */
  dataDir: string;
  port?: number;
  fallbackToFreePort?: boolean;
  echo?: boolean;
  readyTimeoutMs?: number;
}

const host = '127.0.0.1';

/**
 * Starts the local OpenID Connect provider (`auth/local-provider/`) as a process of its own on
 * loopback, and resolves once its discovery document answers. Callers decide whether to start it:
 * `npm start` and the tests do unless OIDC_ISSUER and API_TOKEN_ISSUER name other providers.
 */
export async function startLocalOidcProvider(options: LocalOidcProviderOptions): Promise<LocalOidcProvider> {
  const dataDir = path.resolve(options.dataDir);
  // Created here, before the process starts, so that this caller can read the registration token.
  const { registrationToken } = await loadOrCreateLocalProviderSecrets(dataDir);
  for (let attempt = 1; ; attempt++) {
    const port = await choosePort(host, options.port, options.fallbackToFreePort);
    const child = await spawnManaged({
      name: 'oidc-provider',
      command: process.execPath,
      args: ['--import', 'tsx', path.join(toolPaths.repoRoot, 'auth/local-provider/main.ts'), '--host', host, '--port', String(port), '--data-dir', dataDir],
      cwd: toolPaths.repoRoot,
      env: { PATH: process.env.PATH, NODE_ENV: process.env.NODE_ENV },
      echo: options.echo,
    });
    const issuer = `http://${host}:${port}`;
    try {
      await waitUntilChildReady(
        child,
        `the local OpenID Connect provider on ${issuer}`,
        async () => {
          const response = await fetch(`${issuer}/.well-known/openid-configuration`, { signal: AbortSignal.timeout(2_000) });
          if (response.status !== 200) throw new Error(`discovery answered ${response.status}`);
        },
        options.readyTimeoutMs ?? 30_000,
      );
    } catch (error) {
      await child.stop();
      if (lostPortRace(child.recentOutput(), options.port === undefined || Boolean(options.fallbackToFreePort), attempt)) continue;
      throw error;
    }
    return { issuer, dataDir, registrationToken, process: child, stop: () => child.stop() };
  }
}

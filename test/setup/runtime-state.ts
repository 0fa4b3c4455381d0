import type { FerretDbServer } from '../../runtime/ferretdb-server';
import type { LocalOidcProvider } from '../../runtime/local-oidc-provider';
import type { TemporalDevServer } from '../../runtime/temporal-dev-server';

/** What the global setup started, handed to the global teardown (same process). */
export interface RuntimeState {
  temporal?: TemporalDevServer;
  mongo?: FerretDbServer;
  oidcProvider?: LocalOidcProvider;
  /** Per-run database created on an external MONGODB_URI server: dropped at teardown. */
  externalDatabaseUri?: string;
  tempDir: string;
  /** process.env values before the setup changed them, restored at teardown (watch mode reruns). */
  savedEnv: Record<string, string | undefined>;
}

const key = Symbol.for('cnum-orchestrator.test-runtime');

export function saveRuntimeState(state: RuntimeState): void {
  (globalThis as Record<symbol, unknown>)[key] = state;
}

export function takeRuntimeState(): RuntimeState | undefined {
  const state = (globalThis as Record<symbol, unknown>)[key] as RuntimeState | undefined;
  delete (globalThis as Record<symbol, unknown>)[key];
  return state;
}

import fs from 'node:fs';
import path from 'node:path';

/**
 * What a running `npm start` tells local tools (`npm run token`): where its database and its
 * authorization server are. Written once everything answers, removed when it stops.
 */
export interface NpmStartState {
  apiUrl: string;
  mongodbUri: string;
  apiTokenIssuer: string;
  apiAudience: string;
  /** The local provider's folder when `npm start` runs it as the authorization server. */
  localProviderDataDir: string | null;
}

export const npmStartStateFile = (dataDir: string) => path.join(dataDir, '.npm-start.json');

export function writeNpmStartState(dataDir: string, state: NpmStartState): void {
  fs.writeFileSync(npmStartStateFile(dataDir), JSON.stringify(state, null, 2), { mode: 0o600 });
}

export function readNpmStartState(dataDir: string): NpmStartState | null {
  try {
    return JSON.parse(fs.readFileSync(npmStartStateFile(dataDir), 'utf8')) as NpmStartState;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

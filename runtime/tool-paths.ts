import fs from 'node:fs';
import path from 'node:path';

/**
 * Where the servers live. `npm run tools` builds them into the git-ignored `.tools/` folder; a
 * `temporal` or `mongod` the user already has on PATH is preferred and then nothing is built.
 */
const repoRoot = path.resolve(__dirname, '..');
const toolsDir = path.join(repoRoot, '.tools');
const binDir = path.join(toolsDir, 'bin');
const testServerDir = path.join(toolsDir, 'temporal-test-server');

export const toolPaths = {
  repoRoot,
  toolsDir,
  binDir,
  /** Temporal CLI built by `go install github.com/temporalio/cli/cmd/temporal`. */
  builtTemporal: path.join(binDir, 'temporal'),
  /** FerretDB launcher built from `tools/ferretdb`. */
  builtFerretDb: path.join(binDir, 'ferretdb'),
  ferretDbSource: path.join(repoRoot, 'tools', 'ferretdb'),
  /** Mailpit (SMTP server and its HTTP API) built by `go install github.com/axllent/mailpit`. */
  builtMailpit: path.join(binDir, 'mailpit'),
  /** FerretDB's module source with the `_id` index fix, which the launcher's go.mod replaces it by. */
  patchedFerretDbModule: path.join(toolsDir, 'ferretdb-src'),
  /** Jars of Temporal's Java time-skipping test server, fetched by Maven. */
  testServerLib: path.join(testServerDir, 'lib'),
  /** Class-data-sharing archive that makes the test server's JVM start about twice as fast. */
  testServerArchive: path.join(testServerDir, 'classes.jsa'),
  testServerPom: path.join(repoRoot, 'tools', 'temporal-test-server', 'pom.xml'),
  /** Script that `exec`s the test server's JVM: the path handed to `@temporalio/testing`. */
  testServerWrapper: path.join(repoRoot, 'tools', 'temporal-test-server', 'temporal-test-server'),
  /** Python virtual environment holding schemathesis, the API fuzzer of the contract test. */
  schemathesisVenv: path.join(toolsDir, 'schemathesis'),
  schemathesis: path.join(toolsDir, 'schemathesis', 'bin', 'schemathesis'),
} as const;

/** Absolute path of an executable named `name` on PATH, if any. */
export function findOnPath(name: string, envPath = process.env.PATH ?? ''): string | undefined {
  for (const dir of envPath.split(path.delimiter)) {
    if (!dir) continue;
    const candidate = path.resolve(dir, name);
    try {
      fs.accessSync(candidate, fs.constants.X_OK);
      if (fs.statSync(candidate).isFile()) return candidate;
    } catch {
      // not there: next directory
    }
  }
  return undefined;
}

/** The Temporal CLI to run: one on PATH first, else the one `npm run tools` built. */
export function temporalExecutable(): string {
  return findOnPath('temporal') ?? toolPaths.builtTemporal;
}

/** Mailpit to run: one on PATH first, else the one `npm run tools` built. */
export function mailpitExecutable(): string {
  return findOnPath('mailpit') ?? toolPaths.builtMailpit;
}

/** A `mongod` on PATH, which is then used instead of FerretDB. */
export function mongodExecutable(): string | undefined {
  return findOnPath('mongod');
}

/** Throws a message naming the fix when a built tool is missing. */
export function requireExecutable(file: string, what: string): string {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return file;
  } catch {
    throw new Error(`${what} not found at ${file}: run 'npm run tools' first`);
  }
}

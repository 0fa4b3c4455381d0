import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { type BundleOptions, bundleWorkflowCode, type WorkflowBundleWithSourceMap } from '@temporalio/worker';

/**
 * The post workflows' bundle, built once (`npm run build:workflows`, `npm start`, the integration
 * tests' global setup) and loaded by every worker with `workflowBundle: { codePath }`, as Temporal
 * recommends in production: a worker then starts without webpack's seconds of CPU and memory.
 *
 * Beside the file, a manifest names every source file of ours the bundle holds with its hash, and
 * the hashes of package-lock.json (the libraries it holds) and of this file (the options): a bundle is current while they all match.
 * Everyone bundles with the same options, `postWorkflowBundleOptions`, so that what the tests and
 * the audit replay is what the workers run.
 */
const repoRoot = path.resolve(__dirname, '..');

/** Where `npm run build:workflows` writes the bundle, and where worker.ts looks for it. */
export const defaultPostWorkflowBundlePath = path.join(repoRoot, 'build', 'post-workflows.bundle.js');

/**
 * The domain module every workflow of the worker shares (docs/worker-memory.md): evaluated once
 * when the sandbox is created, instead of once per workflow — its zod schemas, its machine and its
 * policy tables were most of what a cached post cost. It holds no state of a post: the domain is
 * pure functions, and the SDK freezes what it shares.
 */
export const sharedPostDomainModule = require.resolve('../workflows/post-domain');

/**
 * `@temporalio/workflow` is preloaded too: the SDK already shares its core (the entry point loads
 * it before any workflow), and what its index adds (nexus, metrics, random streams, triggers)
 * reads the workflow's activator at each call and keeps nothing of its own, so that a copy per
 * workflow was memory for nothing.
 */
export const postWorkflowBundleOptions = {
  workflowsPath: require.resolve('../workflows'),
  bundlerOptions: { preloadModules: ['@temporalio/workflow', sharedPostDomainModule] },
} as const;

const quietBundler = { log() {}, trace() {}, debug() {}, info() {}, warn() {}, error: (message: string) => process.stderr.write(`${message}\n`) };

/** bundleWorkflowCode with the worker's options; `extra` adds the audit's interceptor or a test's webpack hook. */
export function bundlePostWorkflows(extra: Pick<BundleOptions, 'workflowInterceptorModules' | 'webpackConfigHook'> = {}): Promise<WorkflowBundleWithSourceMap> {
  return bundleWorkflowCode({
    workflowsPath: postWorkflowBundleOptions.workflowsPath,
    preloadModules: [...postWorkflowBundleOptions.bundlerOptions.preloadModules],
    logger: quietBundler,
    ...extra,
  });
}

interface BundleManifest {
  /** Repository-relative path → sha256 of every file of ours in the bundle, and of package-lock.json. */
  sources: Record<string, string>;
}

const manifestPathOf = (bundlePath: string) => `${bundlePath}.sources.json`;
const sha256 = (file: string) => createHash('sha256').update(fs.readFileSync(file)).digest('hex');

/** Our files the bundle was built from: its inline source map names them, by absolute path. */
function bundledSources(code: string): string[] {
  const marker = '//# sourceMappingURL=data:application/json;charset=utf-8;base64,';
  const at = code.lastIndexOf(marker);
  if (at < 0) throw new Error('the workflow bundle has no inline source map to list its sources');
  const map = JSON.parse(Buffer.from(code.slice(at + marker.length).trim(), 'base64').toString('utf8')) as { sources: string[] };
  return map.sources
    // The bundler's generated entrypoint lives in memory only; libraries are package-lock.json's.
    .filter((source) => source.startsWith(`${repoRoot}${path.sep}`) && !source.includes(`${path.sep}node_modules${path.sep}`) && fs.existsSync(source))
    .map((source) => path.relative(repoRoot, source))
    // The options it was bundled with are this file's.
    .concat('package-lock.json', path.relative(repoRoot, __filename))
    .sort();
}

/** Builds the bundle into `bundlePath` (written whole, then renamed) with its manifest. */
export async function buildPostWorkflowBundle(bundlePath = defaultPostWorkflowBundlePath): Promise<{ bundlePath: string; bytes: number }> {
  const { code } = await bundlePostWorkflows();
  const manifest: BundleManifest = { sources: Object.fromEntries(bundledSources(code).map((file) => [file, sha256(path.join(repoRoot, file))])) };
  fs.mkdirSync(path.dirname(bundlePath), { recursive: true });
  const partial = `${bundlePath}.${process.pid}.partial`;
  fs.writeFileSync(partial, code);
  fs.writeFileSync(manifestPathOf(partial), JSON.stringify(manifest, null, 2));
  // The manifest last: a bundle without its manifest, or with an older one, is never current.
  fs.rmSync(manifestPathOf(bundlePath), { force: true });
  fs.renameSync(partial, bundlePath);
  fs.renameSync(manifestPathOf(partial), manifestPathOf(bundlePath));
  return { bundlePath, bytes: Buffer.byteLength(code) };
}

/** Whether the bundle at `bundlePath` was built from the sources as they are now. */
export function postWorkflowBundleIsCurrent(bundlePath = defaultPostWorkflowBundlePath): boolean {
  if (!fs.existsSync(bundlePath) || !fs.existsSync(manifestPathOf(bundlePath))) return false;
  const { sources } = JSON.parse(fs.readFileSync(manifestPathOf(bundlePath), 'utf8')) as BundleManifest;
  return Object.entries(sources).every(([file, hash]) => {
    const absolute = path.join(repoRoot, file);
    return fs.existsSync(absolute) && sha256(absolute) === hash;
  });
}

/**
 * The workflow code a worker runs: the bundle `WORKFLOW_BUNDLE_PATH` names (built for this
 * deployment, trusted as it is), else the built one when it is current, else a bundle made now in
 * this process, as before the prebuilt one existed.
 */
export function postWorkflowCode(bundlePath: string | undefined):
  | { source: 'WORKFLOW_BUNDLE_PATH' | 'prebuilt'; workflowBundle: { codePath: string } }
  | { source: 'bundled at start'; workflowsPath: string; bundlerOptions: { preloadModules: string[] } } {
  if (bundlePath) return { source: 'WORKFLOW_BUNDLE_PATH', workflowBundle: { codePath: path.resolve(bundlePath) } };
  if (postWorkflowBundleIsCurrent()) return { source: 'prebuilt', workflowBundle: { codePath: defaultPostWorkflowBundlePath } };
  return {
    source: 'bundled at start',
    workflowsPath: postWorkflowBundleOptions.workflowsPath,
    bundlerOptions: { preloadModules: [...postWorkflowBundleOptions.bundlerOptions.preloadModules] },
  };
}

import path from 'node:path';
import { buildPostWorkflowBundle, defaultPostWorkflowBundlePath } from '../runtime/post-workflow-bundle';

/**
 * `npm run build:workflows [-- <file>]`: bundles the post workflows once (webpack, some seconds)
 * into build/post-workflows.bundle.js, or the file given, which WORKFLOW_BUNDLE_PATH then names.
 * worker.ts loads it instead of bundling at every start.
 */
async function main(): Promise<void> {
  const started = performance.now();
  const { bundlePath, bytes } = await buildPostWorkflowBundle(path.resolve(process.argv[2] ?? defaultPostWorkflowBundlePath));
  process.stdout.write(`workflow bundle: ${bundlePath} (${(bytes / 1024 / 1024).toFixed(2)} MiB) in ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
}

main().catch((error) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});

import fs from 'node:fs';
import path from 'node:path';
import { postWorkflowBundleOptions, sharedPostDomainModule } from '../../../runtime/post-workflow-bundle';

/**
 * docs/worker-memory.md: the workflows share one instance of the domain, loaded by
 * workflows/post-domain.ts. A workflow module that imported a value from domain/ itself would
 * build its own copy of what it imports for every cached post, and the memory per post would
 * silently grow back; a domain module that imported Temporal, or held a post's state, could not
 * be shared at all.
 */
const root = path.resolve(__dirname, '../../..');
const workflowsDir = path.join(root, 'workflows');
const importsOf = (file: string) =>
  [...fs.readFileSync(file, 'utf8').matchAll(/^(?:import|export)\s+(type\s+)?(?:[^'"]*?\s+from\s+)?'([^']+)'/gm)].map(([, type, from]) => ({ typeOnly: Boolean(type), from: from! }));
const filesUnder = (dir: string): string[] =>
  fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? filesUnder(path.join(dir, e.name)) : e.name.endsWith('.ts') ? [path.join(dir, e.name)] : []));

describe('the domain shared by the workflows', () => {
  it('is preloaded by the bundle every worker, test and audit builds', () => {
    expect(postWorkflowBundleOptions.bundlerOptions.preloadModules).toEqual(['@temporalio/workflow', sharedPostDomainModule]);
    expect(sharedPostDomainModule).toBe(path.join(workflowsDir, 'post-domain.ts'));
  });

  it('is the only way the workflow modules reach domain values: the others import its types only', () => {
    const offending = fs
      .readdirSync(workflowsDir)
      .filter((f) => f.endsWith('.ts') && f !== 'post-domain-values.ts')
      .flatMap((f) => importsOf(path.join(workflowsDir, f)).filter((i) => i.from.startsWith('../domain/') && !i.typeOnly).map((i) => `${f} imports ${i.from}`));
    expect(offending).toEqual([]);
    expect(importsOf(path.join(workflowsDir, 'post-domain-values.ts')).every((i) => i.from.startsWith('../domain/'))).toBe(true);
  });

  it('is pure: no domain module imports Temporal or keeps mutable state at module level', () => {
    const files = filesUnder(path.join(root, 'domain'));
    expect(files.length).toBeGreaterThan(20);
    const temporal = files.filter((file) => importsOf(file).some((i) => i.from.startsWith('@temporalio/')));
    const state = files.filter((file) => /^(?:export\s+)?let\s/m.test(fs.readFileSync(file, 'utf8')));
    expect({ temporal, state }).toEqual({ temporal: [], state: [] });
  });
});

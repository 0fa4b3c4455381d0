import type { Client } from '@temporalio/client';
import type { WorkflowBundleWithSourceMap } from '@temporalio/worker';
import type { Models } from '../models/create-models';
import { auditPostsFromServers } from './audit-posts';
import type { PostAuditReport } from './post-audit-report';
import { auditWorkflowBundle } from './replay-post-runs';

/**
 * The audit of one post from the servers, as the API's `GET …/audit` and the console's audit page
 * give it: one auditor per process, which bundles the workflow (seconds) at the first audit asked
 * and keeps the bundle for the next ones. Undefined when neither Temporal nor MongoDB knows the post.
 */
export type PostAuditor = (postId: string) => Promise<PostAuditReport | undefined>;

export function createPostAuditor({ models, temporal, namespace }: { models: Models; temporal: Client; namespace: string }): PostAuditor {
  let bundle: Promise<WorkflowBundleWithSourceMap> | undefined;
  const workflowBundle = () => (bundle ??= auditWorkflowBundle().catch((error: unknown) => ((bundle = undefined), Promise.reject(error))));
  return async (postId) => {
    const deps = { workflowBundle: await workflowBundle(), temporal: { client: temporal, namespace }, models };
    let report: PostAuditReport | undefined;
    for await (const one of auditPostsFromServers([postId], deps)) report = one;
    if (!report || (report.runs.length === 0 && !(await models.Post.exists({ _id: postId })))) return undefined;
    return report;
  };
}

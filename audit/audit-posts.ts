import os from 'node:os';
import { WorkflowNotFoundError } from '@temporalio/client';
import type { WorkflowBundleWithSourceMap } from '@temporalio/worker';
import type { Models } from '../models/create-models';
import { postLifecycleWorkflow } from '../workflows/post-lifecycle.workflow';
import { auditPost, type StoredPost } from './audit-post';
import type { PostAuditReport } from './post-audit-report';
import { type PostHistorySource, postRunHistories } from './post-workflow-history';
import { replayInChildProcess } from './replay-in-child-process';
import { type ReplayedRun, replayPostRuns, type RunToReplay } from './replay-post-runs';
import { readStoredPosts } from './stored-post';

/**
 * The audit of many posts in one pass: their runs are read ahead (a few posts at a time) while
 * one replay worker replays them in order, and each post's report is given as soon as its last
 * run has replayed. From the servers (`--all`, a post id, the API's route) or from files.
 */
export interface AuditDeps {
  workflowBundle: WorkflowBundleWithSourceMap;
  /** Absent offline (`--file`). */
  temporal?: PostHistorySource;
  /** Absent offline: then neither the timeline nor the read model is compared. */
  models?: Models;
  /** Replay workers at once; default one per core. */
  replayWorkers?: number;
}

/** Posts whose histories are read while earlier ones replay. */
const READ_AHEAD = 8;
/**
 * Posts whose stored documents are read in one scan (audit/stored-post.ts): FerretDB 1.x reads a
 * whole collection for any filter but `_id`, so the fewer blocks the better, and a block is what
 * memory holds of MongoDB at once (a few kB a post).
 */
const STORED_BLOCK = 1000;
/** Replay workers running at once: one per core, asked for or not, and no more than the posts. */
const lanesFor = (asked: number | undefined, posts: number) => Math.max(1, Math.min(asked ?? os.availableParallelism(), posts));

interface PostRuns {
  postId: string;
  runs: RunToReplay[];
  stored: StoredPost | null;
  /** Why the runs could not be read (the workflow is unknown to Temporal). */
  missing?: string;
}

function isNotFound(error: unknown): boolean {
  return error instanceof WorkflowNotFoundError || (error as { code?: number } | null)?.code === 5;
}

async function readPost(deps: AuditDeps, postId: string, block: Promise<Map<string, StoredPost>> | null): Promise<PostRuns> {
  const runs: RunToReplay[] = [];
  const stored = async () => (block ? (await block).get(postId)! : null);
  try {
    for await (const run of postRunHistories(deps.temporal!, postId)) runs.push(run);
  } catch (error) {
    if (!isNotFound(error)) throw error;
    return { postId, runs, stored: await stored(), missing: 'Temporal ne connaît pas ce poste : workflow inexistant, ou purgé après sa durée de rétention.' };
  }
  return { postId, runs, stored: await stored() };
}

/** `ids` in arrays of `size`, in order. */
async function* inBlocks(ids: AsyncIterable<string> | Iterable<string>, size: number): AsyncGenerator<string[]> {
  let block: string[] = [];
  for await (const id of ids) {
    block.push(id);
    if (block.length === size) yield block, (block = []);
  }
  if (block.length > 0) yield block;
}

type Replay = (runs: AsyncIterable<RunToReplay>, workflowBundle: WorkflowBundleWithSourceMap) => AsyncIterable<ReplayedRun>;

/** Replays what `posts` yields, in order, on one replay worker, and reports post by post. */
async function* auditInOrder(posts: AsyncIterable<PostRuns>, workflowBundle: WorkflowBundleWithSourceMap, source: PostAuditReport['source'], replay: Replay): AsyncGenerator<PostAuditReport> {
  const pending: PostRuns[] = [];
  async function* runs() {
    for await (const post of posts) {
      pending.push(post);
      yield* post.runs;
    }
  }
  let replayed: ReplayedRun[] = [];
  const finished = function* (): Generator<PostAuditReport> {
    // A post is complete once all its runs have replayed; posts without runs complete at once.
    while (pending[0] && replayed.filter((r) => r.postId === pending[0]!.postId).length === pending[0].runs.length) {
      const post = pending.shift()!;
      const own = replayed.filter((r) => r.postId === post.postId);
      replayed = replayed.filter((r) => r.postId !== post.postId);
      yield missingReport(post) ?? auditPost({ postId: post.postId, source, runs: own, stored: post.stored });
    }
  };
  for await (const run of replay(runs(), workflowBundle)) {
    replayed.push(run);
    yield* finished();
  }
  yield* finished();
}

/**
 * A replay worker replays one history at a time, on the thread of its process: with more than one
 * worker, each replays in a process of its own (audit/replay-in-child-process.ts), one per core,
 * taking the next post as it is free, so that the cores share the audit. With one, it replays here.
 * Reports come as they are done.
 */
async function* auditOnEveryCore(
  posts: AsyncIterable<PostRuns>,
  workflowBundle: WorkflowBundleWithSourceMap,
  source: PostAuditReport['source'],
  workers: number,
): AsyncGenerator<PostAuditReport> {
  const upstream = posts[Symbol.asyncIterator]();
  let pulling: Promise<IteratorResult<PostRuns>> = Promise.resolve({ done: false, value: undefined as never });
  const next = () => (pulling = pulling.then(() => upstream.next()));
  async function* lane(): AsyncGenerator<PostRuns> {
    for (let item = await next(); !item.done; item = await next()) yield item.value;
  }
  const ready: PostAuditReport[] = [];
  let wake: () => void = () => {};
  let failure: unknown;
  let running = workers;
  for (let i = 0; i < workers; i++) {
    void (async () => {
      try {
        for await (const report of auditInOrder(lane(), workflowBundle, source, workers > 1 ? replayInChildProcess : replayPostRuns)) ready.push(report), wake();
      } catch (error) {
        failure ??= error;
      } finally {
        running -= 1;
        wake();
      }
    })();
  }
  for (;;) {
    if (ready.length > 0) yield ready.shift()!;
    else if (failure !== undefined) throw failure;
    else if (running === 0) return;
    else await new Promise<void>((resolve) => void (wake = resolve));
  }
}

function missingReport(post: PostRuns): PostAuditReport | null {
  if (!post.missing) return null;
  const report = auditPost({ postId: post.postId, source: 'temporal', runs: [], stored: post.stored });
  return {
    ...report,
    ok: false,
    differences: [{ against: 'history', version: null, field: '(workflow)', workflowValue: null, storedValue: null, message: post.missing }, ...report.differences],
  };
}

/** Posts read from Temporal `READ_AHEAD` at a time, and from MongoDB (when given) `STORED_BLOCK` at a time. */
export async function* auditPostsFromServers(postIds: AsyncIterable<string> | Iterable<string>, deps: AuditDeps): AsyncGenerator<PostAuditReport> {
  async function* read(): AsyncGenerator<PostRuns> {
    const ahead: Promise<PostRuns>[] = [];
    for await (const ids of inBlocks(postIds, STORED_BLOCK)) {
      const block = deps.models ? readStoredPosts(deps.models, ids) : null;
      // Each post awaits it once its runs are read; a failure before then must not end the process as unhandled.
      block?.catch(() => undefined);
      for (const postId of ids) {
        ahead.push(readPost(deps, postId, block));
        if (ahead.length >= READ_AHEAD) yield await ahead.shift()!;
      }
    }
    while (ahead.length > 0) yield await ahead.shift()!;
  }
  const count = Array.isArray(postIds) ? postIds.length : Number.POSITIVE_INFINITY;
  yield* auditOnEveryCore(read(), deps.workflowBundle, 'temporal', lanesFor(deps.replayWorkers, count));
}

/** Runs from files, grouped by post: offline, nothing is compared with storage. */
export async function* auditRuns(runs: RunToReplay[], workflowBundle: WorkflowBundleWithSourceMap, replayWorkers?: number): AsyncGenerator<PostAuditReport> {
  const byPost = new Map<string, RunToReplay[]>();
  for (const run of runs) byPost.set(run.postId, [...(byPost.get(run.postId) ?? []), run]);
  async function* posts() {
    for (const [postId, own] of byPost) yield { postId, runs: own, stored: null };
  }
  yield* auditOnEveryCore(posts(), workflowBundle, 'file', lanesFor(replayWorkers, byPost.size));
}

/** Every post: those Temporal runs a post workflow for, and those MongoDB knows (a post may be missing from either). */
export async function allPostIds(deps: Required<Pick<AuditDeps, 'temporal'>> & Pick<AuditDeps, 'models'>): Promise<string[]> {
  const ids = new Set<string>();
  for await (const execution of deps.temporal.client.workflow.list({ query: `WorkflowType = '${postLifecycleWorkflow.name}'` })) ids.add(execution.workflowId);
  if (deps.models) for (const post of await deps.models.Post.find({}, { _id: 1 }).lean<{ _id: string }[]>()) ids.add(post._id);
  return [...ids].sort();
}

import { patched } from '@temporalio/workflow';
import type { PostRulesRevision } from '../domain/lifecycle/post-rules-revision';
import { postDomain } from './post-domain';

const { POST_RULES_REVISION_PATCHES } = postDomain();

/**
 * The rules revision a run decides with (docs/workflow-versioning.md), asked first thing, before
 * any command. A run replayed from a history older than a revision finds no marker for it and keeps
 * the revision it had; every new run, including the next continue-as-new of an old post, takes
 * the latest. A module of its own so that a test can drop the gate and watch old histories fail.
 */
export function rulesRevisionOfThisRun(): PostRulesRevision {
  if (patched(POST_RULES_REVISION_PATCHES[3])) return 3;
  return patched(POST_RULES_REVISION_PATCHES[2]) ? 2 : 1;
}

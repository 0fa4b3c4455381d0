import { patched } from '@temporalio/workflow';
import { LATEST_POST_RULES_REVISION, POST_RULES_REVISION_PATCHES, type PostRulesRevision } from '../../domain/lifecycle/post-rules-revision';

/**
 * The workflow's rules-revision gate as a deploy that forgot the latest revision's `patched()`
 * would have it: runs that took revision 2 now decide with the latest rules, with no marker to
 * tell the runs already going from the new ones. Bundled in place of
 * `workflows/post-rules-revision-gate.ts` by the gate test, to show what the gate protects.
 */
export function rulesRevisionOfThisRun(): PostRulesRevision {
  return patched(POST_RULES_REVISION_PATCHES[2]) ? LATEST_POST_RULES_REVISION : 1;
}

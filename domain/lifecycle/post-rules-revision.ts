/**
 * Rules added after posts were already running. The workflow handler decides every event again
 * when it replays, so a run keeps the revision it started under (chosen with `patched()`, see
 * docs/workflow-versioning.md) and moves to the latest one at its next continue-as-new. Each
 * timeline entry records the revision it was decided by, so an audit replays it with those rules.
 *
 * 1. The rules of the first release.
 * 2. Contract lengths (2021 public guide: 24 to 36 months; private CDD at most 18, CUI at most 24);
 *    the 2021 public contract due 15 days after the subsidy's validation; the 2021 quarterly and
 *    half-yearly follow-up reports.
 */
export type PostRulesRevision = 1 | 2;

export const FIRST_POST_RULES_REVISION: PostRulesRevision = 1;
export const LATEST_POST_RULES_REVISION: PostRulesRevision = 2;

/** The `patched()` id that moves a run to each revision after the first. */
export const POST_RULES_REVISION_PATCHES: Readonly<Record<Exclude<PostRulesRevision, 1>, string>> = {
  2: 'post-rules-revision-2',
};

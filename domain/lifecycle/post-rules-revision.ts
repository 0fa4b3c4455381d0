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
 * 3. What the seeds allow, watch and tell (RULES.md §8): convention and contract in either order;
 *    the 2021 private 3 months run until the contract; 2021 public conventions of 24 to 36 months;
 *    2021 private tranche 1 payable within the month; renewal tranches after the contract's
 *    transmission; tranches of a vacant post wait; a trainee whose contract ends may finish; a
 *    fixed-term contract's end watched; 3 weeks of instruction a minimum, a follow-up after a
 *    month; the 15-day training start a 2022 rule; derogations of a month, never in the past;
 *    renewals refused or withdrawn; absences in training, told to ANCT, ending by themselves;
 *    transfers that create the target's post; a private CDD ending up to 18 months after its start;
 *    the convention-end reminders stop once the renewal is requested or declined.
 */
export type PostRulesRevision = 1 | 2 | 3;

export const FIRST_POST_RULES_REVISION: PostRulesRevision = 1;
export const LATEST_POST_RULES_REVISION: PostRulesRevision = 3;

/** The `patched()` id that moves a run to each revision after the first. */
export const POST_RULES_REVISION_PATCHES: Readonly<Record<Exclude<PostRulesRevision, 1>, string>> = {
  2: 'post-rules-revision-2',
  3: 'post-rules-revision-3',
};

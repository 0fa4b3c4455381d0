/**
 * A fixed-term contract's end is watched (RULES.md §2.3, rules revision 3): the structure is
 * reminded this many days before `endsOn`, and told when it is reached, so that it declares the
 * contract's renewal or its end. The 30 days are RULES.md's; the seeds give no figure.
 */
export const CONTRACT_END_REMINDER_DAYS = [30] as const;

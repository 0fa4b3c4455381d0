import { refuse, type RuleCheck } from '../policies/rule-check';
import { seedTitle } from '../policies/seed-file';
import type { Structure } from './post-events';
import type { PostStatus } from './post-status';

/** Statuses of a structure already in the programme: a post granted and not over. */
const IN_PROGRAMME: readonly PostStatus[] = ['recruiting', 'recruitment_overdue', 'onboarding', 'in_training', 'active', 'vacant', 'renewal_pending'];
/** Statuses of an application awaiting validation. */
const AWAITING_VALIDATION: readonly PostStatus[] = ['concertation', 'information_requested', 'committee'];

export type TransferTargetRefusalCode = 'transfer.target_not_in_programme';

/**
 * RULES.md §4, TRANSFER_POST: "un poste peut être réattribué à une autre structure déjà présente
 * dans le dispositif ou à une structure dont la candidature est en attente de validation"
 * (003_0395d5c6dd79564e.txt). `statuses` are those of the target structure's posts, from the
 * read model: the check spans posts, which one post's rules cannot see.
 */
export function checkTransferTarget(target: Structure, statuses: readonly string[]): RuleCheck<object, TransferTargetRefusalCode> {
  const known = statuses.some((status) => IN_PROGRAMME.includes(status as PostStatus) || AWAITING_VALIDATION.includes(status as PostStatus));
  return known
    ? { ok: true }
    : refuse(
        'transfer.target_not_in_programme',
        `${target.name} (SIRET ${target.siret}) n’a ni poste dans le dispositif ni candidature en attente de validation : un poste ne se réattribue qu’à l’une ou l’autre (${seedTitle('003_0395d5c6dd79564e.txt')}).`,
      );
}

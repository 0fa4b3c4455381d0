import type { Actor, StaffRole } from './actor';
import { allowedEvents } from './decide-post-event';
import type { PostEventType } from './post-events';
import type { StoredPostSnapshot } from './post-snapshot';

/** The staff roles, in the order RULES.md §1 lists them. */
const STAFF_ROLES: readonly StaffRole[] = ['structure', 'prefecture', 'anct', 'bdt', 'training_org', 'auditor'];

export type ActionsByRole = Record<StaffRole, PostEventType[]>;

/** An actor of `role` whose territory covers the post; null when no one of that role covers it yet. */
function actorCovering(role: StaffRole, stored: StoredPostSnapshot): Actor | null {
  const { structure, training, departedTrainee } = stored.context;
  // The read model's `trainingOrgId` (post-view.ts): the advisor's organisation, or that of the departed trainee who may finish (revision 3).
  const trainingOrgId = training?.trainingOrgId ?? departedTrainee?.training.trainingOrgId;
  switch (role) {
    case 'structure':
      return { id: 'territory', role, siret: structure.siret };
    case 'prefecture':
      return { id: 'territory', role, department: structure.department };
    case 'training_org':
      return trainingOrgId ? { id: 'territory', role, trainingOrgId } : null;
    default:
      return { id: 'territory', role };
  }
}

/**
 * What each role may send now on this post, for whoever of that role covers its territory: the
 * API's `allowedEvents` asked once per role. `allowedEvents` depends only on the snapshot, the
 * role and whether the actor's territory covers the post, so the read model can store this and
 * answer "where may this person act?" for every post at once (the console's « Mes actions »),
 * with the territory as a filter (`visibleToFilter`), instead of asking each workflow.
 */
export function actionsByRole(stored: StoredPostSnapshot): ActionsByRole {
  return Object.fromEntries(
    STAFF_ROLES.map((role) => {
      const actor = actorCovering(role, stored);
      return [role, actor ? allowedEvents(stored, actor) : []];
    }),
  ) as ActionsByRole;
}

import type { Actor } from './actor';
import type { PostContext } from './post-context';

export type AccessCheck = { ok: true } | { ok: false; code: string; message: string };

/**
 * Whether the actor's territory covers the post (RULES.md §1): a structure its own SIRET, a
 * prefecture its département, a training organisation the posts enrolled with it.
 */
export function actorCoversPost(
  actor: Actor,
  post: Pick<PostContext, 'structure' | 'training'> & Partial<Pick<PostContext, 'departedTrainee'>>,
): AccessCheck {
  switch (actor.role) {
    case 'structure':
      return actor.siret === post.structure.siret
        ? { ok: true }
        : {
            ok: false,
            code: 'scope.structure',
            message: `La structure ${actor.siret} ne peut pas agir sur un poste de la structure ${post.structure.siret}.`,
          };
    case 'prefecture':
      return actor.department === post.structure.department
        ? { ok: true }
        : {
            ok: false,
            code: 'scope.department',
            message: `La préfecture du ${actor.department} ne peut pas agir sur un poste du ${post.structure.department}.`,
          };
    case 'training_org':
      // Rules revision 3: also the organisation of an advisor who left the post during training (003_0395d5c6dd79564e.txt).
      return post.training?.trainingOrgId === actor.trainingOrgId || post.departedTrainee?.training.trainingOrgId === actor.trainingOrgId
        ? { ok: true }
        : {
            ok: false,
            code: 'scope.training_org',
            message: `L’organisme de formation ${actor.trainingOrgId} n’a pas ce conseiller en formation.`,
          };
    case 'anct':
    case 'bdt':
    case 'auditor':
    case 'system':
      return { ok: true };
  }
}

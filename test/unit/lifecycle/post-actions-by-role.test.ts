import type { Actor } from '../../../domain/lifecycle/actor';
import { allowedEvents } from '../../../domain/lifecycle/decide-post-event';
import { actionsByRole } from '../../../domain/lifecycle/post-actions-by-role';
import { postView } from '../../../domain/lifecycle/post-view';
import { actorMaySee, visibleToFilter } from '../../../api/post-resource';
import { structures } from '../../support/post-fixtures';
import { situations } from '../../support/post-situations';

/**
 * « Mes actions » reads the read model, never the workflows: for it to list exactly the posts where
 * a person may act, the stored `actionsByRole[role]`, filtered by the territory (`visibleToFilter`),
 * must be the workflow's `allowedEvents` for every actor, in its territory or not.
 */
const actorsOfEveryKind: Actor[] = [
  { id: 'a', role: 'structure', siret: structures.guadeloupeCommune.siret },
  { id: 'b', role: 'structure', siret: structures.reunionCommune.siret },
  { id: 'c', role: 'prefecture', department: '971' },
  { id: 'd', role: 'prefecture', department: '974' },
  { id: 'e', role: 'training_org', trainingOrgId: 'OF-PARIS-1' },
  { id: 'f', role: 'training_org', trainingOrgId: 'OF-AUTRE' },
  { id: 'g', role: 'anct' },
  { id: 'h', role: 'bdt' },
  { id: 'i', role: 'auditor' },
];

/** The read model's filter, as MongoDB would apply it to the stored row. */
function matchesFilter(filter: Record<string, string>, row: Record<string, unknown>): boolean {
  return Object.entries(filter).every(([field, value]) => row[field] === value);
}

describe('actions by role, stored in the read model', () => {
  it.each(Object.entries(situations()))('%s: each actor’s allowed events are its role’s, where its territory covers the post', (_name, stored) => {
    const view = postView('post-1', 1, stored);
    const row = { siret: view.structure.siret, department: view.structure.department, trainingOrgId: view.trainingOrgId };
    for (const actor of actorsOfEveryKind) {
      const fromReadModel = matchesFilter(visibleToFilter(actor), row) && actorMaySee(actor, { structure: view.structure, trainingOrgId: view.trainingOrgId }).ok ? view.actionsByRole[actor.role as keyof typeof view.actionsByRole] : [];
      expect({ actor: actor.id, events: fromReadModel }).toEqual({ actor: actor.id, events: allowedEvents(stored, actor) });
    }
  });

  it('gives the auditor nothing and each role only its own events', () => {
    const { committee, recruitmentOverdue, inTraining } = situations();
    expect(actionsByRole(committee)).toMatchObject({ anct: ['COMMITTEE_DECISION'], prefecture: [], structure: [], auditor: [] });
    expect(actionsByRole(recruitmentOverdue).anct).toEqual(expect.arrayContaining(['GRANT_DEROGATION', 'WITHDRAW_POST']));
    expect(actionsByRole(inTraining).training_org).toContain('COMPLETE_TRAINING');
    expect(actionsByRole(inTraining).auditor).toEqual([]);
  });

  it('knows the events of rules revision 3: bdt refuses a renewal, an advisor who left in training may finish it', () => {
    const { renewalPending, vacantWithTrainee } = situations();
    expect(actionsByRole(renewalPending).bdt).toEqual(expect.arrayContaining(['VALIDATE_RENEWAL', 'REFUSE_RENEWAL']));
    // The post is vacant and has no training of its own: the departed trainee's organisation still acts (003_0395d5c6dd79564e.txt).
    expect(vacantWithTrainee.context.training).toBeNull();
    expect(actionsByRole(vacantWithTrainee).training_org).toEqual(['COMPLETE_TRAINING']);
  });
});

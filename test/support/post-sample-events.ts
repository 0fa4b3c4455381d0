import type { Actor } from '../../domain/lifecycle/actor';
import { postEventRoles } from '../../domain/lifecycle/post-event-roles';
import type { PostEventType, Structure } from '../../domain/lifecycle/post-events';
import { structures } from './post-fixtures';

/** One valid event of each type, for a 2022-public commune of Guadeloupe whose dates start in April 2022. */
export const sampleEvents: Record<PostEventType, Record<string, unknown>> = {
  SUBMIT_APPLICATION: { type: 'SUBMIT_APPLICATION', structure: structures.guadeloupeCommune, appliedOn: '2022-03-01' },
  REQUEST_INFORMATION: { type: 'REQUEST_INFORMATION', questions: 'Quel public visez-vous ?' },
  PROVIDE_INFORMATION: { type: 'PROVIDE_INFORMATION', answers: 'Les seniors du quartier.' },
  GIVE_PREFECTURE_OPINION: { type: 'GIVE_PREFECTURE_OPINION', opinion: 'favorable', reasons: 'Zone blanche' },
  COMMITTEE_DECISION: { type: 'COMMITTEE_DECISION', decision: 'validated', decidedOn: '2022-04-01' },
  VALIDATE_CANDIDATE: {
    type: 'VALIDATE_CANDIDATE',
    advisor: { firstName: 'Camille', lastName: 'Martin', email: 'camille.martin@example.fr' },
  },
  PUBLISH_JOB_OFFER: { type: 'PUBLISH_JOB_OFFER', publishedOn: '2022-04-02' },
  SUBMIT_SUBSIDY_REQUEST: { type: 'SUBMIT_SUBSIDY_REQUEST', dossierNumber: 'BDT-2022-001', submittedOn: '2022-04-05' },
  REQUEST_DOCUMENTS: { type: 'REQUEST_DOCUMENTS', documents: ['RIB', 'délibération'] },
  PROVIDE_DOCUMENTS: { type: 'PROVIDE_DOCUMENTS', providedOn: '2022-04-07' },
  VALIDATE_CONFORMITY: { type: 'VALIDATE_CONFORMITY', validatedOn: '2022-04-26' },
  ENROL_IN_TRAINING: { type: 'ENROL_IN_TRAINING', trainingOrgId: 'OF-PARIS-1', enrolledOn: '2022-04-06' },
  RECORD_POSITIONING: { type: 'RECORD_POSITIONING', hours: 105 },
  SIGN_CONTRACT: { type: 'SIGN_CONTRACT', contractType: 'public-cdi', signedOn: '2022-04-10', startsOn: '2022-04-11' },
  TRANSMIT_CONTRACT: { type: 'TRANSMIT_CONTRACT', transmittedOn: '2022-04-12' },
  SIGN_CONVENTION: { type: 'SIGN_CONVENTION', signedOn: '2022-04-27' },
  START_TRAINING: { type: 'START_TRAINING', startedOn: '2022-04-20' },
  COMPLETE_TRAINING: { type: 'COMPLETE_TRAINING', completedOn: '2022-07-01', ccp1: 'passed', pix: true },
  CONFIRM_TRANCHE_PAYMENT: { type: 'CONFIRM_TRANCHE_PAYMENT', tranche: 1, paidOn: '2022-05-25', amountCents: 1_400_000 },
  SUSPEND_PAYMENTS: { type: 'SUSPEND_PAYMENTS', reason: 'Rapports d’activité non renseignés' },
  RESUME_PAYMENTS: { type: 'RESUME_PAYMENTS', reason: 'Rapports à jour' },
  DECLARE_ABSENCE: { type: 'DECLARE_ABSENCE', kind: 'sick', from: '2022-09-01', to: '2022-09-30' },
  END_ABSENCE: { type: 'END_ABSENCE', endedOn: '2022-09-30' },
  DECLARE_CONTRACT_RUPTURE: { type: 'DECLARE_CONTRACT_RUPTURE', endedOn: '2022-10-15', reason: 'resignation' },
  GRANT_DEROGATION: { type: 'GRANT_DEROGATION', grantedOn: '2022-05-02', newDeadline: '2030-01-01' },
  WITHDRAW_POST: { type: 'WITHDRAW_POST', reason: 'Pas de recrutement' },
  REQUEST_RENEWAL: { type: 'REQUEST_RENEWAL', requestedOn: '2024-01-15' },
  VALIDATE_RENEWAL: { type: 'VALIDATE_RENEWAL', signedOn: '2024-04-01', amountCents: 4_000_000, months: 24 },
  REFUSE_RENEWAL: { type: 'REFUSE_RENEWAL', reasons: 'Rapports d’activité non remis' },
  DECLINE_RENEWAL: { type: 'DECLINE_RENEWAL' },
  EXIT_EARLY: { type: 'EXIT_EARLY', exitedOn: '2022-12-01', reason: 'Fin du projet' },
  RETURN_POST: { type: 'RETURN_POST', returnedOn: '2022-05-01', reason: 'Pas de candidat' },
  TRANSFER_POST: { type: 'TRANSFER_POST', targetStructure: structures.reunionCommune, transferredOn: '2022-05-02' },
  RECRUITMENT_DEADLINE_REACHED: { type: 'RECRUITMENT_DEADLINE_REACHED', on: '2022-05-01' },
  TRANCHE_DUE: { type: 'TRANCHE_DUE', tranche: 1, on: '2022-05-20' },
  CONVENTION_END_REACHED: { type: 'CONVENTION_END_REACHED', on: '2024-04-27' },
  FOLLOW_UP_DUE: { type: 'FOLLOW_UP_DUE', on: '2022-08-01' },
  ABSENCE_END_REACHED: { type: 'ABSENCE_END_REACHED', on: '2022-09-30' },
};

/** An actor of `role` whose territory covers the sample post. */
export function actorInScope(role: Actor['role'], structure: Structure = structures.guadeloupeCommune): Actor {
  switch (role) {
    case 'structure':
      return { id: 'agent-1', role, siret: structure.siret };
    case 'prefecture':
      return { id: 'pref-1', role, department: structure.department };
    case 'training_org':
      return { id: 'of-1', role, trainingOrgId: 'OF-PARIS-1' };
    case 'system':
      return { id: 'system', role };
    default:
      return { id: `${role}-1`, role };
  }
}

/** The first role allowed to send the event, in the post's territory (the sample commune's by default). */
export function senderOf(type: PostEventType, structure?: Structure): Actor {
  return actorInScope(postEventRoles[type][0]!, structure);
}

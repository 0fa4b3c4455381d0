import { addDays, type BusinessDate } from '../../../domain/calendar/business-date';
import { siretWithCheckDigit } from '../../../domain/identity/siret';
import type { Actor } from '../../../domain/lifecycle/actor';
import type { PostEventType, Structure } from '../../../domain/lifecycle/post-events';
import { contactOf, today } from '../../support/post-fixtures';

/** The body of `POST /api/v1/posts`: a structure's application, with the contact it is required to give. */
export function applicationOf(structure: Structure, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { structure, contact: contactOf(structure), ...extra };
}

/** A Luhn-valid SIRET from 13 digits: the 14th is the check digit. */
export const luhnSiret = siretWithCheckDigit;

let counter = 0;
/** A new public commune each call, with a SIRET of its own, in the given département. */
export function commune(department: string, name = 'Commune'): Structure {
  counter += 1;
  const serial = `${String(process.pid % 10_000).padStart(4, '0')}${String(counter).padStart(8, '0')}`;
  return { name: `${name} ${counter}`, siret: luhnSiret(`2${serial}`), sector: 'public', kind: 'territorial-authority', department };
}

/** A new association each call, with a SIRET of its own. */
export function association(department: string, name = 'Association'): Structure {
  counter += 1;
  const serial = `${String(process.pid % 10_000).padStart(4, '0')}${String(counter).padStart(8, '0')}`;
  return { name: `${name} ${counter}`, siret: luhnSiret(`4${serial}`), sector: 'private', kind: 'association', department };
}

export const staffOf = {
  structure: (s: Structure): Actor => ({ id: `agent-${s.siret}`, role: 'structure', siret: s.siret }),
  prefecture: (department: string): Actor => ({ id: `pref-${department}`, role: 'prefecture', department }),
  trainingOrg: (trainingOrgId: string): Actor => ({ id: `of-${trainingOrgId}`, role: 'training_org', trainingOrgId }),
  anct: { id: 'anct-agent', role: 'anct' } as Actor,
  bdt: { id: 'bdt-agent', role: 'bdt' } as Actor,
  auditor: { id: 'auditor-agent', role: 'auditor' } as Actor,
};

/**
 * One valid payload per event type (RULES.md §4.1), so that a refusal in the matrix can only be
 * about the role, the territory or the state, never about the payload.
 */
export function samplePayloads(structure: Structure): Record<PostEventType, Record<string, unknown>> {
  const on: BusinessDate = today();
  return {
    SUBMIT_APPLICATION: { type: 'SUBMIT_APPLICATION', structure, contact: contactOf(structure), appliedOn: on },
    REQUEST_INFORMATION: { type: 'REQUEST_INFORMATION', questions: 'Quel budget de fonctionnement ?' },
    PROVIDE_INFORMATION: { type: 'PROVIDE_INFORMATION', answers: 'Le budget est voté.' },
    GIVE_PREFECTURE_OPINION: { type: 'GIVE_PREFECTURE_OPINION', opinion: 'favorable', reasons: 'Territoire prioritaire' },
    COMMITTEE_DECISION: { type: 'COMMITTEE_DECISION', decision: 'validated', decidedOn: on },
    VALIDATE_CANDIDATE: { type: 'VALIDATE_CANDIDATE', advisor: { firstName: 'Alex', lastName: 'Durand', email: 'alex.durand@example.fr' } },
    PUBLISH_JOB_OFFER: { type: 'PUBLISH_JOB_OFFER', publishedOn: on },
    SUBMIT_SUBSIDY_REQUEST: { type: 'SUBMIT_SUBSIDY_REQUEST', dossierNumber: 'DOS-1', submittedOn: on },
    REQUEST_DOCUMENTS: { type: 'REQUEST_DOCUMENTS', documents: ['RIB'] },
    PROVIDE_DOCUMENTS: { type: 'PROVIDE_DOCUMENTS', providedOn: on },
    VALIDATE_CONFORMITY: { type: 'VALIDATE_CONFORMITY', validatedOn: on },
    ENROL_IN_TRAINING: { type: 'ENROL_IN_TRAINING', trainingOrgId: 'OF-MATRIX', enrolledOn: on },
    RECORD_POSITIONING: { type: 'RECORD_POSITIONING', hours: 105 },
    SIGN_CONTRACT: { type: 'SIGN_CONTRACT', contractType: 'public-cdi', signedOn: on, startsOn: on },
    TRANSMIT_CONTRACT: { type: 'TRANSMIT_CONTRACT', transmittedOn: on },
    SIGN_CONVENTION: { type: 'SIGN_CONVENTION', signedOn: on },
    START_TRAINING: { type: 'START_TRAINING', startedOn: addDays(on, 1) },
    COMPLETE_TRAINING: { type: 'COMPLETE_TRAINING', completedOn: on, ccp1: 'passed', pix: true },
    CONFIRM_TRANCHE_PAYMENT: { type: 'CONFIRM_TRANCHE_PAYMENT', tranche: 1, paidOn: on, amountCents: 1_000_000 },
    SUSPEND_PAYMENTS: { type: 'SUSPEND_PAYMENTS', reason: 'Rapports d’activité non remplis' },
    RESUME_PAYMENTS: { type: 'RESUME_PAYMENTS', reason: 'Rapports remplis' },
    DECLARE_ABSENCE: { type: 'DECLARE_ABSENCE', kind: 'sick', from: on, to: addDays(on, 10) },
    END_ABSENCE: { type: 'END_ABSENCE', endedOn: on },
    DECLARE_CONTRACT_RUPTURE: { type: 'DECLARE_CONTRACT_RUPTURE', endedOn: on, reason: 'resignation' },
    GRANT_DEROGATION: { type: 'GRANT_DEROGATION', grantedOn: on, newDeadline: addDays(on, 90) },
    WITHDRAW_POST: { type: 'WITHDRAW_POST', reason: 'Recrutement abandonné' },
    REQUEST_RENEWAL: { type: 'REQUEST_RENEWAL', requestedOn: on },
    VALIDATE_RENEWAL: { type: 'VALIDATE_RENEWAL', signedOn: on, amountCents: 4_000_000, months: 24 },
    REFUSE_RENEWAL: { type: 'REFUSE_RENEWAL', reasons: 'Rapports d’activité non remis' },
    DECLINE_RENEWAL: { type: 'DECLINE_RENEWAL' },
    EXIT_EARLY: { type: 'EXIT_EARLY', exitedOn: on, reason: 'Départ du conseiller' },
    RETURN_POST: { type: 'RETURN_POST', returnedOn: on, reason: 'Pas de candidat' },
    TRANSFER_POST: { type: 'TRANSFER_POST', targetStructure: commune('75', 'Cible'), transferredOn: on },
    CHANGE_CONTACT: { type: 'CHANGE_CONTACT', contact: { name: 'Nouvelle référente', email: 'nouvelle.referente@example.fr' } },
    RECRUITMENT_DEADLINE_REACHED: { type: 'RECRUITMENT_DEADLINE_REACHED', on },
    TRANCHE_DUE: { type: 'TRANCHE_DUE', tranche: 1, on },
    CONVENTION_END_REACHED: { type: 'CONVENTION_END_REACHED', on },
    FOLLOW_UP_DUE: { type: 'FOLLOW_UP_DUE', on },
    ABSENCE_END_REACHED: { type: 'ABSENCE_END_REACHED', on: addDays(on, 10) },
  };
}

/**
 * The events that take a new post of `structure` (department 971, trained by `OF-AUDIT`) from its
 * application to its renewal, each with the actor who sends it: the last one, VALIDATE_RENEWAL,
 * continues the workflow as new.
 */
export function stepsToRenewal(structure: Structure): [Actor, Record<string, unknown>][] {
  const agent = staffOf.structure(structure);
  const trainingOrg = staffOf.trainingOrg('OF-AUDIT');
  const t = today();
  const past = addDays(t, -30);
  return [
    [staffOf.prefecture('971'), { type: 'GIVE_PREFECTURE_OPINION', opinion: 'favorable', reasons: 'Zone blanche' }],
    [staffOf.anct, { type: 'COMMITTEE_DECISION', decision: 'validated', decidedOn: t }],
    [agent, { type: 'VALIDATE_CANDIDATE', advisor: { firstName: 'Léa', lastName: 'Jean', email: 'lea.jean@example.fr' } }],
    [agent, { type: 'SUBMIT_SUBSIDY_REQUEST', dossierNumber: 'DOS-AUDIT', submittedOn: past }],
    [staffOf.bdt, { type: 'VALIDATE_CONFORMITY', validatedOn: past }],
    [agent, { type: 'ENROL_IN_TRAINING', trainingOrgId: 'OF-AUDIT', enrolledOn: past }],
    [trainingOrg, { type: 'RECORD_POSITIONING', hours: 105 }],
    [agent, { type: 'SIGN_CONTRACT', contractType: 'public-cdi', signedOn: past, startsOn: past }],
    [agent, { type: 'TRANSMIT_CONTRACT', transmittedOn: past }],
    [staffOf.bdt, { type: 'SIGN_CONVENTION', signedOn: past }],
    [trainingOrg, { type: 'START_TRAINING', startedOn: addDays(past, 1) }],
    [agent, { type: 'REQUEST_RENEWAL', requestedOn: t }],
    [staffOf.bdt, { type: 'VALIDATE_RENEWAL', signedOn: t, amountCents: 4_000_000, months: 24 }],
  ];
}

import type { Actor } from '../../domain/lifecycle/actor';
import { decideApplication, decidePostEvent } from '../../domain/lifecycle/decide-post-event';
import type { NotificationTopic } from '../../domain/lifecycle/post-notification-topics';
import { notificationRows } from '../../domain/lifecycle/post-notifications';
import { LATEST_POST_RULES_REVISION } from '../../domain/lifecycle/post-rules-revision';
import type { StoredPostSnapshot } from '../../domain/lifecycle/post-snapshot';
import { postView } from '../../domain/lifecycle/post-view';
import type { MailToRender } from '../render-mail';

/**
 * A realistic mail of any topic, for `npm run mail:preview` and the templates' tests: a 2022 post
 * of a Guadeloupe commune driven by the real decision function to an advisor in post, with its
 * convention and tranches, and the topic's rows computed from it as the workflow computes them.
 */
const structure = { name: 'Commune de Sainte-Anne', siret: '21971120100018', sector: 'public', kind: 'territorial-authority', department: '971' };
const s: Actor = { id: 'agent-sainte-anne', role: 'structure', siret: structure.siret };
const of: Actor = { id: 'of-paris', role: 'training_org', trainingOrgId: 'OF-PARIS-1' };
const bdt: Actor = { id: 'bdt', role: 'bdt' };
const steps: [Actor, Record<string, unknown>][] = [
  [{ id: 'pref-971', role: 'prefecture', department: '971' }, { type: 'GIVE_PREFECTURE_OPINION', opinion: 'favorable', reasons: 'Zone prioritaire' }],
  [{ id: 'anct', role: 'anct' }, { type: 'COMMITTEE_DECISION', decision: 'validated', decidedOn: '2027-03-01' }],
  [s, { type: 'VALIDATE_CANDIDATE', advisor: { firstName: 'Camille', lastName: 'Martin', email: 'camille.martin@example.fr' } }],
  [s, { type: 'SUBMIT_SUBSIDY_REQUEST', dossierNumber: 'BDT-2027-0042', submittedOn: '2027-03-05' }],
  [s, { type: 'ENROL_IN_TRAINING', trainingOrgId: 'OF-PARIS-1', enrolledOn: '2027-03-06' }],
  [of, { type: 'RECORD_POSITIONING', hours: 105 }],
  [s, { type: 'SIGN_CONTRACT', contractType: 'public-cdd', signedOn: '2027-03-10', startsOn: '2027-03-15', endsOn: '2029-03-14' }],
  [bdt, { type: 'VALIDATE_CONFORMITY', validatedOn: '2027-03-26' }],
  [bdt, { type: 'SIGN_CONVENTION', signedOn: '2027-03-29' }],
  [of, { type: 'START_TRAINING', startedOn: '2027-03-22' }],
  [of, { type: 'COMPLETE_TRAINING', completedOn: '2027-05-28', ccp1: 'passed', pix: true }],
];

function samplePost(): StoredPostSnapshot {
  const application = decideApplication(
    'poste-exemple',
    s,
    { type: 'SUBMIT_APPLICATION', structure, contact: { name: 'Marie Dupont', email: 'marie.dupont@example.fr' }, appliedOn: '2027-02-01' },
    LATEST_POST_RULES_REVISION,
  );
  if (!application.accepted) throw new Error(application.refusal.message);
  return steps.reduce((stored, [actor, event]) => {
    const decision = decidePostEvent(stored, actor, event, LATEST_POST_RULES_REVISION);
    if (!decision.accepted) throw new Error(`${String(event.type)}: ${decision.refusal.message}`);
    return decision.snapshot;
  }, application.snapshot);
}

/** One mail of `topic` to its first recipient (or the given role), as the mail activity renders it. */
export function sampleMail(topic: NotificationTopic, publicUrl = 'http://127.0.0.1:3000', role?: string): MailToRender {
  const stored = samplePost();
  // A tranche's notices fall due on the tranche's own date; the other deadlines on a date of the sample's.
  const tranche = stored.context.tranches.find((t) => t.number === 1);
  const dueOn = topic.startsWith('tranche-') && tranche ? (tranche.payableFrom ?? tranche.dueOn) : '2027-09-01';
  const rows = notificationRows({
    context: stored.context,
    topic,
    occurrence: 'preview',
    detail: { dueOn, daysBefore: 7, tranche: 1, sentBy: 'bdt' },
    createdAt: '2027-08-25T08:00:00.000Z',
  });
  const row = rows.find((r) => !role || r.recipientRole === role) ?? rows[0];
  if (!row) throw new Error(`the topic ${topic} has no recipient on the sample post`);
  return {
    row,
    post: postView('poste-exemple', steps.length + 1, stored),
    recipientName: row.recipientRole === 'structure' ? 'Marie Dupont' : null,
    publicUrl,
  };
}

import { randomUUID } from 'node:crypto';
import type { PostWorkflowClient } from '../api/post-workflow-client';
import type { BusinessDate } from '../domain/calendar/business-date';
import type { Actor } from '../domain/lifecycle/actor';
import { benchSiret } from './bench-support';

/** How a bench wraps each update of a post, e.g. to time it; the default sends it as it is. */
export type UpdateWrapper = <T>(postId: string, send: () => Promise<T>) => Promise<T>;

const sendAsIs: UpdateWrapper = (_postId, send) => send();

const structureOf = (n: number) => ({ name: `Association ${n}`, siret: benchSiret(n, '4'), sector: 'private', kind: 'association', department: '69' });

/** The structure of bench post `n`, the actor of its own changes (e.g. CHANGE_CONTACT). */
export const structureActor = (n: number): Actor => ({ id: `s-${n}`, role: 'structure', siret: structureOf(n).siret });

/** Applies for bench post `n` and drives it to training in 11 updates, each by the actor the rules name; resolves with its id. */
export async function driveToTraining(client: PostWorkflowClient, n: number, on: BusinessDate, wrap: UpdateWrapper = sendAsIs): Promise<string> {
  const structure = structureOf(n);
  const s = structureActor(n);
  const of: Actor = { id: 'of', role: 'training_org', trainingOrgId: 'OF-BENCH' };
  const bdt: Actor = { id: 'bdt', role: 'bdt' };
  const { postId } = await client.submitApplication({
    actor: s,
    requestId: randomUUID(),
    event: { type: 'SUBMIT_APPLICATION', structure, contact: { name: 'Référente', email: `contact${n}@example.fr` }, appliedOn: on },
  });
  const steps: [Actor, Record<string, unknown>][] = [
    [{ id: 'p', role: 'prefecture', department: '69' }, { type: 'GIVE_PREFECTURE_OPINION', opinion: 'favorable', reasons: 'bench' }],
    [{ id: 'a', role: 'anct' }, { type: 'COMMITTEE_DECISION', decision: 'validated', decidedOn: on }],
    [s, { type: 'VALIDATE_CANDIDATE', advisor: { firstName: 'A', lastName: `B${n}`, email: `a${n}@example.fr` } }],
    [s, { type: 'ENROL_IN_TRAINING', trainingOrgId: 'OF-BENCH', enrolledOn: on }],
    [of, { type: 'RECORD_POSITIONING', hours: 280 }],
    [s, { type: 'SIGN_CONTRACT', contractType: 'private-cdi', signedOn: on, startsOn: on }],
    [s, { type: 'SUBMIT_SUBSIDY_REQUEST', dossierNumber: `B-${n}`, submittedOn: on }],
    [bdt, { type: 'VALIDATE_CONFORMITY', validatedOn: on }],
    [bdt, { type: 'SIGN_CONVENTION', signedOn: on }],
    [of, { type: 'START_TRAINING', startedOn: on }],
  ];
  for (const [actor, event] of steps) await wrap(postId, () => client.sendEvent(postId, { requestId: randomUUID(), actor, event }));
  return postId;
}

/** A business date a year ahead: tranches and reminders stay armed, as for posts really in training. */
export function aYearAhead(): BusinessDate {
  return new Date(Date.now() + 365 * 24 * 3600 * 1000).toISOString().slice(0, 10) as BusinessDate;
}

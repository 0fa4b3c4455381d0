import { randomUUID } from 'node:crypto';
import { addCalendarMonths, addDays, type BusinessDate } from '../../domain/calendar/business-date';
import type { Actor } from '../../domain/lifecycle/actor';
import type { Structure } from '../../domain/lifecycle/post-events';
import type { PostView } from '../../domain/lifecycle/post-view';
import type { PolicyId } from '../../domain/policies/policy';
import { actors } from './post-fixtures';
import type { PostHarness } from './post-harness';

/**
 * Drives posts through their lifecycle with the right actor for each step, so that a scenario
 * reads as the programme's staff would tell it.
 */
export function createPostDriver(harness: PostHarness) {
  /** Sends one event and checks that the read model now says what the workflow says. */
  async function send(postId: string, actor: Actor, event: Record<string, unknown>) {
    const result = await harness.posts.sendEvent(postId, { requestId: randomUUID(), actor, event });
    const { view, stored } = await readModelOf(postId);
    if (JSON.stringify(comparableReadModel(stored)) !== JSON.stringify(view)) {
      throw new Error(`read model of ${postId} differs from the workflow after ${String(event.type)}:\n${JSON.stringify(comparableReadModel(stored))}\n${JSON.stringify(view)}`);
    }
    return result;
  }

  async function apply(structure: Structure, appliedOn: BusinessDate, policy?: PolicyId): Promise<string> {
    const { postId } = await harness.posts.submitApplication({
      actor: actors.structureOf(structure),
      requestId: randomUUID(),
      event: { type: 'SUBMIT_APPLICATION', structure, appliedOn, ...(policy ? { policy } : {}) },
    });
    return postId;
  }

  /** Application → opinion → committee: the post is granted and recruitment opens. */
  async function grant(structure: Structure, on: BusinessDate, policy?: PolicyId): Promise<string> {
    const postId = await apply(structure, on, policy);
    await send(postId, actors.prefectureOf(structure), { type: 'GIVE_PREFECTURE_OPINION', opinion: 'favorable', reasons: 'Besoin avéré' });
    await send(postId, actors.anct, { type: 'COMMITTEE_DECISION', decision: 'validated', decidedOn: on });
    return postId;
  }

  /** Candidate, subsidy, enrolment, positioning, contract, conformity and convention, all on `on`. */
  async function onboard(
    postId: string,
    structure: Structure,
    on: BusinessDate,
    contract: { contractType: string; endsOn?: BusinessDate; otherAidCents?: number; amountCents?: number } = { contractType: 'public-cdi' },
    advisorEmail = 'camille.martin@example.fr',
  ): Promise<void> {
    const s = actors.structureOf(structure);
    await send(postId, s, { type: 'VALIDATE_CANDIDATE', advisor: { firstName: 'Camille', lastName: 'Martin', email: advisorEmail } });
    await send(postId, s, { type: 'ENROL_IN_TRAINING', trainingOrgId: 'OF-PARIS-1', enrolledOn: on });
    await send(postId, actors.trainingOrg, { type: 'RECORD_POSITIONING', hours: 105 });
    await send(postId, s, {
      type: 'SIGN_CONTRACT',
      contractType: contract.contractType,
      signedOn: on,
      startsOn: on,
      ...(contract.endsOn ? { endsOn: contract.endsOn } : {}),
      ...(contract.otherAidCents ? { otherAidCents: contract.otherAidCents } : {}),
    });
    await send(postId, s, { type: 'TRANSMIT_CONTRACT', transmittedOn: on });
    const view = await harness.posts.view(postId);
    if (view.convention) return;
    await send(postId, s, { type: 'SUBMIT_SUBSIDY_REQUEST', dossierNumber: `DOS-${postId.slice(0, 6)}`, submittedOn: on });
    await send(postId, actors.bdt, { type: 'VALIDATE_CONFORMITY', validatedOn: on });
    await send(postId, actors.bdt, { type: 'SIGN_CONVENTION', signedOn: on, ...(contract.amountCents ? { amountCents: contract.amountCents } : {}) });
  }

  /** Waits until the read model has caught up with the workflow, then compares them. */
  async function readModelOf(postId: string): Promise<{ view: PostView; stored: Record<string, unknown> }> {
    const view = await harness.posts.view(postId);
    for (let attempt = 0; attempt < 100; attempt++) {
      const stored = await harness.models.Post.findById(postId).lean();
      if (stored && (stored.version as number) >= view.version) return { view, stored: stored as Record<string, unknown> };
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`read model of ${postId} never reached version ${view.version}`);
  }

  async function notificationsOf(postId: string) {
    return harness.models.Notification.find({ postId }).sort({ key: 1 }).lean();
  }

  return { send, apply, grant, onboard, readModelOf, notificationsOf, addDays, addCalendarMonths };
}

/** The fields a read-model document shares with the workflow's view, to compare them as one. */
export function comparableReadModel(stored: Record<string, unknown>) {
  const { _id, version, status, policy, structure, advisor, deadlines, convention, tranches, contract, absence, trainingOrgId, outcome } =
    stored;
  const { transferredFrom, transferredTo } = stored;
  return {
    id: _id,
    version,
    status,
    policy,
    structure,
    advisor,
    deadlines,
    convention,
    tranches,
    contract,
    absence,
    trainingOrgId,
    outcome,
    transferredFrom: transferredFrom ?? null,
    transferredTo: transferredTo ?? null,
  };
}

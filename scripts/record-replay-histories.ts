import fs from 'node:fs';
import { temporal } from '@temporalio/proto';
import os from 'node:os';
import path from 'node:path';
import type { BusinessDate } from '../domain/calendar/business-date';
import { addCalendarMonths, addDays } from '../domain/calendar/business-date';
import { startFerretDbServer } from '../runtime/ferretdb-server';
import { startMailpitServer } from '../runtime/mailpit-server';
import { createTimeSkippingEnv } from '../runtime/time-skipping-server';
import { createPostDriver } from '../test/support/post-driver';
import { transferredPostId } from '../domain/lifecycle/transferred-post';
import { actors, structures } from '../test/support/post-fixtures';
import { startPostHarness } from '../test/support/post-harness';

/**
 * Records the histories of complete lifecycles into `test/fixtures/histories/`, which the replay
 * test runs against today's workflow code. Run it again (`npm run record-histories`) only when a
 * change is meant to be incompatible and is guarded by `patched()`: see docs/workflow-versioning.md.
 */
export const historiesDir = path.resolve(__dirname, '..', 'test', 'fixtures', 'histories');

async function main(): Promise<void> {
  const tempDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cnum-record-'));
  const mongo = await startFerretDbServer({ dataDir: tempDir, database: 'record', env: {} });
  process.env.MONGODB_URI = mongo.uri;
  // The notices are mailed as in production, so that the deliveries' commands are in the histories.
  const mailpit = await startMailpitServer({ dbFile: path.join(tempDir, 'mailpit.db') });
  const env = await createTimeSkippingEnv();
  const harness = await startPostHarness({ client: env.client, connection: env.nativeConnection, smtpUrl: mailpit.smtpUrl });
  const drive = createPostDriver(harness);
  const days = (n: number) => n * 24 * 3600 * 1000;
  const serverToday = async () => new Date(await env.currentTimeMs()).toISOString().slice(0, 10) as BusinessDate;
  const recorded: Record<string, string> = {};

  let transfer: Promise<string> | undefined;
  /** Run once for both histories it yields: the origin's and the post it creates. */
  const transferred2021Private = () => (transfer ??= (async () => {
    const structure = structures.association;
    const s = actors.structureOf(structure);
    const t0 = await serverToday();
    const postId = await drive.grant(structure, t0, '2021-private');
    await drive.send(postId, s, { type: 'VALIDATE_CANDIDATE', advisor: { firstName: 'Inès', lastName: 'Roux', email: 'ines.roux@example.fr' } });
    await drive.send(postId, s, { type: 'SUBMIT_SUBSIDY_REQUEST', dossierNumber: 'D-2021-PRIV', submittedOn: t0 });
    await drive.send(postId, s, { type: 'ENROL_IN_TRAINING', trainingOrgId: 'OF-PARIS-1', enrolledOn: t0 });
    await drive.send(postId, actors.trainingOrg, { type: 'RECORD_POSITIONING', hours: 105 });
    await drive.send(postId, actors.bdt, { type: 'REQUEST_DOCUMENTS', documents: ['RIB'] });
    await env.sleep(days(25));
    await drive.send(postId, s, { type: 'PROVIDE_DOCUMENTS', providedOn: addDays(t0, 25) });
    await env.sleep(days(11));
    const signedOn = addDays(t0, 36);
    await drive.send(postId, actors.bdt, { type: 'VALIDATE_CONFORMITY', validatedOn: signedOn });
    await drive.send(postId, s, { type: 'SIGN_CONTRACT', contractType: 'private-cdd', signedOn, startsOn: signedOn, endsOn: addDays(addCalendarMonths(signedOn, 18), -1) });
    await drive.send(postId, actors.bdt, { type: 'SIGN_CONVENTION', signedOn });
    await env.sleep(days(20));
    await drive.send(postId, s, { type: 'TRANSMIT_CONTRACT', transmittedOn: addDays(t0, 56) });
    await drive.send(postId, actors.trainingOrg, { type: 'START_TRAINING', startedOn: addDays(t0, 56) });
    await env.sleep(days(15));
    const first = (await harness.posts.view(postId)).tranches[0]!;
    await drive.send(postId, actors.bdt, { type: 'CONFIRM_TRANCHE_PAYMENT', tranche: 1, paidOn: addDays(t0, 71), amountCents: first.amountCents });
    await drive.send(postId, actors.trainingOrg, { type: 'COMPLETE_TRAINING', completedOn: addDays(t0, 71), ccp1: 'passed' });
    await env.sleep(days(40));
    await drive.send(postId, s, { type: 'EXIT_EARLY', exitedOn: addDays(t0, 111), reason: 'Fermeture du lieu' });
    await drive.send(postId, actors.anct, { type: 'TRANSFER_POST', targetStructure: structures.essCompany, transferredOn: addDays(t0, 111) });
    return postId;
  })());

  const closed2022Public = async () => {
    const structure = structures.guadeloupeCommune;
    const t0 = await serverToday();
    const postId = await drive.grant(structure, t0);
    await drive.onboard(postId, structure, t0);
    await drive.send(postId, actors.trainingOrg, { type: 'START_TRAINING', startedOn: t0 });
    await drive.send(postId, actors.trainingOrg, { type: 'COMPLETE_TRAINING', completedOn: addDays(t0, 30), ccp1: 'passed' });
    await env.sleep(days(100));
    await drive.send(postId, actors.structureOf(structure), { type: 'DECLARE_ABSENCE', kind: 'sick', from: addDays(t0, 100), to: addDays(t0, 120) });
    await drive.send(postId, actors.structureOf(structure), { type: 'END_ABSENCE', endedOn: addDays(t0, 120) });
    await env.sleep(days(300));
    for (const t of (await harness.posts.view(postId)).tranches) {
      await drive.send(postId, actors.bdt, { type: 'CONFIRM_TRANCHE_PAYMENT', tranche: t.number, paidOn: t.dueOn, amountCents: t.amountCents });
    }
    await drive.send(postId, actors.structureOf(structure), { type: 'DECLINE_RENEWAL' });
    await env.sleep(days(400));
    return postId;
  };

  /** A renewal, driven once for the two runs it yields. */
  const renewal2022Public = () => {
    let renewal: Promise<string> | undefined;
    return () => (renewal ??= (async () => {
      const structure = structures.reunionCommune;
      const t0 = await serverToday();
      const postId = await drive.grant(structure, t0);
      await drive.onboard(postId, structure, t0);
      await drive.send(postId, actors.trainingOrg, { type: 'START_TRAINING', startedOn: t0 });
      await env.sleep(days(60));
      await drive.send(postId, actors.structureOf(structure), { type: 'REQUEST_RENEWAL', requestedOn: addDays(t0, 60) });
      await drive.send(postId, actors.bdt, { type: 'VALIDATE_RENEWAL', signedOn: addDays(t0, 61), amountCents: 5_000_000, months: 24 });
      await env.sleep(days(1));
      return postId;
    })());
  };
  /** The run a renewal ends, then the run it continued as, up to the advisor's return from training. */
  const renewalRuns = (renewal: () => Promise<string>) => ({
    ended: async () => {
      const postId = await renewal();
      return { postId, runId: (await env.client.workflow.getHandle(postId).fetchHistory()).events?.[0]?.workflowExecutionStartedEventAttributes?.continuedExecutionRunId ?? '' };
    },
    continued: async () => {
      const postId = await renewal();
      await drive.send(postId, actors.trainingOrg, { type: 'COMPLETE_TRAINING', completedOn: await serverToday(), ccp1: 'passed' });
      await env.sleep(days(40));
      return postId;
    },
  });
  const chainedRenewal = renewalRuns(renewal2022Public());
  const handedOverRenewal = renewalRuns(renewal2022Public());

  const scenarios: Record<string, () => Promise<string | { postId: string; runId: string }>> = {
    'closed-2022-public': closed2022Public,
    'withdrawn-after-derogation': async () => {
      const structure = structures.association;
      const t0 = await serverToday();
      const postId = await drive.grant(structure, t0);
      await env.sleep(days(35));
      await drive.send(postId, actors.anct, { type: 'GRANT_DEROGATION', grantedOn: addDays(t0, 35), newDeadline: addDays(t0, 70) });
      await env.sleep(days(40));
      await drive.send(postId, actors.anct, { type: 'WITHDRAW_POST', reason: 'Aucun recrutement' });
      return postId;
    },
    'replacement-after-rupture': async () => {
      const structure = structures.reunionCommune;
      const t0 = await serverToday();
      const postId = await drive.grant(structure, t0);
      await drive.onboard(postId, structure, t0);
      await drive.send(postId, actors.trainingOrg, { type: 'START_TRAINING', startedOn: t0 });
      await drive.send(postId, actors.bdt, { type: 'SUSPEND_PAYMENTS', reason: 'Rapports manquants' });
      await env.sleep(days(40));
      await drive.send(postId, actors.bdt, { type: 'RESUME_PAYMENTS', reason: 'Rapports à jour' });
      await drive.send(postId, actors.structureOf(structure), { type: 'DECLARE_CONTRACT_RUPTURE', endedOn: addDays(t0, 41), reason: 'resignation' });
      await drive.onboard(postId, structure, addDays(t0, 50), { contractType: 'public-cdd' }, 'relais@example.fr');
      await drive.send(postId, actors.trainingOrg, { type: 'START_TRAINING', startedOn: addDays(t0, 52) });
      await drive.send(postId, actors.structureOf(structure), { type: 'EXIT_EARLY', exitedOn: addDays(t0, 60), reason: 'Départ de la structure' });
      return postId;
    },
    // Revision 2 of the rules (post-rules-revision.ts): the contract's 15 days, the quarterly and half-yearly follow-ups.
    // `revision-1-2021-public.json` is this same scenario recorded by the code before revision 2
    // (commit 65a75cf): it stands for the 2021 posts already running when revision 2 shipped.
    'follow-ups-2021-public': async () => {
      const structure = structures.reunionCommune;
      const t0 = await serverToday();
      const postId = await drive.grant(structure, t0, '2021-public');
      const s = actors.structureOf(structure);
      await drive.send(postId, s, { type: 'PUBLISH_JOB_OFFER', publishedOn: t0 });
      await drive.send(postId, s, { type: 'VALIDATE_CANDIDATE', advisor: { firstName: 'Noa', lastName: 'Grondin', email: 'noa@example.fr' } });
      await drive.send(postId, s, { type: 'SUBMIT_SUBSIDY_REQUEST', dossierNumber: 'D-2021-SUIVI', submittedOn: t0 });
      await drive.send(postId, actors.bdt, { type: 'VALIDATE_CONFORMITY', validatedOn: t0 });
      await env.sleep(days(20));
      const signedOn = addDays(t0, 30);
      await drive.send(postId, s, { type: 'SIGN_CONTRACT', contractType: 'public-cdd', signedOn, startsOn: signedOn, endsOn: addDays(addCalendarMonths(signedOn, 24), -1) });
      await drive.send(postId, actors.bdt, { type: 'SIGN_CONVENTION', signedOn });
      await drive.send(postId, s, { type: 'ENROL_IN_TRAINING', trainingOrgId: 'OF-PARIS-1', enrolledOn: signedOn });
      await drive.send(postId, actors.trainingOrg, { type: 'RECORD_POSITIONING', hours: 105 });
      await drive.send(postId, actors.trainingOrg, { type: 'START_TRAINING', startedOn: signedOn });
      await drive.send(postId, actors.trainingOrg, { type: 'COMPLETE_TRAINING', completedOn: addDays(signedOn, 30), ccp1: 'passed' });
      await env.sleep(days(200));
      await drive.send(postId, s, { type: 'EXIT_EARLY', exitedOn: addDays(t0, 230), reason: 'Fin du projet' });
      return postId;
    },
    // A 2021 private post from its validation to its transfer, through what rules revision 3 changes:
    // the 3 months that run until the contract, the instruction clock paused for documents, no
    // 15-day training start, tranche 1 payable within the month, the transfer that creates a post.
    // `revision-2-2021-private.json` is this scenario recorded by the code before revision 3 (commit
    // 711a59e), without the transfer's `transferredOn` that revision 3 asks for: it stands for the
    // posts running then.
    'transfer-2021-private': () => transferred2021Private(),
    // The post that transfer created for the target structure: a run started with its origin.
    'transferred-in-2021-private': async () => {
      const structure = structures.essCompany;
      const s = actors.structureOf(structure);
      const postId = transferredPostId(await transferred2021Private());
      const t0 = await serverToday();
      await drive.send(postId, s, { type: 'VALIDATE_CANDIDATE', advisor: { firstName: 'Yanis', lastName: 'Morel', email: 'yanis.morel@example.fr' } });
      await drive.send(postId, s, { type: 'SUBMIT_SUBSIDY_REQUEST', dossierNumber: 'D-2021-TRANSF', submittedOn: t0 });
      await drive.send(postId, s, { type: 'ENROL_IN_TRAINING', trainingOrgId: 'OF-PARIS-1', enrolledOn: t0 });
      await drive.send(postId, actors.trainingOrg, { type: 'RECORD_POSITIONING', hours: 280 });
      await drive.send(postId, actors.bdt, { type: 'VALIDATE_CONFORMITY', validatedOn: addDays(t0, 21) });
      await drive.send(postId, actors.bdt, { type: 'SIGN_CONVENTION', signedOn: addDays(t0, 21), contractType: 'private-cdi' });
      await env.sleep(days(25));
      const signedOn = addDays(t0, 25);
      await drive.send(postId, s, { type: 'SIGN_CONTRACT', contractType: 'private-cdi', signedOn, startsOn: signedOn });
      await drive.send(postId, s, { type: 'TRANSMIT_CONTRACT', transmittedOn: signedOn });
      await env.sleep(days(2));
      await drive.send(postId, actors.trainingOrg, { type: 'START_TRAINING', startedOn: addDays(t0, 27) });
      await drive.send(postId, s, { type: 'DECLARE_ABSENCE', kind: 'sick', from: addDays(t0, 30), to: addDays(t0, 40) });
      await env.sleep(days(20));
      await drive.send(postId, s, { type: 'DECLARE_CONTRACT_RUPTURE', endedOn: addDays(t0, 47), reason: 'resignation' });
      await drive.send(postId, actors.trainingOrg, { type: 'COMPLETE_TRAINING', completedOn: addDays(t0, 60), ccp1: 'passed' });
      await drive.send(postId, s, { type: 'RETURN_POST', returnedOn: addDays(t0, 61), reason: 'Pas de remplaçant' });
      return postId;
    },
    // Issue 12: the same lifecycle recorded with the timeline's hash chain and the search attributes
    // (their patch markers, an upsert at every change): it stands for the posts started since.
    'chained-closed-2022-public': closed2022Public,
    // A renewal continues the workflow as new, carrying the chain's head.
    'chained-renewal-2022-public': chainedRenewal.ended,
    'chained-renewal-2022-public-continued': chainedRenewal.continued,
    // The same renewal with its notices mailed (issue 11): the run that ends leaves the renewal's
    // notices to the next one (`hand-over-at-once`) instead of waiting for their delivery.
    'handed-over-renewal-2022-public': handedOverRenewal.ended,
    'handed-over-renewal-2022-public-continued': handedOverRenewal.continued,
  };

  try {
    fs.mkdirSync(historiesDir, { recursive: true });
    const overwrite = process.argv.includes('--overwrite');
    for (const [name, run] of Object.entries(scenarios)) {
      // A recorded history stands for posts already running: it is kept unless asked otherwise.
      if (!overwrite && fs.existsSync(path.join(historiesDir, `${name}.json`))) {
        recorded[name] = 'kept (pass --overwrite to record it again)';
        continue;
      }
      const recordedRun = await run();
      const { postId, runId } = typeof recordedRun === 'string' ? { postId: recordedRun, runId: undefined } : recordedRun;
      const history = await env.client.workflow.getHandle(postId, runId).fetchHistory();
      // Plain protobuf objects (64-bit numbers and bytes as strings): the replay test rebuilds them with fromObject.
      const json = temporal.api.history.v1.History.toObject(temporal.api.history.v1.History.fromObject(history), {
        longs: String,
        enums: String,
        bytes: String,
      });
      fs.writeFileSync(path.join(historiesDir, `${name}.json`), `${JSON.stringify(json)}\n`);
      recorded[name] = `${history.events?.length ?? 0} events`;
    }
    process.stdout.write(`${JSON.stringify(recorded, null, 2)}\n`);
  } finally {
    await harness.stop();
    await env.teardown();
    await mailpit.stop();
    await mongo.stop();
    fs.rmSync(tempDir, { recursive: true, force: true });
  }
}

if (require.main === module) {
  main().catch((error) => {
    process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(1);
  });
}

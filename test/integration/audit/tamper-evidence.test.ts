import { randomUUID } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import pino from 'pino';
import { recordRefusedAttempt } from '../../../api/post-refusals';
import { createRefusalChain } from '../../../audit/refusal-chain';
import type { PostAuditReport } from '../../../audit/post-audit-report';
import { chainHash, entryContent, TIMELINE_ENTRY_FIELDS } from '../../../domain/audit/timeline-chain';
import type { Refusal } from '../../../domain/lifecycle/decide-post-event';
import { isolatedNamespace } from '../../support/isolated-namespace';
import { createPostDriver } from '../../support/post-driver';
import { actors, structures, today } from '../../support/post-fixtures';
import { type PostHarness, startPostHarness } from '../../support/post-harness';
import { runAudit } from '../../support/run-audit';

/**
 * Issue 12's tamper evidence: rows of the timeline edited, deleted or inserted directly in
 * FerretDB, a read-model field changed, a refused attempt deleted. `npm run audit` finds each,
 * names the version, exits 1; the untouched post passes. On a namespace of this file's own, so
 * that `--all` audits exactly these posts. Each audit is a process of its own that bundles the
 * workflow, seconds of webpack on a busy machine: the tests' budgets count them.
 */
const ONE_AUDIT = 120_000;
const TWO_AUDITS = 180_000;
describe('npm run audit finds what was changed directly in the database', () => {
  let connection: Connection;
  let nativeConnection: NativeConnection;
  let harness: PostHarness;
  let namespace: string;
  let env: NodeJS.ProcessEnv;
  beforeAll(async () => {
    connection = await Connection.connect({ address: process.env.TEMPORAL_ADDRESS! });
    nativeConnection = await NativeConnection.connect({ address: process.env.TEMPORAL_ADDRESS! });
    namespace = await isolatedNamespace(connection);
    harness = await startPostHarness({ client: new Client({ connection, namespace }), connection: nativeConnection, namespace });
    env = { ...process.env, TEMPORAL_ADDRESS: process.env.TEMPORAL_ADDRESS, TEMPORAL_NAMESPACE: namespace, MONGODB_URI: harness.mongoUri };
  });
  afterAll(async () => {
    await harness?.stop();
    await nativeConnection?.close();
    await connection?.close();
  });

  const refusal: Refusal = { kind: 'not_allowed', code: 'event.not_allowed_now', message: 'Pas maintenant.', allowedEvents: [] };
  const refuse = (postId: string) =>
    recordRefusedAttempt(harness.models, pino({ level: 'silent' }), {
      postId,
      requestId: randomUUID(),
      actor: actors.bdt,
      body: { type: 'SIGN_CONVENTION', signedOn: today() },
      refusal,
      statusBefore: 'recruiting',
    });

  it('chains refusals of one post written at the same moment, each in a place of its own', async () => {
    const drive = createPostDriver(harness);
    const postId = await drive.grant(structures.association, today());
    await Promise.all(Array.from({ length: 8 }, () => refuse(postId)));
    const rows = await harness.models.PostEvent.find({ postId, outcome: 'refused' }).lean();
    expect(rows.map((r) => r.sequence).sort((a, b) => a! - b!)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect((await createRefusalChain(harness.models).head(postId))?.sequence).toBe(8);
    const audited = await runAudit([postId, '--json'], env);
    expect(audited.code).toBe(0);
    expect(audited.reports[0]).toMatchObject({ ok: true, refusals: { count: 8, unchained: 0, chain: { firstBreak: null, head: { version: 8 } } } });
  }, ONE_AUDIT);

  it('names the version of an edited, a deleted and an inserted row, a changed read-model field and a deleted refusal; the untouched post passes', async () => {
    const drive = createPostDriver(harness);
    const t = today();
    const onePost = async () => {
      const postId = await drive.grant(structures.guadeloupeCommune, t);
      await drive.send(postId, actors.structureOf(structures.guadeloupeCommune), { type: 'VALIDATE_CANDIDATE', advisor: { firstName: 'Yves', lastName: 'Nord', email: 'yves.nord@example.fr' } });
      return postId;
    };
    const [edited, deleted, inserted, readModel, refusalDeleted, untouched] = [await onePost(), await onePost(), await onePost(), await onePost(), await onePost(), await onePost()];
    await refuse(refusalDeleted);
    await refuse(refusalDeleted);
    await refuse(untouched);

    const { PostEvent, Post } = harness.models;
    await PostEvent.updateOne({ _id: `${edited}:3` }, { $set: { status: 'rejected' } });
    await PostEvent.deleteOne({ _id: `${deleted}:2` });
    // A forged row with a hash that follows the stored chain: the chain alone cannot tell, the workflow can.
    const last = (await PostEvent.findById(`${inserted}:4`).lean())!;
    const forged = { ...last, version: 5, requestId: 'forged', type: 'EXIT_EARLY', statusBefore: 'onboarding', status: 'exited_early', previousHash: last.hash };
    await PostEvent.create({ ...forged, _id: `${inserted}:5`, key: `${inserted}:5`, hash: chainHash(last.hash!, entryContent(TIMELINE_ENTRY_FIELDS, forged)) });
    await Post.updateOne({ _id: readModel }, { $set: { 'structure.department': '972' } });
    const firstRefusal = (await PostEvent.find({ postId: refusalDeleted, outcome: 'refused' }).lean()).find((r) => r.sequence === 1)!;
    await PostEvent.deleteOne({ _id: firstRefusal._id });

    const all = await runAudit(['--all', '--json'], env);
    expect(all.code).toBe(1);
    const report = (postId: string) => all.reports.find((r) => r.postId === postId) as PostAuditReport;
    const differences = (postId: string) => report(postId).differences.map((d) => [d.against, d.version, d.field]);

    expect(report(edited)).toMatchObject({ ok: false, deterministic: true, chain: { stored: { firstBreak: { version: 3, reason: 'content' } } } });
    expect(differences(edited)).toEqual([['timeline', 3, 'status']]);
    expect(report(edited).differences[0]).toMatchObject({ workflowValue: 'recruiting', storedValue: 'rejected' });

    expect(report(deleted)).toMatchObject({ ok: false, chain: { stored: { firstBreak: { version: 2, reason: 'missing' } } } });
    expect(differences(deleted)).toEqual([['timeline', 2, '(entrée)']]);

    expect(report(inserted).chain.stored).toMatchObject({ firstBreak: null, head: { version: 5 } });
    expect(report(inserted).chain.workflow).toMatchObject({ firstBreak: null, head: { version: 4 } });
    expect(differences(inserted)).toEqual([['timeline', 5, '(entrée)']]);

    expect(differences(readModel)).toEqual([['read_model', null, 'structure.department']]);
    expect(report(readModel).differences[0]).toMatchObject({ workflowValue: '971', storedValue: '972' });

    expect(report(refusalDeleted)).toMatchObject({ ok: false, refusals: { count: 1, chain: { firstBreak: { version: 1, reason: 'missing' } } } });
    expect(differences(refusalDeleted)).toEqual([['refusals', 1, '(tentative refusée)']]);

    expect(report(untouched)).toMatchObject({ ok: true, differences: [], refusals: { count: 1, chain: { firstBreak: null } } });

    // The French table, one post: the exit code and the version named.
    const one = await runAudit([edited], env);
    expect(one.code).toBe(1);
    expect(one.stdout).toContain('chronologie MongoDB : version 3, champ status : le workflow dit « recruiting », MongoDB garde « rejected »');
    expect(one.stdout).toContain('Chaîne de MongoDB : ROMPUE — la version 3 : son contenu ne correspond plus à son empreinte (entrée modifiée)');
    expect(one.stdout).toContain('Verdict : NON CONFORME');
  }, TWO_AUDITS);
});

import { createOutboxStore } from '../../../mail/delivery/outbox-store';
import type { Models } from '../../../models/create-models';
import { claimedRow } from '../../support/claimed-row';
import { useTestModels } from '../../support/test-models';

/**
 * Two attempts at one outbox row at the same moment (a run's last attempt while the next run's
 * first starts, or an attempt Temporal timed out still talking to a hung server): one only may
 * send it, on the run's MongoDB server (FerretDB unless MONGODB_URI says otherwise).
 */
describe('claiming an outbox row', () => {
  const database = useTestModels('claim');
  let models: Models;
  beforeAll(() => {
    models = database.models();
  });

  it('gives a row to one attempt of many started at once, every time', async () => {
    const outbox = createOutboxStore(models);
    for (let round = 0; round < 20; round++) {
      const key = `post:claim-${round}:1:tranche-due:bdt`;
      await models.Notification.create({ _id: key, key, postId: `claim-${round}`, topic: 'tranche-due', recipientRole: 'bdt', subject: 'Tranche due', body: 'Une tranche est due.', createdAt: new Date().toISOString() });
      const claims = await Promise.all(Array.from({ length: 6 }, () => outbox.claim(key)));
      expect(claims.filter((c) => c.state === 'claimed')).toHaveLength(1);
      expect(claims.filter((c) => c.state === 'busy')).toHaveLength(5);
    }
  });

  const writeRow = async (key: string) =>
    models.Notification.create({ _id: key, key, postId: 'claim-x', topic: 'tranche-due', recipientRole: 'bdt', subject: 'Tranche due', body: 'Une tranche est due.', createdAt: new Date().toISOString() });

  it('skips the hold of an attempt that died before writing it on the row, once that hold has expired', async () => {
    const outbox = createOutboxStore(models);
    const key = 'post:claim-dead:1:tranche-due:bdt';
    await writeRow(key);
    // Hold 1 taken, then the process died: the row still says no attempt.
    await models.DeliveryClaim.create({ _id: `${key}#1`, key, until: new Date(Date.now() + 60_000).toISOString() });
    expect((await outbox.claim(key)).state).toBe('busy');
    await models.DeliveryClaim.updateOne({ _id: `${key}#1` }, { $set: { until: new Date(Date.now() - 1).toISOString() } });
    expect((await outbox.claim(key)).state).toBe('claimed');
    expect((await outbox.find(key))!.delivery!.attempts).toBe(2);
    expect((await outbox.claim(key)).state).toBe('busy');
  });

  it('lets the next attempt take the row at once after one that failed for the moment, or a resend after a failure', async () => {
    const outbox = createOutboxStore(models);
    const key = 'post:claim-again:1:tranche-due:bdt';
    await writeRow(key);
    expect((await outbox.claim(key)).state).toBe('claimed');
    await outbox.release(key, 'connexion refusée');
    expect((await outbox.claim(key)).state).toBe('claimed');
    await outbox.markUndeliverable(key, 'failed', '550 boîte inconnue', ['bdt@example.fr']);
    expect((await outbox.claim(key)).state).toBe('settled');
    expect(await outbox.reopen(key, { id: 'anct-agent', role: 'anct' })).not.toBeNull();
    expect((await outbox.claim(key)).state).toBe('claimed');
    expect((await outbox.find(key))!.delivery!.attempts).toBe(3);
  });

  it('gives the attempt the row as stored with its claim, and writes the figure of a sent row from the row the database holds when it moved meanwhile', async () => {
    const outbox = createOutboxStore(models);
    const key = 'post:claim-row:1:tranche-due:bdt';
    await writeRow(key);
    const claimed = await claimedRow(outbox, key);
    expect(claimed).toEqual(await outbox.find(key));
    await outbox.markSent(claimed, { messageId: '<claim-row@test>', to: ['bdt@example.fr'], cc: [], note: null });
    expect((await models.NoticeFigure.findById(key).lean())?.state).toBe('sent');

    const moved = 'post:claim-moved:1:tranche-due:bdt';
    await writeRow(moved);
    const held = await claimedRow(outbox, moved);
    await models.Notification.updateOne({ _id: moved }, { $set: { 'delivery.state': 'failed' } });
    await outbox.markSent(held, { messageId: '<claim-moved@test>', to: ['bdt@example.fr'], cc: [], note: null });
    expect((await outbox.find(moved))!.delivery!.state).toBe('failed');
    expect((await models.NoticeFigure.findById(moved).lean())?.state).toBe('failed');
  });
});

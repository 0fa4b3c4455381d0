import { Context } from '@temporalio/activity';
import { createOutboxStore } from '../mail/delivery/outbox-store';
import { createNotificationDelivery, type DeliveryOutcome, type NotificationDeliveryDeps } from '../mail/delivery/deliver-notification';

/**
 * The mail activities (issue 11), on a task queue of their own (mail/mail-task-queue.ts). The post
 * workflow schedules `deliverNotifications` once a change's rows are written, with a retry policy
 * of its own (workflows/notification-delivery.ts), off the path of the transition's answer.
 */
const HEARTBEAT_MS = 5_000;

export function createMailActivities(deps: NotificationDeliveryDeps) {
  const delivery = createNotificationDelivery(deps);
  const outbox = createOutboxStore(deps.models);

  /**
   * Delivers the rows one after the other. A row the server defers does not hold back the others:
   * each is tried, then the attempt fails if any must be tried again, and the retry finds the sent
   * ones settled. Heartbeats let Temporal retry soon after a worker dies mid-attempt.
   */
  async function deliverNotifications(keys: string[]): Promise<Record<string, DeliveryOutcome>> {
    const context = Context.current();
    const beat = setInterval(() => context.heartbeat(), HEARTBEAT_MS);
    try {
      const outcomes: Record<string, DeliveryOutcome> = {};
      let retryLater: unknown = null;
      for (const key of keys) {
        try {
          outcomes[key] = await delivery.deliver(key);
        } catch (error) {
          retryLater ??= error;
        }
      }
      if (retryLater) throw retryLater;
      return outcomes;
    } finally {
      clearInterval(beat);
    }
  }

  /** After the retry policy's last attempt (`reason`): the rows still pending become `failed`, listed for ANCT. */
  async function giveUpDelivery(keys: string[], reason: string): Promise<void> {
    for (const key of keys) {
      const row = await outbox.find(key);
      if (row?.delivery?.state !== 'pending') continue;
      const last = row.delivery.lastError ?? reason;
      await outbox.markUndeliverable(key, 'failed', `Abandon après ${row.delivery.attempts} tentatives ; dernière erreur : ${last}`.slice(0, 1000), row.delivery.to);
      deps.logger.error({ key, attempts: row.delivery.attempts, reason }, 'notification given up after its retries');
    }
  }

  return { deliverNotifications, giveUpDelivery };
}

export type MailActivities = ReturnType<typeof createMailActivities>;

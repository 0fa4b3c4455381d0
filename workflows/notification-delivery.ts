import { ActivityFailure, condition, log, patched, proxyActivities, workflowInfo } from '@temporalio/workflow';
import type { MailActivities } from '../activities/mail-activities';
import { mailTaskQueueOf } from '../mail/mail-task-queue';
import type { EffectRunner } from './uncancellable-effect';

/**
 * Email delivery of the outbox rows a workflow writes (issue 11). Once a change's rows are written,
 * `deliverNotifications` is scheduled for them and not awaited: the transition answers as soon as
 * its writes are done, whatever the SMTP server does. The activity runs on the mail task queue,
 * with a retry policy of its own, for three days; past them, the rows still pending are marked
 * `failed` and ANCT lists them.
 *
 * docs/workflow-versioning.md: scheduling the activity is a new command, behind `patched()`. A run
 * replayed from a history recorded before finds no marker and schedules nothing; a run that writes
 * rows after the deploy, even one started long before, delivers them.
 */
export const NOTIFICATION_DELIVERY_PATCH = 'notification-delivery';

/**
 * Continue-as-new hands the deliveries under way to the next run at once. Runs recorded before
 * waited for them, up to `HAND_OVER_WAIT`, and an update accepted meanwhile could be cut off by the
 * continue-as-new (its answer lost, its read-model write dropped); they replay as they ran.
 */
export const HAND_OVER_AT_ONCE_PATCH = 'hand-over-at-once';
const HAND_OVER_WAIT = '1 minute';

const mailActivities = () => {
  const taskQueue = mailTaskQueueOf(workflowInfo().taskQueue);
  const { deliverNotifications } = proxyActivities<MailActivities>({
    taskQueue,
    // One attempt is bounded by the SMTP client's own timeouts (mail/smtp/smtp-transport.ts).
    startToCloseTimeout: '2 minutes',
    heartbeatTimeout: '30 seconds',
    // A server away for a long weekend still gets every mail; the backoff keeps the retries few.
    scheduleToCloseTimeout: '3 days',
    retry: { initialInterval: '5 seconds', backoffCoefficient: 2, maximumInterval: '1 hour', nonRetryableErrorTypes: ['ValidationError', 'CastError'] },
  });
  const { giveUpDelivery } = proxyActivities<MailActivities>({
    taskQueue,
    startToCloseTimeout: '30 seconds',
    retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
  });
  return { deliverNotifications, giveUpDelivery };
};

const reasonOf = (failure: unknown) =>
  failure instanceof ActivityFailure && failure.cause ? failure.cause.message : failure instanceof Error ? failure.message : String(failure);

export interface NotificationDelivery {
  /** Delivers `keys` once `written` (the write of their rows) has succeeded. */
  afterWrite(written: Promise<unknown>, keys: readonly string[]): void;
  /**
   * Before continue-as-new: the keys not yet delivered, which the next run delivers. Its attempts
   * wait for the claim of any attempt of this run still talking to the server (one the
   * continue-as-new abandons), so a row is still sent once.
   */
  handOver(): Promise<string[]>;
  /** Resolves once every delivery of this run has settled: a post that ends still delivers its last notices. */
  settled(): Promise<void>;
}

/**
 * Called once per run, inside the workflow; `runEffect` schedules each activity
 * (workflows/uncancellable-effect.ts); `carried` are the keys the previous run left undelivered.
 * `runEnds` says that the run is about to continue as new: rows written then are left to the next
 * run, rather than to an activity this run would abandon.
 */
export function notificationDelivery(runEffect: EffectRunner, carried: readonly string[] = [], runEnds: () => boolean = () => false): NotificationDelivery {
  const { deliverNotifications, giveUpDelivery } = mailActivities();
  const undelivered = new Set<string>();
  let inFlight = 0;

  function afterWrite(written: Promise<unknown>, keys: readonly string[]): void {
    if (keys.length === 0 || !patched(NOTIFICATION_DELIVERY_PATCH)) return;
    const batch = [...keys];
    inFlight += 1;
    for (const key of batch) undelivered.add(key);
    let handedOver = false;
    void written
      .then(
        () => {
          if (runEnds() && patched(HAND_OVER_AT_ONCE_PATCH)) {
            handedOver = true;
            return undefined;
          }
          return runEffect(() => deliverNotifications(batch)).then(
            () => undefined,
            (failure: unknown) => runEffect(() => giveUpDelivery(batch, reasonOf(failure))),
          );
        },
        // The rows were not written: that failure is the change's own, reported where it happened.
        () => undefined,
      )
      .catch((error: unknown) => log.error('notifications neither delivered nor given up', { keys: batch, error: reasonOf(error) }))
      .finally(() => {
        inFlight -= 1;
        if (!handedOver) for (const key of batch) undelivered.delete(key);
      });
  }

  afterWrite(Promise.resolve(), carried);
  return {
    afterWrite,
    async handOver() {
      if (inFlight > 0 && !patched(HAND_OVER_AT_ONCE_PATCH)) await condition(() => inFlight === 0, HAND_OVER_WAIT);
      return [...undelivered];
    },
    settled: () => condition(() => inFlight === 0),
  };
}

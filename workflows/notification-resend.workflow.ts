import { notificationDelivery } from './notification-delivery';
import { uncancellableEffects } from './uncancellable-effect';

/**
 * A resend that ANCT asked for (`POST /api/v1/notifications/:key/resend`): the row, put back to
 * pending by the API, is delivered with the same activity and retry policy as when it was written.
 * A workflow of its own, since the post's may have ended.
 */
export async function notificationResendWorkflow(input: { keys: string[] }): Promise<void> {
  const delivery = notificationDelivery(uncancellableEffects(), input.keys);
  await delivery.settled();
}

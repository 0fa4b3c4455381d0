import type { z } from 'zod';
import type { OutboxRow } from '../mail/delivery/outbox-store';
import type { notificationResourceSchema } from './post-api-schemas';

export type NotificationResource = z.infer<typeof notificationResourceSchema>;

/** An outbox row as the API shows it, with its delivery state (the claim of an attempt stays inside). */
export function toNotificationResource(row: OutboxRow): NotificationResource {
  const d = row.delivery;
  return {
    key: row.key,
    postId: row.postId,
    topic: row.topic,
    recipientRole: row.recipientRole,
    recipientScope: row.recipientScope ?? null,
    subject: row.subject,
    body: row.body,
    deadlineKind: row.deadlineKind ?? null,
    dueOn: row.dueOn ?? null,
    createdAt: row.createdAt,
    delivery: d
      ? {
          state: d.state,
          attempts: d.attempts ?? 0,
          lastError: d.lastError ?? null,
          lastAttemptAt: d.lastAttemptAt ?? null,
          sentAt: d.sentAt ?? null,
          messageId: d.messageId ?? null,
          to: d.to ?? [],
          cc: d.cc ?? [],
          resends: (d.resends ?? []).map(({ at, by }) => ({ at, by: { id: by.id, role: by.role } })),
        }
      : null,
  };
}

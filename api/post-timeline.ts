import type { z } from 'zod';
import type { Actor } from '../domain/lifecycle/actor';
import type { PostRulesRevision } from '../domain/lifecycle/post-rules-revision';
import { replayPostTimeline } from '../domain/lifecycle/replay-post-timeline';
import type { OutboxRow } from '../mail/delivery/outbox-store';
import type { Models } from '../models/create-models';
import { type NotificationResource, toNotificationResource } from './notification-resource';
import type { historyEntrySchema, timelineReplaySchema } from './post-api-schemas';

export type HistoryEntry = z.infer<typeof historyEntrySchema>;

/**
 * A post's timeline from the read model, in the order things happened: every accepted event and
 * every refused attempt, and the accepted ones replayed with today's rules (RULES.md §6). The API's
 * `GET …/history` and the console's post and audit pages read it here.
 */
export async function readPostHistory(models: Models, postId: string): Promise<{ items: HistoryEntry[]; replay: z.infer<typeof timelineReplaySchema> }> {
  const rows = await models.PostEvent.find({ postId }).lean();
  const items: HistoryEntry[] = rows
    .map((row) => ({
      outcome: row.outcome as 'accepted' | 'refused',
      version: row.version ?? null,
      requestId: row.requestId,
      actor: row.actor,
      type: row.type,
      payload: (row.payload ?? null) as Record<string, unknown> | null,
      rulesRevision: row.rulesRevision ?? null,
      receivedAt: row.receivedAt,
      statusBefore: (row.statusBefore ?? null) as HistoryEntry['statusBefore'],
      status: (row.status ?? null) as HistoryEntry['status'],
      refusal: row.refusal ?? null,
    }))
    .sort((a, b) => (a.receivedAt < b.receivedAt ? -1 : a.receivedAt > b.receivedAt ? 1 : (a.version ?? 0) - (b.version ?? 0)));
  const accepted = items.flatMap((e) =>
    e.outcome === 'accepted' && e.version !== null && e.status !== null
      ? [
          {
            version: e.version,
            actor: e.actor as Actor,
            payload: e.payload,
            rulesRevision: e.rulesRevision as PostRulesRevision | null,
            statusBefore: e.statusBefore,
            status: e.status,
          },
        ]
      : [],
  );
  return { items, replay: replayPostTimeline(postId, accepted) };
}

/** The reminders and notices written for a post, oldest first. */
export async function readPostNotifications(models: Models, postId: string): Promise<NotificationResource[]> {
  const rows = await models.Notification.find({ postId }).lean<OutboxRow[]>();
  return rows
    .map(toNotificationResource)
    .sort((a, b) => (a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : a.key < b.key ? -1 : 1));
}

import type { StaffRole } from './actor';
import type { PostContext } from './post-context';
import { type NotificationDetail, type NotificationTopic, notificationTopics } from './post-notification-topics';

/** One row of the notifications outbox; `key` is unique, so a retried write adds nothing. */
export interface NotificationRow {
  key: string;
  postId: string;
  topic: NotificationTopic;
  recipientRole: StaffRole;
  /** The recipient's territory: SIRET, département or training organisation; null for national roles. */
  recipientScope: string | null;
  subject: string;
  body: string;
  deadlineKind: string | null;
  dueOn: string | null;
  createdAt: string;
}

function scopeOf(role: StaffRole, context: PostContext): string | null {
  switch (role) {
    case 'structure':
      return context.structure.siret;
    case 'prefecture':
      return context.structure.department;
    case 'training_org':
      return context.training?.trainingOrgId ?? null;
    default:
      return null;
  }
}

/**
 * The rows of one notification, one per recipient role. `occurrence` names what the notification
 * is about (an event's sequence number, or a deadline and its offset) and makes the key stable
 * across retries and replays.
 */
export function notificationRows(args: {
  context: PostContext;
  topic: NotificationTopic;
  occurrence: string;
  detail?: NotificationDetail & { deadlineKind?: string };
  createdAt: string;
}): NotificationRow[] {
  const { context, topic, occurrence, createdAt } = args;
  const detail = args.detail ?? {};
  const definition = notificationTopics[topic];
  return definition.recipients.map((recipientRole) => ({
    key: `post:${context.postId}:${occurrence}:${topic}:${recipientRole}`,
    postId: context.postId,
    topic,
    recipientRole,
    recipientScope: scopeOf(recipientRole, context),
    subject: definition.subject(context, detail),
    body: definition.body(context, detail),
    deadlineKind: detail.deadlineKind ?? null,
    dueOn: detail.dueOn ?? null,
    createdAt,
  }));
}

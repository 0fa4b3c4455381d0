import type { StaffRole } from './actor';
import type { PostContext } from './post-context';
import { type NotificationDetail, type NotificationTopic, notificationTopics, type Recipient, topicRecipients } from './post-notification-topics';

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
      return context.training?.trainingOrgId ?? context.departedTrainee?.training.trainingOrgId ?? null;
    default:
      return null;
  }
}

/**
 * The rows of one notification, one per recipient. `occurrence` names what the notification is
 * about (an event's sequence number, or a deadline and its offset) and makes the key stable across
 * retries and replays; a recipient outside the post's territory (the target structure of a
 * transfer) adds its scope to the key, so that two structures are two rows.
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
  return topicRecipients(topic, context, detail).map((recipient: Recipient) => {
    const role = typeof recipient === 'string' ? recipient : recipient.role;
    const scope = typeof recipient === 'string' ? scopeOf(recipient, context) : recipient.scope;
    const keySuffix = typeof recipient === 'string' ? role : `${role}:${recipient.scope}`;
    return {
      key: `post:${context.postId}:${occurrence}:${topic}:${keySuffix}`,
      postId: context.postId,
      topic,
      recipientRole: role,
      recipientScope: scope,
      subject: definition.subject(context, detail),
      body: definition.body(context, detail),
      deadlineKind: detail.deadlineKind ?? null,
      dueOn: detail.dueOn ?? null,
      createdAt,
    };
  });
}

import type { StaffRole } from '../domain/lifecycle/actor';

/**
 * What one topic's mail says besides the notice itself (the outbox row's French body, written by
 * domain/lifecycle/post-notification-topics.ts): its title, and what the recipient is asked to do,
 * by role, since one notice often reaches several roles. A role with no action is informed only.
 * The layout around it (`layout.mjml`, `layout.txt`) is the same for every topic.
 */
export interface MailTemplate {
  heading: string;
  action?: Partial<Record<StaffRole, string>>;
}

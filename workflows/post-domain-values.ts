/** What the workflows use of the domain, loaded once per worker by `postDomain()` (./post-domain.ts). */
export { linkTimelineEntry } from '../domain/audit/timeline-chain';
export { toInstant } from '../domain/calendar/business-date';
export { actorSchema, systemActor } from '../domain/lifecycle/actor';
export { allowedEvents, decideApplication, decidePostEvent, decideTransferredPost } from '../domain/lifecycle/decide-post-event';
export { deadlineBehaviour, postDeadlines, reminderDates, trancheNumberOf } from '../domain/lifecycle/post-deadlines';
export { notificationRows } from '../domain/lifecycle/post-notifications';
export { POST_RULES_REVISION_PATCHES } from '../domain/lifecycle/post-rules-revision';
export { restorePostSnapshot } from '../domain/lifecycle/post-snapshot';
export { postView } from '../domain/lifecycle/post-view';

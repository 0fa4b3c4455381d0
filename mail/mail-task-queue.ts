/**
 * The task queue of the mail activities, derived from the post workflows' own: a worker serves both,
 * each with its own slots, so that sends waiting on a slow SMTP server never hold back the writes
 * a transition waits for. Pure, for the workflow bundle and the worker alike.
 */
export function mailTaskQueueOf(postTaskQueue: string): string {
  return `${postTaskQueue}-mail`;
}

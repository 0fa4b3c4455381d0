/**
 * The id of the post a transfer creates for the target structure (RULES.md §4, TRANSFER_POST):
 * derived from the origin's, so that the origin's workflow starts it under the same id on every
 * replay and retry, and a post is moved at most once (a transferred post is over).
 */
export function transferredPostId(originPostId: string): string {
  return `${originPostId}-transfer`;
}

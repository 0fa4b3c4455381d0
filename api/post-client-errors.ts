import type { Refusal } from '../domain/lifecycle/decide-post-event';

/** The post workflow refused the event: the refusal names the rule (RULES.md §7). */
export class PostEventRefusedError extends Error {
  override name = 'PostEventRefusedError';
  constructor(readonly refusal: Refusal) {
    super(refusal.message);
  }
}

export class PostNotFoundError extends Error {
  override name = 'PostNotFoundError';
  constructor(readonly postId: string) {
    super(`Le poste ${postId} n’existe pas.`);
  }
}

/** Temporal could not be reached: nothing was changed, the caller may try again. */
export class TemporalUnavailableError extends Error {
  override name = 'TemporalUnavailableError';
  constructor(cause: unknown) {
    super('Le moteur de workflows (Temporal) est injoignable ; aucune modification n’a été faite.', { cause });
  }
}

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

/**
 * Temporal could not be reached. Nothing was changed, or, if the connection failed once the call
 * had reached the workflow, the transition was made whole: the same request sent again with its
 * Idempotency-Key gets its answer and is never applied twice.
 */
export class TemporalUnavailableError extends Error {
  override name = 'TemporalUnavailableError';
  constructor(cause: unknown) {
    super(
      'Le moteur de workflows (Temporal) est injoignable : la demande n’a pas abouti. Renvoyez-la avec la même clé d’idempotence ; elle ne sera jamais appliquée deux fois.',
      { cause },
    );
  }
}

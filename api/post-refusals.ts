import type { Logger } from 'pino';
import type { Actor } from '../domain/lifecycle/actor';
import type { Refusal } from '../domain/lifecycle/decide-post-event';
import { createRefusalChain } from '../audit/refusal-chain';
import type { Models } from '../models/create-models';
import { ProblemError } from './problem-details';

/**
 * A refusal of the shared decision function, as HTTP: 422 invalid payload (each field), 403 role or
 * territory, 409 not allowed now (the rule, and the events that are). The `code` is the rule's.
 */
export function refusalProblem(refusal: Refusal): ProblemError {
  switch (refusal.kind) {
    case 'invalid_payload':
      return new ProblemError(422, refusal.code, 'Données invalides', refusal.message, { issues: refusal.issues });
    case 'forbidden':
      return new ProblemError(403, refusal.code, 'Action non autorisée', refusal.message);
    case 'not_allowed':
      return new ProblemError(409, refusal.code, 'Action impossible maintenant', refusal.message, {
        rule: refusal.code,
        allowedEvents: refusal.allowedEvents,
      });
  }
}

/** Zod issues in the refusal's shape, for what the API parses itself (query, creation body). */
export function invalidPayload(message: string, issues: { path: PropertyKey[]; message: string }[]): Refusal {
  return {
    kind: 'invalid_payload',
    code: 'event.invalid_payload',
    message,
    issues: issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message })),
  };
}

/** MongoDB refuses some field names (`$…`, dotted, NUL): a body that has them is kept as text. */
function storable(value: unknown): boolean {
  if (Array.isArray(value)) return value.every(storable);
  if (value && typeof value === 'object') {
    return Object.entries(value).every(([key, v]) => !key.startsWith('$') && !key.includes('.') && !key.includes('\0') && storable(v));
  }
  return true;
}

export function storablePayload(body: unknown): Record<string, unknown> | null {
  if (body === undefined || body === null) return null;
  if (typeof body === 'object' && !Array.isArray(body) && storable(body)) return body as Record<string, unknown>;
  return { unstorableJson: JSON.stringify(body) };
}

export function eventTypeOf(body: unknown): string {
  const type = (body as { type?: unknown } | null | undefined)?.type;
  return typeof type === 'string' && type.length > 0 && type.length <= 100 ? type : '(type absent ou invalide)';
}

export const refusedKey = (postId: string, requestId: string) => `${postId}:refused:${requestId}`;

/**
 * Writes a refused attempt to the post's timeline (Temporal keeps no trace of a rejected update).
 * Keyed by the request: a repeated refused request is written once, and its row is the answer
 * given again to the same `Idempotency-Key`. The request that wrote the row then chains it
 * (audit/refusal-chain.ts), so that a refusal deleted later is found by the audit. A failure to
 * write is logged, not turned into a 500: the refusal stands either way.
 */
export async function recordRefusedAttempt(
  models: Models,
  logger: Logger,
  args: { postId: string; requestId: string; actor: Actor; body: unknown; refusal: Refusal; statusBefore: string | null },
): Promise<void> {
  const { postId, requestId, actor, body, refusal, statusBefore } = args;
  const key = refusedKey(postId, requestId);
  // As MongoDB will give it back (no `undefined`), since the chain hashes what is stored.
  const content = JSON.parse(
    JSON.stringify({ postId, requestId, actor, type: eventTypeOf(body), payload: storablePayload(body), receivedAt: new Date().toISOString(), statusBefore, refusal }),
  ) as Record<string, unknown>;
  try {
    const written = await models.PostEvent.updateOne(
      { _id: key },
      { $setOnInsert: { key, outcome: 'refused', version: null, status: statusBefore, ...content } },
      { upsert: true },
    );
    if (written.upsertedCount === 0) return;
    const chained = await createRefusalChain(models).append(postId, requestId, content);
    await models.PostEvent.updateOne({ _id: key }, { $set: chained });
  } catch (error) {
    logger.error({ err: error, postId, requestId }, 'could not record a refused attempt');
  }
}

/** The refusal already given to this request, if any: the same key gets the same answer. */
export async function previousRefusal(models: Models, postId: string, requestId: string): Promise<Refusal | null> {
  const row = await models.PostEvent.findById(refusedKey(postId, requestId), { refusal: 1 }).lean();
  return (row?.refusal as Refusal | undefined) ?? null;
}

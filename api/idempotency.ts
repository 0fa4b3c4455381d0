import { createHash, randomUUID } from 'node:crypto';
import type { Model } from 'mongoose';
import { canonicalJson } from '../domain/audit/canonical-json';
import type { Actor } from '../domain/lifecycle/actor';
import { isDuplicateKeyError } from '../models/duplicate-key-error';
import type { IdempotencyKeyDocument } from './idempotency-key.model';
import { ProblemError } from './problem-details';

export const IDEMPOTENCY_HEADER = 'Idempotency-Key';
/** Visible ASCII, 1 to 200 characters: a UUID, a ULID or any client-made identifier. */
export const IDEMPOTENCY_KEY_PATTERN = /^[\x21-\x7e]{1,200}$/;

export type IdempotentOperation = 'create-post' | 'post-event';

export interface Reservation {
  /** The Temporal update id, hence the workflow's deduplication key. */
  requestId: string;
  postId: string;
  /** True when this request is the key's first use: there is no earlier answer to give again. */
  firstUse: boolean;
  /** Forget the key again, if this request reserved it: used when the post turns out not to exist (404). */
  release(): Promise<void>;
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

function scopeOf(actor: Actor): string {
  switch (actor.role) {
    case 'structure':
      return actor.siret;
    case 'prefecture':
      return actor.department;
    case 'training_org':
      return actor.trainingOrgId;
    default:
      return '';
  }
}

/** The header's value, or null when absent; 400 when it is malformed. */
export function readIdempotencyKey(header: string | undefined): string | null {
  if (header === undefined) return null;
  if (!IDEMPOTENCY_KEY_PATTERN.test(header)) {
    throw new ProblemError(
      400,
      'idempotency_key.invalid',
      'Clé d’idempotence invalide',
      `L’en-tête ${IDEMPOTENCY_HEADER} doit compter de 1 à 200 caractères ASCII visibles.`,
    );
  }
  return header;
}

/**
 * Keys are scoped to their caller: two callers who happen to pick the same key do not collide,
 * and nobody can read another caller's answer by replaying that caller's key.
 */
export function createIdempotencyStore(model: Model<IdempotencyKeyDocument>) {
  async function reserve(args: {
    actor: Actor;
    key: string;
    operation: IdempotentOperation;
    /** The post the event is for; omitted for a creation, which gets a new id here. */
    postId?: string;
    body: unknown;
  }): Promise<Reservation> {
    const { actor, key, operation } = args;
    const id = sha256(`${actor.role}\n${scopeOf(actor)}\n${actor.id}\n${key}`);
    const fingerprint = sha256(canonicalJson(args.body));
    const reservedBy = randomUUID();
    const candidate = {
      _id: id,
      key,
      actorId: actor.id,
      role: actor.role,
      operation,
      postId: args.postId ?? randomUUID(),
      fingerprint,
      reservedBy,
      createdAt: new Date(),
    };

    let stored: IdempotencyKeyDocument | null = null;
    try {
      await model.create(candidate);
      stored = candidate;
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error;
      stored = await model.findById(id).lean<IdempotencyKeyDocument>();
      // Released between our insert and our read: the key is free again; the caller may retry.
      if (!stored) {
        throw new ProblemError(409, 'idempotency_key.in_use', 'Requête déjà en cours', 'Une requête avec cette clé d’idempotence vient d’échouer ; réessayez.');
      }
    }

    if (stored.operation !== operation || (args.postId !== undefined && stored.postId !== args.postId) || stored.fingerprint !== fingerprint) {
      throw new ProblemError(
        422,
        'idempotency_key.reused',
        'Clé d’idempotence déjà utilisée',
        `La clé d’idempotence « ${key} » a déjà servi pour une autre requête (autre poste, autre opération ou autre contenu). Utilisez une nouvelle clé.`,
        // Every 422 names what is invalid, here the header.
        { issues: [{ path: IDEMPOTENCY_HEADER, message: 'clé déjà utilisée pour une autre requête' }] },
      );
    }
    const ours = stored.reservedBy === reservedBy;
    return {
      requestId: `key:${id.slice(0, 32)}`,
      postId: stored.postId,
      firstUse: ours,
      release: async () => {
        if (ours) await model.deleteOne({ _id: id, reservedBy });
      },
    };
  }

  return { reserve };
}

export type IdempotencyStore = ReturnType<typeof createIdempotencyStore>;

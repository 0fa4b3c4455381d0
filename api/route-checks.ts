import type { Request } from 'express';
import type { z } from 'zod';
import type { Actor } from '../domain/lifecycle/actor';
import { invalidPayload } from './post-refusals';
import { ProblemError } from './problem-details';

/** 403 for any role but the ones given, saying what the route is for. */
export function requireRole(actor: Actor, roles: readonly Actor['role'][], what: string): void {
  if (roles.includes(actor.role)) return;
  throw new ProblemError(403, 'role.forbidden', 'Action non autorisée', `Le rôle ${actor.role} ne peut pas ${what} (réservé à : ${roles.join(', ')}).`);
}

export function requireJson(req: Request): void {
  if (!req.is('application/json')) {
    throw new ProblemError(415, 'request.unsupported_media_type', 'Type de contenu non pris en charge', 'Le corps de la requête doit être du JSON (Content-Type: application/json).');
  }
}

/** The query parsed by `schema`, or 400 naming each parameter refused. */
export function parseQuery<T extends z.ZodType>(schema: T, req: Request): z.infer<T> {
  const parsed = schema.safeParse(req.query);
  if (parsed.success) return parsed.data;
  const refusal = invalidPayload('Les paramètres de la requête ne sont pas valides.', parsed.error.issues);
  throw new ProblemError(400, 'query.invalid', 'Paramètres invalides', refusal.message, { issues: refusal.kind === 'invalid_payload' ? refusal.issues : [] });
}

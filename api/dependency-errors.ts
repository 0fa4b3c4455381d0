import type { ErrorRequestHandler } from 'express';
import { PostNotFoundError, TemporalUnavailableError } from './post-client-errors';
import { ProblemError } from './problem-details';

/** Seconds a client should wait before trying again when a dependency is down. */
export const RETRY_AFTER_S = 5;

const MONGO_DOWN = /^Mongo(ose)?(ServerSelection|Network|NetworkTimeout|NotConnected|TopologyClosed|PoolCleared|PoolClosed|WaitQueueTimeout)Error$/;

/** A connection the server closed under the driver's feet (FerretDB killed mid-command) surfaces as a bare socket error. */
const SOCKET_BROKEN = new Set(['EPIPE', 'ECONNRESET', 'ECONNREFUSED']);

/** Whether the database driver failed for want of a server, not for the request's sake. */
export function isMongoUnavailable(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as NodeJS.ErrnoException).code;
  return MONGO_DOWN.test(error.name) || /buffering timed out/.test(error.message) || (code !== undefined && SOCKET_BROKEN.has(code));
}

/**
 * The workflow client's and the database driver's errors as problems: 503 with `Retry-After` when
 * Temporal or MongoDB cannot be reached (nothing was changed), 404 for an unknown post. Placed
 * before the central `problemHandler`, which writes them.
 */
export const dependencyErrors: ErrorRequestHandler = (error, _req, res, next) => {
  if (error instanceof TemporalUnavailableError) {
    res.setHeader('Retry-After', String(RETRY_AFTER_S));
    next(new ProblemError(503, 'temporal.unavailable', 'Service indisponible', error.message));
    return;
  }
  if (isMongoUnavailable(error)) {
    res.setHeader('Retry-After', String(RETRY_AFTER_S));
    next(
      new ProblemError(503, 'mongodb.unavailable', 'Service indisponible', 'La base de données est injoignable ; réessayez dans quelques instants.'),
    );
    return;
  }
  if (error instanceof PostNotFoundError) {
    next(new ProblemError(404, 'post.not_found', 'Poste introuvable', error.message));
    return;
  }
  next(error);
};

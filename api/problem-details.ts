import type { ErrorRequestHandler, RequestHandler } from 'express';
import type { Logger } from 'pino';

/**
 * Errors as RFC 9457 problem details: a stable `code` (and `type` built from it) for programs,
 * a French `title` and `detail` for people, never a stack trace.
 */
export class ProblemError extends Error {
  override name = 'ProblemError';
  constructor(
    readonly status: number,
    readonly code: string,
    readonly title: string,
    readonly detail: string,
    readonly extensions: Record<string, unknown> = {},
  ) {
    super(detail);
  }
}

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

export function problemTypeUri(code: string): string {
  return `urn:cnum-orchestrator:problem:${code}`;
}

export function problemBody(problem: ProblemError, instance?: string) {
  return {
    type: problemTypeUri(problem.code),
    code: problem.code,
    title: problem.title,
    status: problem.status,
    detail: problem.detail,
    ...(instance ? { instance } : {}),
    ...problem.extensions,
  };
}

export const notFoundRoute: RequestHandler = (req, _res, next) => {
  next(new ProblemError(404, 'route.not_found', 'Ressource introuvable', `Aucune route ne répond à ${req.method} ${req.path}.`));
};

/** Express's own parse errors (bad JSON, body too large) carry a status and a type. */
function fromExpressError(error: { status?: number; type?: string }): ProblemError | null {
  if (error.type === 'entity.too.large') {
    return new ProblemError(413, 'request.too_large', 'Requête trop volumineuse', 'Le corps de la requête dépasse la taille admise.');
  }
  if (error.type === 'entity.parse.failed') {
    return new ProblemError(400, 'request.malformed_json', 'JSON invalide', 'Le corps de la requête n’est pas un JSON valide.');
  }
  if (error.status && error.status >= 400 && error.status < 500) {
    return new ProblemError(error.status, 'request.invalid', 'Requête invalide', 'La requête ne peut pas être lue.');
  }
  return null;
}

export function problemHandler(logger: Logger): ErrorRequestHandler {
  return (error, req, res, _next) => {
    const problem =
      error instanceof ProblemError
        ? error
        : (fromExpressError(error) ??
          new ProblemError(500, 'internal', 'Erreur interne', 'Une erreur inattendue est survenue ; elle a été journalisée.'));
    if (problem.status >= 500) logger.error({ err: error, path: req.path }, 'request failed');
    res.status(problem.status).type(PROBLEM_CONTENT_TYPE).json(problemBody(problem, req.originalUrl));
  };
}

import type { RequestHandler } from 'express';
import { ProblemError } from './problem-details';

interface ServedPath {
  pattern: RegExp;
  allow: string;
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const ORDER = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'];

/**
 * A path the API serves, asked with a method it does not serve: 405 with the `Allow` header
 * (RFC 9110 §15.5.6) rather than the 404 of an unknown path; `OPTIONS` answers 204 with it. The
 * methods come from the OpenAPI document's paths, which a test holds equal to the routes. Placed
 * before the routers, so that no authentication is asked for a request that cannot succeed.
 */
export function methodNotAllowed(paths: Record<string, object>): RequestHandler {
  const served: ServedPath[] = Object.entries(paths).map(([template, operations]) => {
    const methods = Object.keys(operations).map((method) => method.toUpperCase());
    // Express answers HEAD with the GET handler.
    if (methods.includes('GET')) methods.push('HEAD');
    const segments = template.split('/').map((segment) => (/^\{[^}]+\}$/.test(segment) ? '[^/]+' : escapeRegExp(segment)));
    const allow = [...methods, 'OPTIONS'].sort((a, b) => ORDER.indexOf(a) - ORDER.indexOf(b));
    return { pattern: new RegExp(`^${segments.join('/')}/?$`), allow: allow.join(', ') };
  });
  return (req, res, next) => {
    const path = served.find((candidate) => candidate.pattern.test(req.path));
    if (!path) return next();
    const allowed = path.allow.split(', ');
    if (req.method === 'OPTIONS') {
      res.setHeader('Allow', path.allow);
      res.status(204).end();
      return;
    }
    if (allowed.includes(req.method)) return next();
    res.setHeader('Allow', path.allow);
    next(new ProblemError(405, 'method.not_allowed', 'Méthode non autorisée', `${req.method} n’est pas possible sur ${req.path} ; méthodes admises : ${path.allow}.`));
  };
}

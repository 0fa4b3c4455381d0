import { type RequestHandler, Router } from 'express';
import type { HabilitationStore } from '../auth/habilitations/habilitation-store';
import { type DirectoryKind, directoryEntryLabel, directoryScopeSchemas } from '../mail/directory/directory-entry';
import { createDirectoryStore, type DirectoryEntry } from '../mail/directory/directory-store';
import type { Models } from '../models/create-models';
import { actorOf, requireHabilitation } from './authenticate';
import { directoryEntryParamsSchema, directoryListQuerySchema, setDirectoryEntryBodySchema } from './mail-api-schemas';
import { invalidPayload, refusalProblem } from './post-refusals';
import { ProblemError } from './problem-details';
import { parseQuery, requireJson, requireRole } from './route-checks';

export interface DirectoryRouterDeps {
  models: Models;
  authenticate: RequestHandler;
  habilitations: HabilitationStore;
}

/** Who reads the directory: ANCT, who keeps it, and the control, who sees everything. */
const readers = ['anct', 'auditor'] as const;

const toEntryResource = (entry: DirectoryEntry) => ({ ...entry, label: directoryEntryLabel(entry.kind, entry.scope) });

function notFound(kind: string, scope: string): ProblemError {
  return new ProblemError(404, 'directory.not_found', 'Entrée inconnue', `L’annuaire n’a pas d’entrée ${kind}/${scope}.`);
}

/**
 * The directory of addresses (issue 11), kept by ANCT: the prefecture referents, the programme
 * mailboxes of ANCT and BdT, the training organisations' contacts. Each change is recorded in the
 * entry with who made it; an entry removed keeps its history, and its notices become `no_recipient`.
 */
export function directoryRouter({ models, authenticate, habilitations }: DirectoryRouterDeps): Router {
  const router = Router();
  const directory = createDirectoryStore(models);
  router.use(authenticate, requireHabilitation(habilitations));

  /** The entry named by the path, its scope checked against its kind (a département code, anct or bdt…). */
  function entryParams(params: unknown): { kind: DirectoryKind; scope: string } | null {
    const parsed = directoryEntryParamsSchema.safeParse(params);
    if (!parsed.success) return null;
    const scope = directoryScopeSchemas[parsed.data.kind].safeParse(parsed.data.scope);
    return scope.success ? { kind: parsed.data.kind, scope: scope.data } : null;
  }

  router.get('/', async (req, res) => {
    requireRole(actorOf(res), readers, 'consulter l’annuaire des adresses');
    const { kind } = parseQuery(directoryListQuerySchema, req);
    res.json({ items: (await directory.list(kind)).map(toEntryResource) });
  });

  router.get('/:kind/:scope', async (req, res) => {
    requireRole(actorOf(res), readers, 'consulter l’annuaire des adresses');
    const params = entryParams(req.params);
    const entry = params && (await directory.find(params.kind, params.scope));
    if (!entry) throw notFound(req.params.kind, req.params.scope);
    res.json(toEntryResource(entry));
  });

  router.put('/:kind/:scope', async (req, res) => {
    const actor = actorOf(res);
    requireRole(actor, ['anct'], 'modifier l’annuaire des adresses');
    const params = entryParams(req.params);
    if (!params) {
      throw new ProblemError(
        404,
        'directory.unknown_scope',
        'Entrée impossible',
        `Une entrée de l’annuaire est prefecture/<code département>, mailbox/anct, mailbox/bdt ou training-org/<identifiant> ; ${req.params.kind}/${req.params.scope} n’en est pas une.`,
      );
    }
    requireJson(req);
    const body = setDirectoryEntryBodySchema.safeParse(req.body);
    if (!body.success) throw refusalProblem(invalidPayload(`Les adresses de ${directoryEntryLabel(params.kind, params.scope)} ne sont pas valides.`, body.error.issues));
    const { entry, created } = await directory.set(params.kind, params.scope, body.data.recipients, actor);
    res.status(created ? 201 : 200).json(toEntryResource(entry));
  });

  router.delete('/:kind/:scope', async (req, res) => {
    const actor = actorOf(res);
    requireRole(actor, ['anct'], 'modifier l’annuaire des adresses');
    const params = entryParams(req.params);
    const entry = params && (await directory.remove(params.kind, params.scope, actor));
    if (!entry) throw notFound(req.params.kind, req.params.scope);
    res.json(toEntryResource(entry));
  });

  return router;
}

import { z } from 'zod';
import { siretSchema } from '../domain/identity/siret';
import { staffRoleSchema } from '../domain/lifecycle/actor';
import { clientIdSchema, principalSchema, professionalEmailSchema, roleScopeSchema } from '../auth/habilitations/habilitation';
import type { Habilitation, HabilitationChange } from '../auth/habilitations/habilitation-store';
import { problemSchema, queryNumber } from './post-api-schemas';

/**
 * Schemas of the habilitation routes and of `GET /api/v1/me`: the routes parse with them, the
 * OpenAPI document is generated from them.
 */

const principal = principalSchema.meta({
  id: 'Principal',
  description: 'Une personne, par son adresse électronique professionnelle, ou un programme, par son identifiant de client OAuth.',
});
const roleScope = roleScopeSchema.meta({
  id: 'RoleScope',
  description: 'Un rôle (RULES.md §1) et son périmètre : SIRET d’une structure, département d’une préfecture, identifiant d’un organisme de formation.',
});

export const grantHabilitationBodySchema = z
  .strictObject({ principal, scope: roleScope })
  .meta({ id: 'GrantHabilitationRequest', description: 'Qui reçoit quel rôle, sur quel périmètre.' });

export const habilitationIdParamsSchema = z.strictObject({
  id: z.string().min(1).max(64).meta({ description: 'Identifiant de l’habilitation.' }),
});

/** Filters of the list and of the history; a repeated or unknown parameter is refused. */
export const listHabilitationsQuerySchema = z.strictObject({
  email: professionalEmailSchema.optional().meta({ description: 'Une personne.' }),
  clientId: clientIdSchema.optional().meta({ description: 'Un programme (client OAuth).' }),
  role: staffRoleSchema.optional(),
  siret: siretSchema.optional(),
  active: z.enum(['true', 'false']).optional().meta({ description: '`true` : en vigueur ; `false` : retirées.' }),
  page: queryNumber(1, 100_000, 1, 'Page, à partir de 1 (défaut 1).'),
  pageSize: queryNumber(1, 100, 20, 'Taille de page, 1 à 100 (défaut 20).'),
});

/** The 400 of a caller who holds several habilitations and named none (`Cnum-Habilitation`). */
export const habilitationChoiceProblemSchema = problemSchema
  .extend({ habilitations: z.array(z.string()).meta({ description: 'Les identifiants des habilitations de l’appelant, à nommer dans l’en-tête Cnum-Habilitation.' }) })
  .meta({ id: 'HabilitationChoiceProblem', description: 'Plusieurs habilitations, aucune nommée (`auth.habilitation_choice_required`).' });

const instant = z.string().meta({ format: 'date-time' });

export const changeAuthorSchema = z
  .object({
    id: z.string().meta({ description: 'Adresse, client OAuth, ou source (BOOTSTRAP_ANCT_EMAILS, npm start…)' }),
    role: z.string().nullable(),
    via: z.enum(['api', 'bootstrap', 'application', 'local-development']).meta({
      description: '`api` : un agent habilité ; `bootstrap` : la configuration ; `application` : le dépôt d’une candidature ; `local-development` : les outils locaux.',
    }),
  })
  .meta({ id: 'HabilitationChangeAuthor' });

export const habilitationChangeSchema = z
  .object({ id: z.string(), change: z.enum(['granted', 'revoked']), at: instant, by: changeAuthorSchema, postId: z.string().nullable() })
  .meta({ id: 'HabilitationChange' });

export const habilitationResourceSchema = z
  .object({
    id: z.string(),
    principal,
    scope: roleScope,
    active: z.boolean(),
    seenSubs: z.array(z.object({ sub: z.string(), idpId: z.string().nullable() })).meta({ description: 'Les `sub` ProConnect vus à la connexion (un par fournisseur d’identité).' }),
    changes: z.array(habilitationChangeSchema).meta({ description: 'Attributions et retraits, du plus ancien au plus récent.' }),
    createdAt: instant,
    updatedAt: instant,
  })
  .meta({ id: 'Habilitation' });

export const habilitationListSchema = z
  .object({ items: z.array(habilitationResourceSchema), page: z.number().int(), pageSize: z.number().int(), total: z.number().int() })
  .meta({ id: 'HabilitationList' });

export const habilitationHistoryEntrySchema = z
  .object({ habilitationId: z.string(), principal, scope: roleScope, change: habilitationChangeSchema })
  .meta({ id: 'HabilitationHistoryEntry' });

export const habilitationHistorySchema = z
  .object({ items: z.array(habilitationHistoryEntrySchema), page: z.number().int(), pageSize: z.number().int(), total: z.number().int() })
  .meta({ id: 'HabilitationHistory', description: 'Attributions et retraits, du plus récent au plus ancien.' });

export const meSchema = z
  .object({
    via: z.enum(['session', 'bearer']),
    principal,
    person: z
      .object({
        email: z.string(),
        givenName: z.string().nullable(),
        usualName: z.string().nullable(),
        siret: z.string().nullable(),
        uid: z.string().nullable(),
        idpId: z.string().nullable(),
      })
      .nullable()
      .meta({ description: 'Ce que le fournisseur d’identité a dit de la personne connectée ; null pour un programme.' }),
    habilitations: z.array(habilitationResourceSchema),
    csrfToken: z.string().nullable().meta({ description: 'À renvoyer (en-tête X-CSRF-Token ou champ _csrf) avec chaque requête de session qui modifie quelque chose ; null pour un jeton porteur.' }),
    sessionExpiresAt: instant.nullable(),
    noHabilitation: z.string().nullable().meta({ description: 'Sans habilitation : à qui la demander.' }),
  })
  .meta({ id: 'Me' });

export function toHabilitationResource(h: Habilitation): z.infer<typeof habilitationResourceSchema> {
  return {
    id: h.id,
    principal: h.principal,
    scope: h.scope,
    active: h.active,
    seenSubs: h.seenSubs,
    changes: h.changes.map(toChangeResource),
    createdAt: h.createdAt.toISOString(),
    updatedAt: h.updatedAt.toISOString(),
  };
}

export function toChangeResource(c: HabilitationChange): z.infer<typeof habilitationChangeSchema> {
  return { id: c.id, change: c.change, at: c.at.toISOString(), by: c.by, postId: c.postId };
}

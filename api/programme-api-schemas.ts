import { z } from 'zod';

/**
 * The schemas of the programme settings' routes (RULES.md §2.5): what they accept and answer. The
 * routes parse with them and the OpenAPI document is generated from them.
 */
export const PROGRAMME_PATH = '/api/v1/programme';
export const ATTRIBUTION_PHASE_ROUTE = '/attribution-phase';

export const setAttributionPhaseBodySchema = z
  .strictObject({
    open: z.boolean().meta({ description: 'true : les candidatures sont reçues ; false : la phase d’attribution est close.' }),
    reason: z.string().trim().min(1).max(1000).optional().meta({ description: 'La décision de l’ANCT, pour l’historique.' }),
  })
  .meta({ id: 'SetAttributionPhaseRequest', description: 'Ouvrir ou clore la phase d’attribution des postes (rôle anct).' });

const instant = z.string().meta({ format: 'date-time' });
const changedBySchema = z.object({ id: z.string(), role: z.string() }).meta({ id: 'SettingChangedBy' });

export const attributionPhaseChangeSchema = z
  .object({ open: z.boolean(), reason: z.string().nullable(), changedBy: changedBySchema, changedAt: instant })
  .meta({ id: 'AttributionPhaseChange' });

export const attributionPhaseResourceSchema = z
  .object({
    open: z.boolean(),
    reason: z.string().nullable(),
    changedBy: changedBySchema.nullable().meta({ description: 'null tant que l’ANCT n’a rien décidé : la phase est alors ouverte.' }),
    changedAt: instant.nullable(),
    changes: z.array(attributionPhaseChangeSchema).meta({ description: 'Chaque changement, du plus ancien au plus récent.' }),
  })
  .meta({ id: 'AttributionPhase', description: 'La phase d’attribution des postes (RULES.md §2.5, FAQ 003).' });
export type AttributionPhaseResource = z.infer<typeof attributionPhaseResourceSchema>;

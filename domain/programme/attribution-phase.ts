import { z } from 'zod';
import { refuse, type RuleCheck } from '../policies/rule-check';
import { seedTitle } from '../policies/seed-file';

/**
 * The attribution phase (RULES.md §2.5): ANCT opens and closes the attribution of new posts
 * (003_0395d5c6dd79564e.txt: « La phase d'attribution des postes est aujourd'hui terminée »). A
 * programme setting, not a rule of one post: the API stores it and asks it before an application.
 */
export const attributionPhaseSchema = z.object({
  open: z.boolean(),
  /** Who changed it last and when; null while it was never changed. */
  changedBy: z.object({ id: z.string(), role: z.string() }).nullable(),
  changedAt: z.string().nullable(),
  reason: z.string().nullable(),
});
export type AttributionPhase = z.infer<typeof attributionPhaseSchema>;

/**
 * Before ANCT ever decides, the phase is open: the programme starts by attributing posts, and a
 * fresh install that refused its first application would be refusing on nobody's decision. ANCT
 * closes it explicitly, and that decision is recorded with who made it and when.
 */
export const ATTRIBUTION_PHASE_NEVER_SET: AttributionPhase = { open: true, changedBy: null, changedAt: null, reason: null };

export type AttributionRefusalCode = 'application.attribution_closed';

/** A new application while the phase is closed is refused; posts ANCT reattributes by transfer are not applications. */
export function checkApplicationDuringAttribution(phase: Pick<AttributionPhase, 'open'>): RuleCheck<object, AttributionRefusalCode> {
  if (phase.open) return { ok: true };
  return refuse(
    'application.attribution_closed',
    `La phase d’attribution des postes est close : l’ANCT n’attribue plus de nouveau poste, aucune candidature n’est reçue (« La phase d’attribution des postes est aujourd’hui terminée », ${seedTitle('003_0395d5c6dd79564e.txt')}).`,
  );
}

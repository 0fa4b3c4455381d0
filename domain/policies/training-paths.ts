import { z } from 'zod';
import { POLICIES, type PolicyId } from './policy';
import { accept, refuse, type RuleCheck } from './rule-check';
import { seedTitle, type SeedFile } from './seed-file';

/**
 * Titles that exempt an advisor from initial training: CCP1 of "Responsable d'espace de médiation
 * numérique", the whole REMN title, the CATIC title, the USETIC professional licence. The FAQ
 * lists them; the earlier guides only name the REMN title, but an exemption is judged when the
 * training would happen, so the current list holds for every policy.
 */
export const exemptionSchema = z.enum(['CCP1', 'REMN', 'CATIC', 'USETIC']);
export type Exemption = z.infer<typeof exemptionSchema>;

const EXEMPTION_SOURCE: SeedFile = '003_0395d5c6dd79564e.txt';

export type PositioningPath =
  | { readonly kind: 'hours'; readonly hours: number }
  | { readonly kind: 'exemption'; readonly exemption: Exemption };

export type PositioningRefusalCode =
  | 'positioning.missing'
  | 'positioning.ambiguous'
  | 'positioning.hours_not_a_path'
  | 'positioning.hours_invalid';

/** The training paths, in hours, a positioning test may set; null where the seeds give no list. */
export function positioningHours(policy: PolicyId): readonly number[] | null {
  return POLICIES[policy].positioningHours?.hours ?? null;
}

/** The training organisation records either a path in hours or an exemption with its title. */
export function checkPositioning(
  policy: PolicyId,
  { hours, exemption }: { readonly hours?: number; readonly exemption?: Exemption },
): RuleCheck<{ path: PositioningPath }, PositioningRefusalCode> {
  if (exemption !== undefined) {
    if (hours !== undefined) {
      return refuse(
        'positioning.ambiguous',
        `Le positionnement indique à la fois un parcours de ${hours} h et une dispense (${exemption}) : un conseiller dispensé ne suit pas de parcours (${seedTitle(EXEMPTION_SOURCE)}).`,
      );
    }
    return accept({ path: { kind: 'exemption', exemption } });
  }
  if (hours === undefined) {
    return refuse(
      'positioning.missing',
      'Le positionnement doit indiquer soit un parcours de formation en heures, soit une dispense et le titre qui la justifie.',
    );
  }
  const paths = POLICIES[policy].positioningHours;
  if (paths === null) {
    // Renewal periods: the 2024 training offer is not described in the seeds, so any whole number
    // of hours the training organisation sets is recorded as it is.
    if (!Number.isInteger(hours) || hours <= 0) {
      return refuse(
        'positioning.hours_invalid',
        `La durée du parcours de formation doit être un nombre entier d'heures strictement positif, reçu : ${hours}.`,
      );
    }
    return accept({ path: { kind: 'hours', hours } });
  }
  if (!paths.hours.includes(hours)) {
    return refuse(
      'positioning.hours_not_a_path',
      `Un parcours de ${hours} h n'existe pas : le test de positionnement fixe un parcours de ${paths.hours.join(', ')} heures (${seedTitle(paths.source)}).`,
    );
  }
  return accept({ path: { kind: 'hours', hours } });
}

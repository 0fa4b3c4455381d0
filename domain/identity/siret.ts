import { z } from 'zod';
import { accept, refuse, type RuleCheck } from '../policies/rule-check';

export type SiretRefusalCode = 'siret.format' | 'siret.checksum';

const FOURTEEN_DIGITS = /^\d{14}$/;

/** La Poste's SIREN: INSEE numbers its thousands of establishments with another check key. */
const LA_POSTE_SIREN = '356000000';

function digitAt(value: string, index: number): number {
  return value.charCodeAt(index) - 48;
}

function passesLuhn(digits: string): boolean {
  let sum = 0;
  for (let fromRight = 0; fromRight < digits.length; fromRight += 1) {
    let digit = digitAt(digits, digits.length - 1 - fromRight);
    if (fromRight % 2 === 1) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
  }
  return sum % 10 === 0;
}

function digitSum(digits: string): number {
  let sum = 0;
  for (let index = 0; index < digits.length; index += 1) sum += digitAt(digits, index);
  return sum;
}

/**
 * La Poste establishments fail Luhn by design: INSEE gives them SIRETs whose digits add up to a
 * multiple of 5. Its head office (35600000000048) is Luhn-valid, so either key is accepted there.
 */
function passesLaPosteKey(digits: string): boolean {
  return digits.startsWith(LA_POSTE_SIREN) && digitSum(digits) % 5 === 0;
}

/** The SIRET made of these 13 digits and the Luhn key that makes it valid (test data, fixtures). */
export function siretWithCheckDigit(first13: string): string {
  if (!/^\d{13}$/.test(first13)) throw new RangeError(`13 digits expected, got ${first13}`);
  for (let check = 0; check <= 9; check += 1) {
    if (passesLuhn(`${first13}${check}`)) return `${first13}${check}`;
  }
  throw new Error('unreachable: one of ten keys passes Luhn');
}

/** A structure is identified by its SIRET (RULES.md §2.5): 14 digits with a valid check key. */
export function checkSiret(value: string): RuleCheck<{ siret: string }, SiretRefusalCode> {
  if (!FOURTEEN_DIGITS.test(value)) {
    return refuse(
      'siret.format',
      `Le numéro SIRET « ${value} » doit comporter exactement 14 chiffres, sans espace ni lettre.`,
    );
  }
  if (!passesLuhn(value) && !passesLaPosteKey(value)) {
    return refuse(
      'siret.checksum',
      `Le numéro SIRET ${value} est invalide : sa clé de contrôle (algorithme de Luhn de l'INSEE) ne correspond pas.`,
    );
  }
  return accept({ siret: value });
}

export const siretSchema = z.string().superRefine((value, ctx) => {
  const check = checkSiret(value);
  if (!check.ok) ctx.addIssue({ code: 'custom', message: check.message, params: { code: check.code } });
});

import { z } from 'zod';
import { accept, refuse, type RuleCheck } from '../policies/rule-check';

/**
 * 01 to 95 except 20 (Corsica has been 2A and 2B since 1976), and the overseas codes 971 to 976,
 * as RULES.md §2.5 lists them.
 */
export const DEPARTMENT_CODE = /^(0[1-9]|1\d|2[1-9]|2[AB]|[3-8]\d|9[0-5]|97[1-6])$/;

export type DepartmentCode = string;

export type OverseasDepartmentCode = '971' | '972' | '973' | '974' | '975' | '976';

export type DepartmentRefusalCode = 'department.unknown';

export function checkDepartment(value: string): RuleCheck<{ department: DepartmentCode }, DepartmentRefusalCode> {
  if (!DEPARTMENT_CODE.test(value)) {
    return refuse(
      'department.unknown',
      `Le code département « ${value} » n'existe pas : codes admis 01 à 95 (hors 20, remplacé par 2A et 2B), 2A, 2B et 971 à 976.`,
    );
  }
  return accept({ department: value });
}

export const departmentCodeSchema = z.string().superRefine((value, ctx) => {
  const check = checkDepartment(value);
  if (!check.ok) ctx.addIssue({ code: 'custom', message: check.message, params: { code: check.code } });
});

/**
 * Every 97x code counts as overseas ("outre-mer"), 975 (Saint-Pierre-et-Miquelon, strictly a
 * collectivité rather than a département) included: the seeds speak of an overseas increase
 * without excluding it, and where they list amounts by territory 975 is absent, so its amount is
 * asked rather than guessed.
 */
export function isOverseasDepartment(code: DepartmentCode): code is OverseasDepartmentCode {
  return /^97[1-6]$/.test(code);
}

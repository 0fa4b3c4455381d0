import type { BusinessDate } from '../../domain/calendar/business-date';
import type { Actor } from '../../domain/lifecycle/actor';
import type { Structure } from '../../domain/lifecycle/post-events';

/** Luhn-valid SIRETs of made-up structures, one per test situation. */
export const sirets = {
  guadeloupeCommune: '21971120100018',
  reunionCommune: '21974120100012',
  association: '41234567800012',
  essCompany: '78234567800018',
} as const;

export const structures = {
  guadeloupeCommune: {
    name: 'Commune de Sainte-Anne',
    siret: sirets.guadeloupeCommune,
    sector: 'public',
    kind: 'territorial-authority',
    department: '971',
  },
  reunionCommune: {
    name: 'Commune de Saint-Paul',
    siret: sirets.reunionCommune,
    sector: 'public',
    kind: 'territorial-authority',
    department: '974',
  },
  association: {
    name: 'Association Lien Numérique',
    siret: sirets.association,
    sector: 'private',
    kind: 'association',
    department: '69',
  },
  essCompany: {
    name: 'Coopérative Lien Solidaire',
    siret: sirets.essCompany,
    sector: 'private',
    kind: 'ess-company',
    department: '69',
  },
} satisfies Record<string, Structure>;

export const actors = {
  structureOf: (structure: Structure): Actor => ({ id: `agent-${structure.siret}`, role: 'structure', siret: structure.siret }),
  prefectureOf: (structure: Structure): Actor => ({
    id: `pref-${structure.department}`,
    role: 'prefecture',
    department: structure.department,
  }),
  anct: { id: 'anct-1', role: 'anct' } as Actor,
  bdt: { id: 'bdt-1', role: 'bdt' } as Actor,
  auditor: { id: 'audit-1', role: 'auditor' } as Actor,
  trainingOrg: { id: 'of-agent', role: 'training_org', trainingOrgId: 'OF-PARIS-1' } as Actor,
};

/** Today's date, UTC: lifecycles under time skipping start from the test server's own clock. */
export function today(): BusinessDate {
  return new Date().toISOString().slice(0, 10) as BusinessDate;
}

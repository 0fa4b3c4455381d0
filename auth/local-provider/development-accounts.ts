import type { RoleScope } from '../habilitations/habilitation';

/**
 * The people of the local identity provider, listed on its sign-in page: one per role, and one
 * with no habilitation. Their names, emails (under the reserved `.test` domain) and SIRETs (Luhn
 * valid, made up) are fictitious. `habilitation` is what `npm start` grants each in the product,
 * once: the provider only says who they are, as ProConnect does.
 */
export interface DevelopmentAccount {
  email: string;
  given_name: string;
  usual_name: string;
  siret: string;
  uid: string;
  habilitation: RoleScope | null;
}

export const LOCAL_IDP_ID = 'local-development-idp';

export const developmentAccounts: DevelopmentAccount[] = [
  { email: 'camille.durand@anct.test', given_name: 'Camille', usual_name: 'Durand', siret: '13000000000013', uid: 'anct-1', habilitation: { role: 'anct' } },
  {
    email: 'dominique.leroy@guadeloupe.pref.test',
    given_name: 'Dominique',
    usual_name: 'Leroy',
    siret: '11000000000015',
    uid: 'pref-971-1',
    habilitation: { role: 'prefecture', department: '971' },
  },
  {
    email: 'alex.martin@mairie-971.test',
    given_name: 'Alex',
    usual_name: 'Martin',
    siret: '21971120100018',
    uid: 'mairie-971-1',
    habilitation: { role: 'structure', siret: '21971120100018' },
  },
  { email: 'sacha.bernard@bdt.test', given_name: 'Sacha', usual_name: 'Bernard', siret: '18000000000018', uid: 'bdt-1', habilitation: { role: 'bdt' } },
  {
    email: 'morgan.petit@of-paris.test',
    given_name: 'Morgan',
    usual_name: 'Petit',
    siret: '75000000000018',
    uid: 'of-1',
    habilitation: { role: 'training_org', trainingOrgId: 'OF-PARIS-1' },
  },
  { email: 'lou.robert@controle.test', given_name: 'Lou', usual_name: 'Robert', siret: '12000000000014', uid: 'controle-1', habilitation: { role: 'auditor' } },
  {
    email: 'noa.garcia@mairie-971.test',
    given_name: 'Noa',
    usual_name: 'Garcia',
    siret: '21971120100018',
    uid: 'mairie-971-2',
    habilitation: null,
  },
];

import type { StaffEventType } from '../domain/lifecycle/post-events';

/** The console's addresses, in French, under one prefix beside `/api` and `/auth`. */
export const CONSOLE_PATH = '/console';

export const consolePaths = {
  myActions: `${CONSOLE_PATH}/`,
  posts: `${CONSOLE_PATH}/postes`,
  pilotage: `${CONSOLE_PATH}/pilotage`,
  post: (id: string) => `${CONSOLE_PATH}/postes/${encodeURIComponent(id)}`,
  action: (id: string, type: StaffEventType) => `${CONSOLE_PATH}/postes/${encodeURIComponent(id)}/actions/${type}`,
  /** « Exporter » on « Postes »: the posts, their tranches or their notices, as the list filters them. */
  export: (what: 'postes' | 'tranches' | 'notifications') => `${CONSOLE_PATH}/exports/${what}`,
  audit: (id: string) => `${CONSOLE_PATH}/postes/${encodeURIComponent(id)}/audit`,
  application: `${CONSOLE_PATH}/candidature`,
  signIn: `${CONSOLE_PATH}/connexion`,
  signedOut: `${CONSOLE_PATH}/deconnexion`,
  habilitation: `${CONSOLE_PATH}/habilitation`,
  dsfr: `${CONSOLE_PATH}/dsfr`,
  dsfrChart: `${CONSOLE_PATH}/dsfr-chart`,
  assets: `${CONSOLE_PATH}/assets`,
};

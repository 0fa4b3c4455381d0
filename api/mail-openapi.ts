import type { ResponseConfig, RouteConfig } from '@asteasolutions/zod-to-openapi';
import type { z } from 'zod';
import {
  DIRECTORY_PATH,
  directoryEntryParamsSchema,
  directoryEntryResourceSchema,
  directoryListQuerySchema,
  directoryListSchema,
  listNotificationsQuerySchema,
  notificationKeyParamsSchema,
  notificationListSchema,
  NOTIFICATIONS_PATH,
  setDirectoryEntryBodySchema,
} from './mail-api-schemas';
import { notificationResourceSchema, problemSchema, validationProblemSchema } from './post-api-schemas';
import { PROBLEM_CONTENT_TYPE } from './problem-details';

/** The email delivery's routes in the OpenAPI document (issue 11), registered by `openapi.ts`. */
const problem = (description: string, schema: z.ZodType = problemSchema): ResponseConfig => ({
  description,
  content: { [PROBLEM_CONTENT_TYPE]: { schema } },
});
const json = (description: string, schema: z.ZodType): ResponseConfig => ({ description, content: { 'application/json': { schema } } });
const entry = (description: string) => json(description, directoryEntryResourceSchema);
const unauthorized = problem('Jeton absent, invalide ou expiré (en-tête WWW-Authenticate), ou session terminée.');
const unavailable = problem('Temporal ou MongoDB injoignable : rien n’a été fait ; réessayer après Retry-After.');
const anctOnly = problem('Rôle autre que anct (`role.forbidden`), ou aucune habilitation.');
const readersOnly = problem('Rôle autre que anct ou auditor (`role.forbidden`), ou aucune habilitation.');
const entryNotFound = problem('Entrée inconnue (`directory.not_found`).');

export const mailRoutes: RouteConfig[] = [
  {
    method: 'get',
    path: NOTIFICATIONS_PATH,
    summary: 'Les notifications d’un état d’envoi : en cours, refusées, sans adresse (ANCT)',
    description: 'Rôle `anct`. Une notification `failed` porte la réponse du serveur SMTP ; une `no_recipient`, l’adresse qui manque et où la donner.',
    tags: ['notifications'],
    request: { query: listNotificationsQuerySchema },
    responses: { 200: json('Une page de notifications.', notificationListSchema), 400: problem('Paramètre invalide.', validationProblemSchema), 401: unauthorized, 403: anctOnly, 503: unavailable },
  },
  {
    method: 'post',
    path: `${NOTIFICATIONS_PATH}/{key}/resend`,
    summary: 'Renvoyer une notification refusée ou sans adresse, une fois l’adresse corrigée (ANCT)',
    description:
      'Rôle `anct`. La notification repart en `pending` et est envoyée avec les mêmes nouvelles tentatives qu’à sa création, avec le même Message-ID. Une notification déjà envoyée ne l’est jamais une seconde fois.',
    tags: ['notifications'],
    request: { params: notificationKeyParamsSchema },
    responses: {
      202: json('Renvoi demandé : la notification, en `pending`, avec ce renvoi dans `delivery.resends`.', notificationResourceSchema),
      401: unauthorized,
      403: anctOnly,
      404: problem('Notification inconnue (`notification.not_found`).'),
      409: problem('Déjà envoyée (`notification.already_sent`) ou en cours d’envoi (`notification.delivery_pending`).'),
      503: unavailable,
    },
  },
  {
    method: 'get',
    path: DIRECTORY_PATH,
    summary: 'L’annuaire des adresses : référents des préfectures, boîtes de l’ANCT et de la BdT, organismes de formation',
    tags: ['directory'],
    request: { query: directoryListQuerySchema },
    responses: { 200: json('Les entrées, avec leur historique.', directoryListSchema), 400: problem('Paramètre invalide.', validationProblemSchema), 401: unauthorized, 403: readersOnly, 503: unavailable },
  },
  {
    method: 'get',
    path: `${DIRECTORY_PATH}/{kind}/{scope}`,
    summary: 'Une entrée de l’annuaire, avec chaque changement et son auteur',
    tags: ['directory'],
    request: { params: directoryEntryParamsSchema },
    responses: { 200: entry('L’entrée.'), 401: unauthorized, 403: readersOnly, 404: entryNotFound, 503: unavailable },
  },
  {
    method: 'put',
    path: `${DIRECTORY_PATH}/{kind}/{scope}`,
    summary: 'Donner les adresses d’une entrée (ANCT)',
    description: 'Rôle `anct`. Le changement est inscrit avec son auteur ; redire les adresses déjà inscrites n’inscrit rien. Les avis déjà `no_recipient` se renvoient par POST /api/v1/notifications/{key}/resend.',
    tags: ['directory'],
    request: { params: directoryEntryParamsSchema, body: { required: true, content: { 'application/json': { schema: setDirectoryEntryBodySchema } } } },
    responses: {
      201: entry('Entrée créée.'),
      200: entry('Entrée mise à jour (ou inchangée).'),
      400: problem('JSON illisible.'),
      401: unauthorized,
      403: anctOnly,
      404: problem('Ni une préfecture (code département), ni mailbox/anct ou mailbox/bdt, ni un organisme de formation (`directory.unknown_scope`).'),
      413: problem('Corps trop volumineux.'),
      415: problem('Le corps n’est pas du JSON.'),
      422: problem('Adresses invalides.', validationProblemSchema),
      503: unavailable,
    },
  },
  {
    method: 'delete',
    path: `${DIRECTORY_PATH}/{kind}/{scope}`,
    summary: 'Retirer les adresses d’une entrée (ANCT) : son historique reste, ses avis seront sans adresse',
    tags: ['directory'],
    request: { params: directoryEntryParamsSchema },
    responses: { 200: entry('L’entrée, vide.'), 401: unauthorized, 403: anctOnly, 404: entryNotFound, 503: unavailable },
  },
];

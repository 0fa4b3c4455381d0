import { OpenAPIRegistry, OpenApiGeneratorV31, type ResponseConfig, type RouteConfig } from '@asteasolutions/zod-to-openapi';
import { Router } from 'express';
import { z } from 'zod';
import { businessDateSchema } from '../domain/calendar/business-date';
import { departmentCodeSchema } from '../domain/identity/department';
import { siretSchema } from '../domain/identity/siret';
import { structureSchema } from '../domain/lifecycle/post-events';
import { auditRoutes } from './audit-openapi';
import { ATTEMPT_COOKIE, AUTH_PATH } from './auth.router';
import { CSRF_HEADER, HABILITATION_HEADER, SESSION_COOKIE } from './authenticate';
import {
  grantHabilitationBodySchema,
  habilitationChoiceProblemSchema,
  habilitationHistorySchema,
  habilitationIdParamsSchema,
  habilitationListSchema,
  habilitationResourceSchema,
  listHabilitationsQuerySchema,
  meSchema,
} from './habilitation-api-schemas';
import { HABILITATIONS_PATH } from './habilitations.router';
import { exportRoutes } from './exports-openapi';
import { IDEMPOTENCY_HEADER } from './idempotency';
import { mailRoutes } from './mail-openapi';
import { ME_PATH } from './me.router';
import { describeDomainSchemas, withSafeIntegerBounds } from './openapi-constraints';
import {
  createPostBodySchema,
  healthSchema,
  historySchema,
  listPostsQuerySchema,
  notAllowedProblemSchema,
  notificationsSchema,
  postDetailSchema,
  postEventBodySchema,
  postIdParamsSchema,
  postListSchema,
  problemSchema,
  validationProblemSchema,
} from './post-api-schemas';
import { PROBLEM_CONTENT_TYPE } from './problem-details';
import { programmeRoutes } from './programme-openapi';
import { statsRoutes } from './stats-openapi';

export const OPENAPI_PATH = '/api/v1/openapi.json';

const problem = (description: string, schema: z.ZodType = problemSchema): ResponseConfig => ({
  description,
  content: { [PROBLEM_CONTENT_TYPE]: { schema } },
});
const json = (description: string, schema: z.ZodType): ResponseConfig => ({ description, content: { 'application/json': { schema } } });

const unauthorized = problem('Ni jeton valide ni session (jeton absent, invalide ou expiré ; en-tête WWW-Authenticate), ou session terminée.');
const unavailable = problem(
  'Temporal ou MongoDB injoignable : rien n’a été fait, ou, si la connexion s’est rompue en chemin, la transition l’a été entièrement, jamais à moitié. Renvoyer la même requête avec la même clé d’idempotence après Retry-After : elle reçoit sa réponse sans être appliquée deux fois.',
);
const forbidden = problem(
  'Aucune habilitation (`auth.no_habilitation`, avec à qui la demander) ou pas celle que nomme Cnum-Habilitation (`auth.habilitation_unknown`), jeton CSRF absent d’une requête de session (`auth.csrf`), ou le rôle ou le territoire de l’appelant ne le permet pas.',
);
const habilitationNotFound = problem('Habilitation inconnue.');
const habilitationHeader = z.object({
  [HABILITATION_HEADER]: z.string().optional().meta({ description: 'L’habilitation avec laquelle agir, pour qui en a plusieurs (GET /api/v1/me les liste).' }),
});
const csrfHeader = z.object({
  [CSRF_HEADER]: z.string().optional().meta({ description: 'Avec une session, pour toute requête qui modifie quelque chose : le jeton CSRF de GET /api/v1/me.' }),
});
const redirect = (description: string): ResponseConfig => ({ description, headers: z.object({ Location: z.string() }) });
const notFound = problem('Poste inconnu.');
const idempotencyHeader = z.object({
  [IDEMPOTENCY_HEADER]: z
    .string()
    .regex(/^[\x21-\x7e]{1,200}$/)
    .optional()
    .meta({
      description:
        'Même clé, même réponse et jamais une seconde transition, y compris pour deux requêtes simultanées. Clés propres à chaque appelant ; réutilisée pour un autre poste ou un autre corps : 422.',
    }),
});

/** OpenAPI links: where a client (or a fuzzer's stateful phase) goes next with the post's `id`. */
function linksToPost(what: string, id = '$response.body#/id') {
  const parameters = { id };
  return {
    GetPost: { operationId: 'getPost', parameters, description: `${what}, relu` },
    SendPostEvent: { operationId: 'sendPostEvent', parameters, description: `Un événement pour ${what.toLowerCase()}` },
    GetPostHistory: { operationId: 'getPostHistory', parameters, description: `L’historique de ${what.toLowerCase()}` },
    GetPostNotifications: { operationId: 'getPostNotifications', parameters, description: `Les notifications de ${what.toLowerCase()}` },
  };
}

const authRoutes: RouteConfig[] = [
  {
    method: 'get',
    path: `${AUTH_PATH}/login`,
    summary: 'Connexion : redirige vers le fournisseur d’identité (ProConnect), code d’autorisation avec PKCE, state et nonce',
    tags: ['auth'],
    request: { query: z.object({ returnTo: z.string().optional().meta({ description: 'Chemin de ce site où revenir une fois connecté (défaut /api/v1/me).' }) }) },
    responses: { 303: redirect('Vers le point d’autorisation du fournisseur.'), 503: problem('Le fournisseur d’identité ne répond pas.') },
  },
  {
    method: 'get',
    path: `${AUTH_PATH}/callback`,
    summary: 'Retour du fournisseur d’identité : vérifie le jeton d’identité et les userinfo signées, ouvre une session',
    tags: ['auth'],
    request: {
      query: z.object({ code: z.string().optional(), state: z.string().optional(), error: z.string().optional() }),
      cookies: z.object({ [ATTEMPT_COOKIE]: z.string().meta({ description: 'La connexion commencée par GET /auth/login, qui pose ce cookie.' }) }),
    },
    responses: {
      303: redirect(`Session ouverte (cookie ${SESSION_COOKIE}, httpOnly, SameSite=Lax, Secure hors boucle locale) ; vers returnTo.`),
      400: problem('Connexion non commencée ici ou expirée.'),
      401: problem('Connexion refusée, ou réponse du fournisseur invalide (state, nonce, signature).'),
      503: problem('Le fournisseur d’identité ne répond pas.'),
    },
  },
  {
    method: 'post',
    path: `${AUTH_PATH}/logout`,
    summary: 'Déconnexion : met fin à la session, puis à celle du fournisseur d’identité',
    tags: ['auth'],
    request: {
      headers: z.object({ [CSRF_HEADER]: z.string().optional() }),
      body: {
        required: false,
        content: { 'application/x-www-form-urlencoded': { schema: z.object({ _csrf: z.string().optional().meta({ description: 'Le jeton CSRF de la session.' }) }) } },
      },
    },
    responses: { 303: redirect('Vers le point de fin de session du fournisseur.'), 403: problem('Jeton CSRF absent ou invalide.') },
  },
  {
    method: 'get',
    path: `${AUTH_PATH}/logout/callback`,
    summary: 'Retour du fournisseur après la déconnexion',
    tags: ['auth'],
    request: { query: z.object({ state: z.string().optional() }) },
    responses: { 200: { description: 'Page « Vous êtes déconnecté(e) ».', content: { 'text/html': { schema: z.string() } } }, 400: problem('Le state ne correspond pas.') },
  },
];

const staffRoutes: RouteConfig[] = [
  {
    method: 'get',
    path: ME_PATH,
    summary: 'Qui appelle : la personne connectée ou le programme, ses habilitations, et le jeton CSRF d’une session',
    tags: ['auth'],
    responses: { 200: json('L’appelant ; sans habilitation, `noHabilitation` dit à qui la demander.', meSchema), 401: unauthorized, 503: unavailable },
  },
  {
    method: 'get',
    path: HABILITATIONS_PATH,
    summary: 'Habilitations : toutes pour l’ANCT et le contrôle, celles de son SIRET pour une structure',
    tags: ['habilitations'],
    request: { query: listHabilitationsQuerySchema },
    responses: { 200: json('Une page d’habilitations, les plus récentes d’abord.', habilitationListSchema), 400: problem('Paramètre invalide.', validationProblemSchema), 401: unauthorized, 403: forbidden, 503: unavailable },
  },
  {
    method: 'post',
    path: HABILITATIONS_PATH,
    summary: 'Habiliter : l’ANCT, tout rôle ; une structure, ses collègues pour son SIRET',
    tags: ['habilitations'],
    request: { body: { required: true, content: { 'application/json': { schema: grantHabilitationBodySchema } } } },
    responses: {
      201: json('Habilitation accordée (inscrite dans son historique).', habilitationResourceSchema),
      200: json('Déjà en vigueur : rien n’est changé.', habilitationResourceSchema),
      400: problem('JSON illisible.'),
      401: unauthorized,
      403: forbidden,
      415: problem('Le corps n’est pas du JSON.'),
      422: problem('Personne, programme, rôle ou périmètre invalide.', validationProblemSchema),
      503: unavailable,
    },
  },
  {
    method: 'get',
    path: `${HABILITATIONS_PATH}/history`,
    summary: 'Historique des habilitations : chaque attribution et chaque retrait (qui, quand, quoi)',
    tags: ['habilitations'],
    request: { query: listHabilitationsQuerySchema },
    responses: { 200: json('Les changements, les plus récents d’abord.', habilitationHistorySchema), 400: problem('Paramètre invalide.', validationProblemSchema), 401: unauthorized, 403: forbidden, 503: unavailable },
  },
  {
    method: 'get',
    path: `${HABILITATIONS_PATH}/{id}`,
    summary: 'Une habilitation, avec son historique',
    tags: ['habilitations'],
    request: { params: habilitationIdParamsSchema },
    responses: { 200: json('L’habilitation.', habilitationResourceSchema), 401: unauthorized, 403: forbidden, 404: habilitationNotFound, 503: unavailable },
  },
  {
    method: 'delete',
    path: `${HABILITATIONS_PATH}/{id}`,
    summary: 'Retirer une habilitation : effective dès la requête suivante de son titulaire',
    tags: ['habilitations'],
    request: { params: habilitationIdParamsSchema },
    responses: { 200: json('L’habilitation retirée (ou déjà retirée), avec son historique.', habilitationResourceSchema), 401: unauthorized, 403: forbidden, 404: habilitationNotFound, 503: unavailable },
  },
];

const routes: RouteConfig[] = [
  {
    method: 'get',
    path: '/health',
    operationId: 'getHealth',
    summary: 'État du service et de ses dépendances',
    tags: ['service'],
    responses: { 200: json('Temporal et MongoDB répondent.', healthSchema), 503: problem('Une dépendance ne répond pas.') },
  },
  {
    method: 'get',
    path: OPENAPI_PATH,
    operationId: 'getOpenApiDocument',
    summary: 'Ce document',
    tags: ['service'],
    responses: { 200: { description: 'Document OpenAPI 3.1', content: { 'application/json': { schema: { type: 'object' } } } } },
  },
  {
    method: 'post',
    path: '/api/v1/posts',
    operationId: 'createPost',
    summary: 'Candidature d’une structure : crée un poste',
    description: 'Rôle `structure`, pour son propre SIRET. `appliedOn` est le jour courant à Paris (Europe/Paris).',
    tags: ['posts'],
    request: {
      headers: idempotencyHeader,
      body: { required: true, content: { 'application/json': { schema: createPostBodySchema } } },
    },
    responses: {
      201: {
        description: 'Poste créé (statut concertation).',
        headers: z.object({ Location: z.string().meta({ description: '/api/v1/posts/{id}' }) }),
        content: { 'application/json': { schema: postDetailSchema } },
        links: linksToPost('Le poste créé'),
      },
      400: problem('En-tête Idempotency-Key malformé ou JSON illisible.'),
      401: unauthorized,
      403: forbidden,
      409: problem('Politique incompatible avec le secteur de la structure, ou phase d’attribution close (`application.attribution_closed`).', notAllowedProblemSchema),
      413: problem('Corps trop volumineux.'),
      415: problem('Le corps n’est pas du JSON.'),
      422: problem('Champs invalides ou inconnus, ou clé d’idempotence réutilisée.', validationProblemSchema),
      503: unavailable,
    },
  },
  {
    method: 'get',
    path: '/api/v1/posts',
    operationId: 'listPosts',
    summary: 'Liste des postes visibles par l’appelant (modèle de lecture MongoDB)',
    description:
      'Une structure voit ses postes, une préfecture ceux de son département, un organisme de formation ceux dont il forme le conseiller ; ANCT, BdT et auditeurs voient tout. Tri : les plus récents d’abord. Pagination par `page` et `pageSize`.',
    tags: ['posts'],
    request: { query: listPostsQuerySchema },
    responses: {
      200: {
        ...json('Une page de postes.', postListSchema),
        links: linksToPost('Le premier poste de la page', '$response.body#/items/0/id'),
      },
      400: problem('Paramètre inconnu, répété ou invalide.', validationProblemSchema),
      401: unauthorized,
      503: unavailable,
    },
  },
  {
    method: 'get',
    path: '/api/v1/posts/{id}',
    operationId: 'getPost',
    summary: 'Un poste, avec les événements que l’appelant peut envoyer maintenant',
    tags: ['posts'],
    request: { params: postIdParamsSchema },
    responses: { 200: json('Le poste.', postDetailSchema), 401: unauthorized, 403: forbidden, 404: notFound, 503: unavailable },
  },
  {
    method: 'post',
    path: '/api/v1/posts/{id}/events',
    operationId: 'sendPostEvent',
    summary: 'Envoyer un événement au poste (RULES.md §4)',
    description: 'Le corps est `{ "type": "<ÉVÉNEMENT>", …charge utile }`. Chaque refus est inscrit dans l’historique du poste.',
    tags: ['posts'],
    request: {
      params: postIdParamsSchema,
      headers: idempotencyHeader,
      body: { required: true, content: { 'application/json': { schema: postEventBodySchema } } },
    },
    responses: {
      200: { ...json('Le poste après la transition.', postDetailSchema), links: linksToPost('Le poste') },
      400: problem('En-tête Idempotency-Key malformé ou JSON illisible.'),
      401: unauthorized,
      403: forbidden,
      404: notFound,
      409: problem('Événement impossible maintenant : la règle qui le refuse et les événements possibles.', notAllowedProblemSchema),
      413: problem('Corps trop volumineux.'),
      415: problem('Le corps n’est pas du JSON.'),
      422: problem('Charge utile invalide (chaque champ) ou clé d’idempotence réutilisée.', validationProblemSchema),
      503: unavailable,
    },
  },
  {
    method: 'get',
    path: '/api/v1/posts/{id}/history',
    operationId: 'getPostHistory',
    summary: 'Historique : événements acceptés (acteur, date, charge utile, statut avant → après) et tentatives refusées',
    tags: ['posts'],
    request: { params: postIdParamsSchema },
    responses: { 200: json('L’historique, dans l’ordre de réception.', historySchema), 401: unauthorized, 403: forbidden, 404: notFound, 503: unavailable },
  },
  {
    method: 'get',
    path: '/api/v1/posts/{id}/notifications',
    operationId: 'getPostNotifications',
    summary: 'Rappels et avis écrits pour le poste, avec leur envoi par courriel',
    tags: ['posts'],
    request: { params: postIdParamsSchema },
    responses: { 200: json('Les notifications, dans l’ordre de création.', notificationsSchema), 401: unauthorized, 403: forbidden, 404: notFound, 503: unavailable },
  },
];

/** Paths served without a token or a session. */
const PUBLIC_PATHS = new Set(['/health', OPENAPI_PATH, ...authRoutes.map((route) => route.path)]);

/**
 * What every route that acts with a habilitation (all but the public ones and GET /api/v1/me)
 * accepts and may answer: the header that names the habilitation, the CSRF header of a session's
 * change, the 400 of a caller who holds several habilitations and named none, and the 403 of one
 * who holds none, or not the one named.
 */
function actingWithHabilitation(route: RouteConfig): RouteConfig {
  const own = route.request?.headers;
  const headers = z.object({
    ...(own instanceof z.ZodObject ? own.shape : {}),
    ...habilitationHeader.shape,
    ...(route.method === 'get' ? {} : csrfHeader.shape),
  });
  const ownBadRequest = route.responses[400] as ResponseConfig | undefined;
  const ownSchema = ownBadRequest?.content?.[PROBLEM_CONTENT_TYPE]?.schema as z.ZodType | undefined;
  const choice = 'plusieurs habilitations, aucune nommée dans l’en-tête Cnum-Habilitation (`auth.habilitation_choice_required`).';
  const badRequest = ownSchema
    ? problem(`${ownBadRequest!.description.replace(/\.$/, '')} ; ou ${choice}`, z.union([ownSchema, habilitationChoiceProblemSchema]))
    : problem(`L’appelant a ${choice}`, habilitationChoiceProblemSchema);
  // No habilitation, or not the one the header names, is a 403 on every such route.
  const refused = route.responses[403] ?? forbidden;
  return { ...route, request: { ...route.request, headers }, responses: { ...route.responses, 400: badRequest, 403: refused } };
}

let cached: ReturnType<OpenApiGeneratorV31['generateDocument']> | undefined;

/** The OpenAPI 3.1 document, generated from the zod schemas the routes parse with. */
export function openApiDocument() {
  if (cached) return cached;
  describeDomainSchemas();
  const registry = new OpenAPIRegistry();
  registry.registerComponent('securitySchemes', 'bearerAuth', {
    type: 'http',
    scheme: 'bearer',
    bearerFormat: 'JWT',
    description:
      'Programmes : jeton d’accès JWT du serveur d’autorisation (API_TOKEN_ISSUER, grant client credentials), audience API_AUDIENCE, signé par une clé asymétrique de son JWKS. Ce que le programme peut faire est son habilitation (par client_id).',
  });
  registry.registerComponent('securitySchemes', 'sessionCookie', {
    type: 'apiKey',
    in: 'cookie',
    name: SESSION_COOKIE,
    description: 'Personnes : la session ouverte par GET /auth/login (ProConnect). Toute requête qui modifie quelque chose porte le jeton CSRF (en-tête X-CSRF-Token).',
  });
  for (const route of [...routes, ...staffRoutes, ...authRoutes, ...programmeRoutes, ...statsRoutes, ...auditRoutes, ...mailRoutes, ...exportRoutes]) {
    if (PUBLIC_PATHS.has(route.path)) registry.registerPath(route);
    else {
      const acting = route.path === ME_PATH ? route : actingWithHabilitation(route);
      registry.registerPath({ ...acting, security: [{ bearerAuth: [] }, { sessionCookie: [] }] });
    }
  }
  cached = withSafeIntegerBounds(new OpenApiGeneratorV31(registry.definitions).generateDocument({
    openapi: '3.1.0',
    info: {
      title: 'cnum-orchestrator — API du personnel',
      version: '1.0.0',
      description:
        'Postes de conseillers numériques France Services : candidature, instruction, recrutement, formation, convention et tranches. Erreurs en application/problem+json (RFC 9457).',
    },
    tags: [{ name: 'posts' }, { name: 'audit' }, { name: 'programme' }, { name: 'stats' }, { name: 'notifications' }, { name: 'directory' }, { name: 'exports' }, { name: 'habilitations' }, { name: 'auth' }, { name: 'service' }],
  }));
  return cached;
}

export function openApiRouter(): Router {
  const router = Router();
  router.get(OPENAPI_PATH, (_req, res) => {
    res.json(openApiDocument());
  });
  return router;
}

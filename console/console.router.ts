import { randomUUID } from 'node:crypto';
import express, { type ErrorRequestHandler, type Request, type RequestHandler, type Response, Router } from 'express';
import helmet from 'helmet';
import type { Logger } from 'pino';
import { actorOf as actorOfHabilitation, describeRoleScope } from '../auth/habilitations/habilitation';
import type { Habilitation, HabilitationStore } from '../auth/habilitations/habilitation-store';
import type { Actor } from '../domain/lifecycle/actor';
import type { Refusal } from '../domain/lifecycle/decide-post-event';
import { isStaffEventType, type StaffEventType } from '../domain/lifecycle/post-events';
import { checkApplicationDuringAttribution } from '../domain/programme/attribution-phase';
import type { Models } from '../models/create-models';
import { createAttributionPhaseStore } from '../api/attribution-phase-store';
import { callerOf, readCookie, whomToAsk } from '../api/authenticate';
import { applicantOf, type PostEventSender } from '../api/post-event-sender';
import { PostNotFoundError, TemporalUnavailableError } from '../api/post-client-errors';
import { actorMaySee, type PostDocument, toPostResource } from '../api/post-resource';
import { readPostHistory, readPostNotifications } from '../api/post-timeline';
import { type PostWorkflowClient, translate } from '../api/post-workflow-client';
import type { PostAuditor } from '../audit/post-auditor';
import { ProblemError } from '../api/problem-details';
import { figuresFor } from '../api/stats.router';
import { todayInParis } from '../api/today-in-paris';
import { sendExport } from '../exports/export-response';
import { createPostListQueries, postListFilter } from './adapters/post-list-queries';
import { ASSETS_DIR, createPageRenderer, DSFR_CHART_DIST_DIR, DSFR_DIST_DIR } from './adapters/console-pages';
import { CONSOLE_PATH, consolePaths } from './console-paths';
import { auditView } from './view-models/audit-view';
import { checkPayload, eventForm, type FormState, formPayload } from './view-models/event-form';
import { myActionsView } from './view-models/my-actions-view';
import { parsePilotageQuery, pilotageView } from './view-models/pilotage-view';
import { type ActionFormState, postPageView } from './view-models/post-page-view';
import { paginationView, parsePostListQuery, POSTS_PAGE_SIZE, postsListView } from './view-models/posts-list-view';

export interface ConsoleDeps {
  logger: Logger;
  models: Models;
  posts: PostWorkflowClient;
  /** `authenticate(…)` of the API: the console is the same site, signed in with the same session. */
  authenticate: RequestHandler;
  habilitations: HabilitationStore;
  events: PostEventSender;
  /** The audit page's replay of the workflow history: the API's auditor, one bundle for both. */
  auditPost: PostAuditor;
  /** The identity provider's issuer: the sign-out form is sent on to it. */
  oidcIssuer: string;
  secureCookies: boolean;
}

/** The form field that carries each rendered form's idempotency key. */
export const IDEMPOTENCY_FIELD = '_idempotency';
const HABILITATION_COOKIE = 'cnum_console_habilitation';
const MY_ACTIONS_PAGE_SIZE = 50;
/** The roles that may open a post's audit page (RULES.md §6, issue 14). */
const AUDIT_ROLES = new Set(['auditor', 'anct']);

/** An error shown as a page of the console, with its HTTP status. */
class PageError extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    readonly detail: string,
    readonly template = 'error',
  ) {
    super(detail);
  }
}

/**
 * The security headers of every page: scripts and styles from this site only, no inline script.
 * `styleAttributes` is for Pilotage's charts only: DSFR Chart writes its tooltip's colour dot as a
 * `style` attribute through `innerHTML`, which `style-src 'self'` blocks. Allowing style attributes
 * (not style sheets, not scripts) on that page is the narrowest opening that draws it.
 */
function securityHeaders(oidcIssuer: string, { styleAttributes = false } = {}): RequestHandler {
  return helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'none'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        ...(styleAttributes ? { styleSrcAttr: ["'unsafe-inline'"] } : {}),
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'"],
        connectSrc: ["'self'"],
        manifestSrc: ["'self'"],
        // Sign-out is a form sent here, then on to the identity provider's end-session page.
        formAction: ["'self'", new URL(oidcIssuer).origin],
        frameAncestors: ["'none'"],
        baseUri: ["'none'"],
      },
    },
    referrerPolicy: { policy: 'same-origin' },
  });
}

const noStore: RequestHandler = (_req, res, next) => {
  res.set('cache-control', 'no-store');
  next();
};

/** A path of the console to come back to after signing in; anything else is ignored. */
function consoleReturnPath(value: unknown): string {
  return typeof value === 'string' && value.startsWith(`${CONSOLE_PATH}/`) && !value.startsWith(`${CONSOLE_PATH}//`) && value.length <= 500 ? value : consolePaths.myActions;
}

/** The page that ends a sign-out (`GET /auth/logout/callback`), in the console's look. */
export function consoleSignedOutPage(oidcIssuer: string): RequestHandler[] {
  const pages = createPageRenderer();
  return [securityHeaders(oidcIssuer), (_req, res) => void res.type('html').send(pages.render('signed-out', { paths: consolePaths }))];
}

/**
 * The staff console: server-rendered pages with the State's design system, same origin as the
 * API, signed in with its session. Pages read the MongoDB read model and ask the workflows what
 * a person may do, through the same internals as the API; actions are plain HTML forms, each
 * carrying the session's CSRF token and an idempotency key of its own.
 */
export function consoleRouter(deps: ConsoleDeps): Router {
  const router = Router();
  const pages = createPageRenderer();
  const lists = createPostListQueries(deps.models);

  router.use(securityHeaders(deps.oidcIssuer));
  router.use('/dsfr', express.static(DSFR_DIST_DIR, { index: false, maxAge: '1d', fallthrough: false }));
  router.use('/assets', express.static(ASSETS_DIR, { index: false, maxAge: '1h', fallthrough: false }));
  router.use('/dsfr-chart', express.static(DSFR_CHART_DIST_DIR, { index: false, maxAge: '1d', fallthrough: false }));

  const page = (res: Response, template: string, context: Record<string, unknown>, status = 200) => {
    res.status(status).type('html').send(pages.render(template, { paths: consolePaths, ...res.locals.layout, ...context }));
  };

  router.get('/connexion', noStore, (req, res) => {
    const returnTo = consoleReturnPath(req.query.retour);
    page(res, 'sign-in', { loginHref: `/auth/login?returnTo=${encodeURIComponent(returnTo)}` });
  });

  router.get('/deconnexion', noStore, (_req, res) => page(res, 'signed-out', {}));

  router.use(noStore, express.urlencoded({ extended: false, limit: '64kb' }), deps.authenticate);

  /** The signed-in person, with the habilitation they act with (chosen when they hold several). */
  router.use(async (req, res, next) => {
    try {
      const caller = callerOf(res);
      if (!caller.session) throw new PageError(401, 'Connexion requise', 'La console s’utilise connecté(e) avec ProConnect.');
      const person = caller.session;
      res.locals.layout = {
        person: { name: [person.givenName, person.usualName].filter(Boolean).join(' ') || person.email, email: person.email },
        csrfToken: person.csrfToken,
      };
      // A person of a structure may apply before holding any habilitation: applying gives one (issue 13).
      if (caller.habilitations.length === 0 && req.path === '/candidature' && person.siret) {
        next();
        return;
      }
      if (caller.habilitations.length === 0) {
        res.locals.layout.mayApply = Boolean(person.siret);
        throw new PageError(403, 'Aucune habilitation', await whomToAsk(caller, deps.habilitations), 'no-habilitation');
      }
      const chosen = readCookie(req, HABILITATION_COOKIE);
      const acting: Habilitation | undefined =
        caller.habilitations.length === 1 ? caller.habilitations[0] : caller.habilitations.find((h) => h.id === chosen);
      res.locals.layout.habilitations = caller.habilitations.length > 1 ? caller.habilitations.map((h) => ({ id: h.id, label: describeRoleScope(h.scope), current: h === acting })) : null;
      if (acting) {
        res.locals.actor = actorOfHabilitation(caller.principal, acting.scope);
        res.locals.layout.acting = describeRoleScope(acting.scope);
      } else if (req.path !== '/habilitation') {
        res.redirect(303, `${consolePaths.habilitation}?retour=${encodeURIComponent(req.originalUrl)}`);
        return;
      }
      next();
    } catch (error) {
      next(error);
    }
  });

  const actorOf = (res: Response): Actor => res.locals.actor as Actor;

  router.get('/habilitation', (req, res) => page(res, 'habilitation', { returnTo: consoleReturnPath(req.query.retour) }));
  router.post('/habilitation', (req, res) => {
    const caller = callerOf(res);
    const wanted = (req.body as Record<string, string>).habilitation;
    if (!caller.habilitations.some((h) => h.id === wanted)) throw new PageError(400, 'Habilitation inconnue', 'Choisissez une de vos habilitations.');
    res.cookie(HABILITATION_COOKIE, wanted, { httpOnly: true, sameSite: 'lax', secure: deps.secureCookies, path: CONSOLE_PATH });
    res.redirect(303, consoleReturnPath((req.body as Record<string, string>).retour));
  });

  const applicationPage = (res: Response, state: FormState & { key: string; refusal?: { code: string; message: string } | null }, status = 200) =>
    page(res, 'application', { nav: 'application', form: { ...eventForm('SUBMIT_APPLICATION', state), key: state.key, refusal: state.refusal ?? null } }, status);

  const attributionPhase = createAttributionPhaseStore(deps.models);

  router.get('/candidature', async (_req, res) => {
    const caller = callerOf(res);
    const actor = res.locals.actor as Actor | undefined;
    // RULES.md §2.5: while ANCT keeps the attribution closed, the structure learns it before filling in the form.
    const phase = checkApplicationDuringAttribution(await attributionPhase.read());
    if (!phase.ok) return page(res, 'application', { nav: 'application', closed: { code: phase.code, message: phase.message } });
    const siret = actor?.role === 'structure' ? actor.siret : (caller.session?.siret ?? '');
    applicationPage(res, { values: { 'structure.siret': siret }, key: randomUUID() });
  });

  router.post('/candidature', async (req, res) => {
    const caller = callerOf(res);
    const values = Object.fromEntries(Object.entries(req.body as Record<string, unknown>).map(([k, v]) => [k, typeof v === 'string' ? v : '']));
    const { type: _type, ...body } = formPayload('SUBMIT_APPLICATION', values);
    const errors = checkPayload('SUBMIT_APPLICATION', { type: 'SUBMIT_APPLICATION', ...body, appliedOn: todayInParis() });
    const again = (refusal: { code: string; message: string }, fieldErrors: Record<string, string>, status: number) =>
      applicationPage(res, { values, errors: fieldErrors, key: randomUUID(), refusal }, status);
    if (errors) return again({ code: 'event.invalid_payload', message: 'La candidature contient des erreurs : corrigez les champs signalés.' }, errors, 422);
    const actor = applicantOf(caller, (body as { structure: { siret: string } }).structure.siret) ?? (res.locals.actor as Actor | undefined);
    if (!actor) return again({ code: 'auth.no_habilitation', message: await whomToAsk(caller, deps.habilitations) }, {}, 403);
    const outcome = await deps.events.apply({ caller, actor, body: body as never, key: values[IDEMPOTENCY_FIELD] || null });
    if (!outcome.ok) {
      const fieldErrors = outcome.refusal.kind === 'invalid_payload' ? Object.fromEntries(outcome.refusal.issues.map((i) => [i.path, i.message])) : {};
      return again({ code: outcome.refusal.code, message: outcome.refusal.message }, fieldErrors, refusalStatus(outcome.refusal));
    }
    res.redirect(303, `${consolePaths.post(outcome.postId)}?fait=SUBMIT_APPLICATION`);
  });

  router.get('/', async (req, res) => {
    const actor = actorOf(res);
    const { items, total } = myActionsView(await lists.actionable(actor), actor, todayInParis(), consolePaths.post);
    const pageNumber = Math.max(1, Number.parseInt(String(req.query.page ?? '1'), 10) || 1);
    page(res, 'my-actions', {
      nav: 'my-actions',
      readOnly: actor.role === 'auditor',
      mayApply: actor.role === 'structure',
      items: items.slice((pageNumber - 1) * MY_ACTIONS_PAGE_SIZE, pageNumber * MY_ACTIONS_PAGE_SIZE),
      total,
      pagination: paginationView(pageNumber, total, MY_ACTIONS_PAGE_SIZE, (n) => `${consolePaths.myActions}${n > 1 ? `?page=${n}` : ''}`),
    });
  });

  router.get('/postes', async (req, res) => {
    const actor = actorOf(res);
    const { filters, page: pageNumber, dropped } = parsePostListQuery(req.query as Record<string, unknown>);
    const { rows, total } = await lists.postsPage(actor, filters, pageNumber, POSTS_PAGE_SIZE);
    page(res, 'posts', {
      nav: 'posts',
      list: postsListView({
        rows,
        total,
        page: pageNumber,
        filters,
        dropped,
        today: todayInParis(),
        listPath: consolePaths.posts,
        postHref: consolePaths.post,
        departmentFixed: actor.role === 'prefecture' ? actor.department : null,
        exportPaths: { posts: consolePaths.export('postes'), tranches: consolePaths.export('tranches'), notifications: consolePaths.export('notifications') },
      }),
    });
  });

  /** « Exporter » (issue 15): what « Postes » lists with these filters and this search, every page of it. */
  for (const [path, kind] of [['postes', 'posts'], ['tranches', 'tranches'], ['notifications', 'notifications']] as const) {
    router.get(`/exports/${path}`, async (req, res) => {
      const { filters } = parsePostListQuery(req.query as Record<string, unknown>);
      const format = req.query.format === 'xlsx' ? 'xlsx' : 'csv';
      await sendExport({ res, logger: deps.logger, models: deps.models, kind, format, filter: postListFilter(actorOf(res), filters) });
    });
  }

  /** The post, if this person may see it: the 404 and 403 pages otherwise. */
  async function visiblePost(actor: Actor, postId: string): Promise<PostDocument> {
    const doc = postId.length <= 128 ? await deps.models.Post.findById(postId).lean<PostDocument>() : null;
    if (!doc) throw new PageError(404, 'Poste introuvable', `Le poste ${postId} n’existe pas.`);
    const access = actorMaySee(actor, doc);
    if (!access.ok) throw new PageError(403, 'Accès non autorisé', access.message, 'forbidden');
    return doc;
  }

  async function allowedEventsOf(postId: string, actor: Actor): Promise<StaffEventType[] | null> {
    try {
      return (await deps.posts.allowedEvents(postId, actor)).filter((t): t is StaffEventType => isStaffEventType(t) && t !== 'SUBMIT_APPLICATION');
    } catch (error) {
      if (error instanceof PostNotFoundError) return [];
      if (error instanceof TemporalUnavailableError) return null;
      throw error;
    }
  }

  async function renderPost(res: Response, doc: PostDocument, options: { forms?: Partial<Record<StaffEventType, ActionFormState>>; refusal?: { action: string; message: string; code: string } | null; done?: StaffEventType | null; status?: number }) {
    const actor = actorOf(res);
    const [{ items: history }, notifications, allowedEvents, colleagues] = await Promise.all([
      readPostHistory(deps.models, doc._id),
      readPostNotifications(deps.models, doc._id),
      allowedEventsOf(doc._id, actor),
      deps.habilitations.colleaguesOf(doc.siret),
    ]);
    const applicant = history.find((e) => e.outcome === 'accepted' && e.type === 'SUBMIT_APPLICATION')?.actor.id;
    const contacts = [...new Set([...(applicant?.includes('@') ? [applicant] : []), ...colleagues])];
    const view = postPageView({
      post: toPostResource(doc),
      history,
      // Issue 11 writes each notification's delivery state on its row; none has one yet.
      notifications: notifications.map((n) => ({ ...n, deliveryState: null })),
      allowedEvents,
      forms: options.forms ?? {},
      newKey: randomUUID,
      contacts,
      today: todayInParis(),
      done: options.done ?? null,
      auditHref: AUDIT_ROLES.has(actor.role) ? consolePaths.audit(doc._id) : null,
      actionHref: (type) => consolePaths.action(doc._id, type),
      postHref: consolePaths.post,
    });
    page(res, 'post', { nav: 'posts', post: view, refusal: options.refusal ?? null }, options.status ?? 200);
  }

  router.get('/pilotage', securityHeaders(deps.oidcIssuer, { styleAttributes: true }), async (req, res) => {
    const actor = actorOf(res);
    const { query, dropped } = parsePilotageQuery(req.query as Record<string, unknown>);
    // A prefecture's page is its département's, shown as fixed: a département in the address is not another filter.
    if (actor.role === 'prefecture') query.department = undefined;
    const figures = await figuresFor(deps.models, actor, query);
    page(res, 'pilotage', { nav: 'pilotage', view: pilotageView(figures, { query, dropped, departmentFixed: actor.role === 'prefecture' ? actor.department : null }) });
  });

  router.get('/postes/:id', async (req, res) => {
    const doc = await visiblePost(actorOf(res), String(req.params.id));
    const done = typeof req.query.fait === 'string' && isStaffEventType(req.query.fait) ? req.query.fait : null;
    await renderPost(res, doc, { done });
  });

  const refusalStatus = (refusal: Refusal) => (refusal.kind === 'invalid_payload' ? 422 : refusal.kind === 'forbidden' ? 403 : 409);

  router.post('/postes/:id/actions/:type', async (req, res) => {
    const actor = actorOf(res);
    const type = String(req.params.type);
    if (!isStaffEventType(type) || type === 'SUBMIT_APPLICATION') throw new PageError(404, 'Action inconnue', `L’action ${type} n’existe pas.`);
    const doc = await visiblePost(actor, String(req.params.id));
    const values = Object.fromEntries(Object.entries(req.body as Record<string, unknown>).map(([k, v]) => [k, typeof v === 'string' ? v : '']));
    const payload = formPayload(type, values);
    const errors = checkPayload(type, payload);
    const retry = (refusal: { code: string; message: string }, fieldErrors: Record<string, string>, status: number) =>
      renderPost(res, doc, {
        forms: { [type]: { values, errors: fieldErrors, refusal, key: randomUUID() } },
        refusal: { action: type, ...refusal },
        status,
      });
    if (errors) {
      const count = Object.keys(errors).length;
      return retry({ code: 'event.invalid_payload', message: count === 1 ? 'Le formulaire contient une erreur : corrigez le champ signalé.' : `Le formulaire contient ${count} erreurs : corrigez les champs signalés.` }, errors, 422);
    }
    const outcome = await deps.events.send({ actor, postId: doc._id, body: payload, key: values[IDEMPOTENCY_FIELD] || null });
    if (outcome.ok) {
      // The workflow's activity wrote the read model before the update returned.
      res.redirect(303, `${consolePaths.post(doc._id)}?fait=${type}`);
      return;
    }
    const { refusal } = outcome;
    const fieldErrors = refusal.kind === 'invalid_payload' ? Object.fromEntries(refusal.issues.map((i) => [i.path, i.message])) : {};
    return retry({ code: refusal.code, message: refusal.message }, fieldErrors, refusalStatus(refusal));
  });

  router.get('/postes/:id/audit', async (req, res) => {
    const actor = actorOf(res);
    if (!AUDIT_ROLES.has(actor.role)) throw new PageError(403, 'Accès non autorisé', 'La page d’audit est réservée au contrôle et à l’ANCT.', 'forbidden');
    const doc = await visiblePost(actor, String(req.params.id));
    const [{ items, replay }, report] = await Promise.all([
      readPostHistory(deps.models, doc._id),
      deps.auditPost(doc._id).catch((error: unknown) => Promise.reject(translate(doc._id, error))),
    ]);
    if (!report) throw new PostNotFoundError(doc._id);
    page(res, 'audit', {
      nav: 'posts',
      audit: auditView({
        post: toPostResource(doc),
        history: items,
        replay,
        timelineDownloadHref: `/api/v1/posts/${encodeURIComponent(doc._id)}/history`,
        postHref: consolePaths.post(doc._id),
        workflowHistory: { report, downloadHref: `/api/v1/posts/${encodeURIComponent(doc._id)}/workflow-history` },
      }),
    });
  });

  const errors: ErrorRequestHandler = (error, req: Request, res, _next) => {
    if (error instanceof TemporalUnavailableError) error = new PageError(503, 'Service indisponible', error.message);
    if (error instanceof ProblemError) error = new PageError(error.status, error.title, error.detail);
    const status = (error as { status?: unknown }).status;
    if (!(error instanceof PageError) && typeof status === 'number' && status >= 400 && status < 500) {
      error = new PageError(status, 'Page introuvable', `Aucune page ne répond à ${req.originalUrl}.`);
    }
    if (!(error instanceof PageError)) {
      deps.logger.error({ err: error, path: req.path }, 'console page failed');
      error = new PageError(500, 'Erreur interne', 'Une erreur inattendue est survenue ; elle a été journalisée. Réessayez dans quelques instants.');
    }
    const pageError = error as PageError;
    if (pageError.status === 401) {
      res.redirect(303, `${consolePaths.signIn}?retour=${encodeURIComponent(req.method === 'GET' ? req.originalUrl : consolePaths.myActions)}`);
      return;
    }
    res.locals.layout ??= {};
    page(res, pageError.template, { title: pageError.title, detail: pageError.detail, status: pageError.status }, pageError.status);
  };
  router.use(errors);
  return router;
}

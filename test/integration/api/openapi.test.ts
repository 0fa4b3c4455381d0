import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Router } from 'express';
import pino from 'pino';
import { healthRouter } from '../../../api/health.router';
import { idempotencyKeyModel } from '../../../api/idempotency-key.model';
import { OPENAPI_PATH, openApiDocument, openApiRouter } from '../../../api/openapi';
import { auditRouter } from '../../../api/audit.router';
import { createPostAuditor } from '../../../audit/post-auditor';
import { authRouter } from '../../../api/auth.router';
import { HABILITATIONS_PATH, habilitationsRouter } from '../../../api/habilitations.router';
import { meRouter } from '../../../api/me.router';
import { POSTS_PATH, postsRouter } from '../../../api/posts.router';
import type { RelyingParty } from '../../../auth/sign-in/relying-party';
import { PROGRAMME_PATH } from '../../../api/programme-api-schemas';
import { programmeRouter } from '../../../api/programme.router';
import { STATS_PATH } from '../../../api/stats-api-schemas';
import { statsRouter } from '../../../api/stats.router';
import { directoryRouter } from '../../../api/directory.router';
import { DIRECTORY_PATH, NOTIFICATIONS_PATH } from '../../../api/mail-api-schemas';
import { notificationsRouter } from '../../../api/notifications.router';
import { EXPORTS_PATH } from '../../../api/export-api-schemas';
import { exportsRouter } from '../../../api/exports.router';
import { staffEventTypes } from '../../../domain/lifecycle/post-events';
import { type ApiHarness, startApiHarness } from './api-harness';

/** The OpenAPI document: valid OpenAPI 3.1, and every route the API serves, and only those. */
describe('GET /api/v1/openapi.json', () => {
  let api: ApiHarness;
  let doc: any;
  beforeAll(async () => {
    api = await startApiHarness();
    const answer = await api.request('GET', OPENAPI_PATH);
    expect(answer.status).toBe(200);
    doc = answer.body;
  });
  afterAll(() => api?.close());

  const validatorCli = path.join(path.dirname(require.resolve('@seriousme/openapi-schema-validator/package.json')), 'bin', 'validate-api-cli.js');
  function validate(document: unknown): { valid: boolean; errors?: unknown } {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'openapi-'));
    const file = path.join(dir, 'openapi.json');
    fs.writeFileSync(file, JSON.stringify(document));
    try {
      return JSON.parse(execFileSync(process.execPath, [validatorCli, file], { encoding: 'utf8' }));
    } catch (error) {
      return JSON.parse((error as { stdout: string }).stdout);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }

  it('is served without a token and is the generated document', () => {
    expect(doc).toEqual(JSON.parse(JSON.stringify(openApiDocument())));
    expect(doc.openapi).toBe('3.1.0');
  });

  it('passes the OpenAPI 3.1 schema validator (which refuses a broken document)', () => {
    expect(validate(doc)).toEqual({ valid: true });
    expect(validate({ ...doc, info: undefined }).valid).toBe(false);
    expect(validate({ ...doc, paths: { '/x': { get: { responses: { 200: { content: 'nope' } } } } } }).valid).toBe(false);
  });

  it('resolves every $ref', () => {
    const refs: string[] = [];
    const walk = (node: unknown) => {
      if (Array.isArray(node)) node.forEach(walk);
      else if (node && typeof node === 'object') {
        for (const [k, v] of Object.entries(node)) {
          if (k === '$ref' && typeof v === 'string') refs.push(v);
          else walk(v);
        }
      }
    };
    walk(doc);
    expect(refs.length).toBeGreaterThan(50);
    for (const ref of new Set(refs)) {
      const target = ref
        .replace(/^#\//, '')
        .split('/')
        .reduce((node: any, part) => node?.[part], doc);
      expect({ ref, found: target !== undefined }).toEqual({ ref, found: true });
    }
  });

  it('documents every route the API serves, and only those', () => {
    const served = new Set<string>();
    const collect = (router: Router, prefix: string) => {
      for (const layer of router.stack) {
        const route = layer.route as { path: string; methods: Record<string, boolean> } | undefined;
        if (!route) continue;
        const full = `${prefix}${route.path === '/' ? '' : route.path}`.replace(/:(\w+)/g, '{$1}') || '/';
        for (const method of Object.keys(route.methods)) served.add(`${method.toUpperCase()} ${full}`);
      }
    };
    const deps = { temporal: api.client, mongo: api.mongo, namespace: 'default', taskQueue: api.harness.taskQueue };
    collect(healthRouter(deps), '');
    collect(openApiRouter(), '');
    const authenticate = () => undefined;
    const habilitations = api.habilitations;
    collect(
      postsRouter({ logger: pino({ level: 'silent' }), models: api.models, posts: api.posts, authenticate, habilitations, idempotencyKeys: idempotencyKeyModel(api.mongo) }),
      POSTS_PATH,
    );
    collect(meRouter({ authenticate, habilitations }), '');
    collect(habilitationsRouter({ authenticate, habilitations }), HABILITATIONS_PATH);
    collect(
      authRouter({ logger: pino({ level: 'silent' }), relyingParty: {} as RelyingParty, sessions: {} as never, habilitations, secureCookies: false, sessionTtlMinutes: 60 }),
      '',
    );
    collect(programmeRouter({ models: api.models, authenticate, habilitations }), PROGRAMME_PATH);
    collect(auditRouter({ auditPost: createPostAuditor({ models: api.models, temporal: api.client, namespace: 'default' }), temporal: api.client, namespace: 'default', authenticate, habilitations }), POSTS_PATH);
    collect(notificationsRouter({ models: api.models, temporal: api.client, taskQueue: api.harness.taskQueue, authenticate, habilitations }), NOTIFICATIONS_PATH);
    collect(directoryRouter({ models: api.models, authenticate, habilitations }), DIRECTORY_PATH);
    collect(statsRouter({ models: api.models, authenticate, habilitations }), STATS_PATH);
    collect(exportsRouter({ logger: pino({ level: 'silent' }), models: api.models, authenticate, habilitations }), EXPORTS_PATH);
    const documented = new Set(
      Object.entries(doc.paths as Record<string, Record<string, unknown>>).flatMap(([p, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${p}`)),
    );
    expect([...documented].sort()).toEqual([...served].sort());
    expect([...served].sort()).toEqual([
      'DELETE /api/v1/directory/{kind}/{scope}',
      'DELETE /api/v1/habilitations/{id}',
      'GET /api/v1/directory',
      'GET /api/v1/directory/{kind}/{scope}',
      'GET /api/v1/exports/notifications',
      'GET /api/v1/exports/posts',
      'GET /api/v1/exports/tranches',
      'GET /api/v1/habilitations',
      'GET /api/v1/habilitations/history',
      'GET /api/v1/habilitations/{id}',
      'GET /api/v1/me',
      'GET /api/v1/notifications',
      'GET /api/v1/openapi.json',
      'GET /api/v1/posts',
      'GET /api/v1/posts/{id}',
      'GET /api/v1/posts/{id}/audit',
      'GET /api/v1/posts/{id}/history',
      'GET /api/v1/posts/{id}/notifications',
      'GET /api/v1/posts/{id}/workflow-history',
      'GET /api/v1/programme/attribution-phase',
      'GET /api/v1/stats',
      'GET /auth/callback',
      'GET /auth/login',
      'GET /auth/logout/callback',
      'GET /health',
      'POST /api/v1/habilitations',
      'POST /api/v1/notifications/{key}/resend',
      'POST /api/v1/posts',
      'POST /api/v1/posts/{id}/events',
      'POST /auth/logout',
      'PUT /api/v1/directory/{kind}/{scope}',
      'PUT /api/v1/programme/attribution-phase',
    ]);
  });

  it('takes every event of RULES.md §4 as a strict request body, one schema per type', () => {
    const schemas = doc.components.schemas;
    const body = doc.paths['/api/v1/posts/{id}/events'].post.requestBody.content['application/json'].schema;
    const union = body.$ref ? schemas[body.$ref.split('/').pop()] : body;
    const members = union.oneOf.map((m: { $ref: string }) => schemas[m.$ref.split('/').pop()!]);
    const types = members.map((m: any) => m.properties.type.enum?.[0] ?? m.properties.type.const);
    expect(types.sort()).toEqual(staffEventTypes.filter((t) => t !== 'SUBMIT_APPLICATION').sort());
    for (const member of members) expect(member.additionalProperties).toBe(false);
    expect(schemas.SignContractEvent.required).toEqual(expect.arrayContaining(['type', 'contractType', 'signedOn', 'startsOn']));

    const create = doc.paths['/api/v1/posts'].post.requestBody.content['application/json'].schema;
    const createSchema = schemas[create.$ref.split('/').pop()];
    expect(Object.keys(createSchema.properties).sort()).toEqual(['contact', 'policy', 'structure']);
    expect(createSchema.required).toEqual(['structure', 'contact']);
    expect(createSchema.additionalProperties).toBe(false);
  });

  it('carries the bounds and rules zod enforces, and links a created or listed post to its routes', () => {
    const list = doc.paths['/api/v1/posts'].get;
    const param = (name: string) => list.parameters.find((p: { name: string }) => p.name === name).schema;
    expect(param('page')).toMatchObject({ type: 'integer', minimum: 1, maximum: 100_000, default: 1 });
    expect(param('pageSize')).toMatchObject({ type: 'integer', minimum: 1, maximum: 100, default: 20 });
    const { Siret, DepartmentCode, Structure } = doc.components.schemas;
    expect(Siret).toMatchObject({ pattern: '^[0-9]{14}$', format: 'siret', examples: ['21971120100018'] });
    expect(Siret.description).toMatch(/Luhn.*422/);
    const department = new RegExp(DepartmentCode.pattern);
    expect(['01', '19', '2A', '2B', '21', '95', '971', '976'].filter((code) => !department.test(code))).toEqual([]);
    expect(['00', '20', '96', '970', '977', '2C', '٠١'].filter((code) => department.test(code))).toEqual([]);
    expect(Structure.anyOf).toHaveLength(2);
    expect(doc.components.schemas.RecordPositioningEvent.oneOf).toEqual([{ required: ['hours'] }, { required: ['exemption'] }]);
    expect(new RegExp(doc.components.schemas.RequestInformationEvent.properties.questions.pattern).test(' \u00a0\t')).toBe(false);

    const ids = (op: any, status: string) => Object.values(op.responses[status].links as Record<string, any>).map((l) => [l.operationId, l.parameters.id]);
    const linked = ['getPost', 'sendPostEvent', 'getPostHistory', 'getPostNotifications'];
    expect(ids(doc.paths['/api/v1/posts'].post, '201')).toEqual(linked.map((id) => [id, '$response.body#/id']));
    expect(ids(doc.paths['/api/v1/posts/{id}/events'].post, '200')).toEqual(linked.map((id) => [id, '$response.body#/id']));
    expect(ids(list, '200')).toEqual(linked.map((id) => [id, '$response.body#/items/0/id']));
    const operationIds = Object.values(doc.paths as Record<string, Record<string, { operationId: string }>>).flatMap((ops) => Object.values(ops).map((op) => op.operationId));
    for (const id of linked) expect(operationIds).toContain(id);
  });

  it('lets every route that acts with a habilitation name it, and says the 400 of a caller who named none of several', () => {
    const choice = doc.components.schemas.HabilitationChoiceProblem;
    expect(choice.properties.habilitations).toMatchObject({ type: 'array', items: { type: 'string' } });
    for (const [p, ops] of Object.entries(doc.paths as Record<string, Record<string, any>>)) {
      if (!p.startsWith('/api/v1/') || p === '/api/v1/openapi.json' || p === '/api/v1/me') continue;
      for (const [method, op] of Object.entries(ops)) {
        const headers = (op.parameters ?? []).filter((q: { in: string }) => q.in === 'header').map((q: { name: string }) => q.name);
        const expected = method === 'get' ? ['cnum-habilitation'] : ['cnum-habilitation', 'x-csrf-token'];
        expect({ p, method, headers: expected.filter((name) => headers.includes(name)) }).toEqual({ p, method, headers: expected });
        expect({ p, method, badRequest: JSON.stringify(op.responses['400']) }).toEqual({ p, method, badRequest: expect.stringContaining('HabilitationChoiceProblem') });
        expect(op.responses['403']).toBeDefined();
      }
    }
  });

  it('answers every error as application/problem+json, with 401 and 503 on every staff route', () => {
    for (const [p, ops] of Object.entries(doc.paths as Record<string, Record<string, any>>)) {
      for (const [method, op] of Object.entries(ops)) {
        for (const [status, response] of Object.entries(op.responses as Record<string, any>)) {
          if (Number(status) >= 400) expect({ p, method, status, types: Object.keys(response.content) }).toEqual({ p, method, status, types: ['application/problem+json'] });
        }
        if (p.startsWith('/api/v1/') && p !== '/api/v1/openapi.json') {
          expect(op.security).toEqual([{ bearerAuth: [] }, { sessionCookie: [] }]);
          expect(Object.keys(op.responses)).toEqual(expect.arrayContaining(['401', '503']));
        }
      }
    }
    const events = doc.paths['/api/v1/posts/{id}/events'].post;
    expect(Object.keys(events.responses).sort()).toEqual(['200', '400', '401', '403', '404', '409', '413', '415', '422', '503']);
    expect(events.parameters.map((p: { name: string; in: string }) => `${p.in}:${p.name}`).sort()).toEqual(['header:Idempotency-Key', 'header:cnum-habilitation', 'header:x-csrf-token', 'path:id']);
    expect(doc.components.securitySchemes.bearerAuth).toMatchObject({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' });
    expect(doc.components.securitySchemes.sessionCookie).toMatchObject({ type: 'apiKey', in: 'cookie', name: 'cnum_session' });
  });
});

import http from 'node:http';
import { Client, Connection, defaultGrpcRetryOptions, makeGrpcRetryInterceptor } from '@temporalio/client';
import { generateKeyPair, SignJWT } from 'jose';
import pino from 'pino';
import { createApp } from '../../../api/create-app';
import { idempotencyKeyModel } from '../../../api/idempotency-key.model';
import { notAllowedProblemSchema, problemSchema, validationProblemSchema } from '../../../api/post-api-schemas';
import { createPostWorkflowClient } from '../../../api/post-workflow-client';
import { freePort } from '../../../runtime/free-port';
import { today } from '../../support/post-fixtures';
import { applicationOf, commune, staffOf } from './api-fixtures';
import { programToken, TEST_API_AUDIENCE, testAppAuth, testIdentityProvider } from '../../support/test-identity-provider';
import { type ApiHarness, type ApiServer, type HttpAnswer, listen, send, startApiHarness } from './api-harness';

/** Each error status the API answers, with its application/problem+json body. */
describe('errors as problem details', () => {
  let api: ApiHarness;
  const structure = commune('974', 'Commune de Saint-Paul');
  const agent = staffOf.structure(structure);
  const prefecture = staffOf.prefecture('974');
  let postId: string;

  beforeAll(async () => {
    api = await startApiHarness();
    const created = await api.request('POST', '/api/v1/posts', { as: agent, body: applicationOf(structure) });
    postId = created.body.id;
  });
  afterAll(() => api?.close());

  function expectProblem(answer: HttpAnswer, status: number, code: string) {
    expect({ status: answer.status, code: answer.body.code }).toEqual({ status, code });
    expect(answer.contentType).toMatch(/^application\/problem\+json/);
    expect(problemSchema.parse(answer.body)).toMatchObject({ type: `urn:cnum-orchestrator:problem:${code}`, status });
    expect(answer.body.title).toEqual(expect.any(String));
    expect(answer.body.detail).toEqual(expect.any(String));
    expect(JSON.stringify(answer.body)).not.toMatch(/\bat .+\.(ts|js):\d+|Error:/);
  }

  const events = (as: unknown, body: unknown, extra: Partial<Parameters<ApiServer['request']>[2]> = {}) =>
    api.request('POST', `/api/v1/posts/${postId}/events`, { as: as as never, body, ...extra });

  describe('401', () => {
    it('without a token, with a malformed header, a forged signature or an expired token', async () => {
      const noToken = await api.request('GET', '/api/v1/posts');
      expectProblem(noToken, 401, 'auth.missing_token');
      expect(noToken.headers.get('www-authenticate')).toMatch(/^Bearer realm="cnum-orchestrator"/);

      expectProblem(await api.request('GET', '/api/v1/posts', { headers: { authorization: 'Basic dXNlcjpwYXNz' } }), 401, 'auth.invalid_token');

      // Claims a real token would carry, signed by a key the authorization server never published.
      const { privateKey } = await generateKeyPair('ES256');
      const forgedToken = await new SignJWT({ client_id: 'anct-agent' })
        .setProtectedHeader({ alg: 'ES256', typ: 'at+jwt' })
        .setIssuer(testIdentityProvider().tokenIssuer)
        .setAudience(TEST_API_AUDIENCE)
        .setSubject('anct-agent')
        .setIssuedAt()
        .setExpirationTime('1h')
        .sign(privateKey);
      const forged = await api.request('GET', '/api/v1/posts', { as: forgedToken });
      expectProblem(forged, 401, 'auth.invalid_token');
      expect(forged.headers.get('www-authenticate')).toContain('error="invalid_token"');

      const expired = await programToken('errors-expired-client', { lifetimeSeconds: -3600 });
      expectProblem(await api.request('GET', '/api/v1/posts', { as: expired }), 401, 'auth.expired_token');

      expectProblem(await events(null, { type: 'REQUEST_INFORMATION', questions: '?' }), 401, 'auth.missing_token');
      expectProblem(await api.request('POST', '/api/v1/posts', { body: applicationOf(structure) }), 401, 'auth.missing_token');
    });
  });

  describe('403', () => {
    it('names both territories when a prefecture acts outside its département', async () => {
      const answer = await events(staffOf.prefecture('971'), { type: 'REQUEST_INFORMATION', questions: 'Budget ?' });
      expectProblem(answer, 403, 'scope.department');
      expect(answer.body.detail).toMatch(/971.*974/);
    });

    it('refuses every change to the auditor', async () => {
      const answer = await events(staffOf.auditor, { type: 'REQUEST_INFORMATION', questions: 'Budget ?' });
      expectProblem(answer, 403, 'role.read_only');
      expectProblem(await api.request('POST', '/api/v1/posts', { as: staffOf.auditor, body: applicationOf(structure) }), 403, 'role.read_only');
      // Even a body the API cannot read: the auditor changes nothing, whatever is sent.
      expectProblem(await api.request('POST', `/api/v1/posts/${postId}/events`, { as: staffOf.auditor, rawBody: 'x', headers: { 'content-type': 'text/plain' } }), 403, 'role.read_only');
    });
  });

  describe('404', () => {
    it('for an unknown post on every route, and for an unknown route', async () => {
      const unknown = '00000000-0000-4000-8000-000000000000';
      expectProblem(await api.request('GET', `/api/v1/posts/${unknown}`, { as: staffOf.anct }), 404, 'post.not_found');
      expectProblem(await api.request('GET', `/api/v1/posts/${unknown}/history`, { as: staffOf.anct }), 404, 'post.not_found');
      expectProblem(await api.request('GET', `/api/v1/posts/${unknown}/notifications`, { as: staffOf.anct }), 404, 'post.not_found');
      expectProblem(
        await api.request('POST', `/api/v1/posts/${unknown}/events`, { as: staffOf.anct, body: { type: 'WITHDRAW_POST', reason: 'x' } }),
        404,
        'post.not_found',
      );
      expectProblem(await api.request('GET', '/api/v1/nothing-here', { as: staffOf.anct }), 404, 'route.not_found');
    });
  });

  describe('405', () => {
    it('for a method a served path lacks, with the methods it has in Allow, before any token is asked', async () => {
      const cases: [string, string, string][] = [
        ['TRACE', '/health', 'GET, HEAD, OPTIONS'],
        ['TRACE', '/api/v1/posts', 'GET, HEAD, POST, OPTIONS'],
        ['PUT', `/api/v1/posts/${postId}`, 'GET, HEAD, OPTIONS'],
        ['DELETE', `/api/v1/posts/${postId}/`, 'GET, HEAD, OPTIONS'],
        ['GET', `/api/v1/posts/${postId}/events`, 'POST, OPTIONS'],
        ['PATCH', '/api/v1/openapi.json', 'GET, HEAD, OPTIONS'],
      ];
      for (const [method, path, allow] of cases) {
        // fetch refuses to send TRACE: node:http does.
        const answer = await new Promise<{ status: number; allow: string | undefined; type: string | undefined; body: string }>((resolve, reject) => {
          const request = http.request(`${api.url}${path}`, { method }, (response) => {
            let body = '';
            response.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
            response.on('end', () => resolve({ status: response.statusCode ?? 0, allow: response.headers.allow, type: response.headers['content-type'], body }));
          });
          request.once('error', reject);
          request.end();
        });
        expect({ method, path, status: answer.status, allow: answer.allow, code: JSON.parse(answer.body).code }).toEqual({ method, path, status: 405, allow, code: 'method.not_allowed' });
        expect(answer.type).toMatch(/^application\/problem\+json/);
      }
      const options = await api.request('OPTIONS', '/api/v1/posts');
      expect({ status: options.status, allow: options.headers.get('allow') }).toEqual({ status: 204, allow: 'GET, HEAD, POST, OPTIONS' });
      // A path the API does not serve stays a 404, whatever the method.
      expectProblem(await api.request('PUT', '/api/v1/nothing-here', { as: staffOf.anct }), 404, 'route.not_found');
    });
  });

  describe('409', () => {
    it('names the rule and lists the events the caller may send now', async () => {
      const answer = await events(staffOf.anct, { type: 'COMMITTEE_DECISION', decision: 'validated', decidedOn: today() });
      expectProblem(answer, 409, 'event.not_allowed_in_status');
      expect(notAllowedProblemSchema.parse(answer.body)).toMatchObject({ rule: 'event.not_allowed_in_status', allowedEvents: [] });
      expect(answer.body.detail).toContain('concertation');

      const forPrefecture = await events(prefecture, { type: 'PROVIDE_INFORMATION', answers: 'x' });
      expectProblem(forPrefecture, 403, 'role.forbidden');
      const opinionTwice = await events(agent, { type: 'PROVIDE_INFORMATION', answers: 'x' });
      expectProblem(opinionTwice, 409, 'event.not_allowed_in_status');
    });
  });

  describe('422', () => {
    it('lists each invalid field of an event, refuses unknown fields and unknown types, and records each attempt', async () => {
      const bad = await events(prefecture, { type: 'GIVE_PREFECTURE_OPINION', opinion: 'maybe' });
      expectProblem(bad, 422, 'event.invalid_payload');
      const issues = validationProblemSchema.parse(bad.body).issues.map((i) => i.path).sort();
      expect(issues).toEqual(['opinion', 'reasons']);

      const extra = await events(prefecture, { type: 'REQUEST_INFORMATION', questions: 'Budget ?', priority: 'high' });
      expectProblem(extra, 422, 'event.invalid_payload');
      expect(JSON.stringify(extra.body.issues)).toContain('priority');

      const unknownType = await events(prefecture, { type: 'APPROVE_EVERYTHING' });
      expectProblem(unknownType, 422, 'event.invalid_payload');
      expect(unknownType.body.issues).toEqual([{ path: 'type', message: expect.any(String) }]);

      expectProblem(await events(prefecture, [1, 2]), 422, 'event.invalid_payload');

      const history = (await api.request('GET', `/api/v1/posts/${postId}/history`, { as: staffOf.auditor })).body.items;
      const invalid = history.filter((e: { refusal?: { kind: string } }) => e.refusal?.kind === 'invalid_payload');
      expect(invalid.map((e: { type: string }) => e.type)).toEqual(
        expect.arrayContaining(['GIVE_PREFECTURE_OPINION', 'REQUEST_INFORMATION', 'APPROVE_EVERYTHING']),
      );
      expect((await api.request('GET', `/api/v1/posts/${postId}`, { as: agent })).body).toMatchObject({ version: 1, status: 'concertation' });
    });

    it('checks the application body: unknown fields, a SIRET with a bad check key, a policy of the wrong sector', async () => {
      const extra = await api.request('POST', '/api/v1/posts', { as: agent, body: applicationOf(structure, { appliedOn: '2020-01-01' }) });
      expectProblem(extra, 422, 'event.invalid_payload');
      const badSiret = await api.request('POST', '/api/v1/posts', { as: agent, body: applicationOf({ ...structure, siret: '21974120100013' }) });
      expectProblem(badSiret, 422, 'event.invalid_payload');
      expect(badSiret.body.issues.map((i: { path: string }) => i.path)).toEqual(['structure.siret']);
      const wrongSector = await api.request('POST', '/api/v1/posts', { as: agent, body: applicationOf(structure, { policy: '2022-private' }) });
      expectProblem(wrongSector, 409, 'policy.sector_mismatch');
    });
  });

  describe('400, 413, 415', () => {
    it('refuses malformed JSON, oversized bodies, other media types, bad idempotency keys and unknown query parameters', async () => {
      expectProblem(await api.request('POST', `/api/v1/posts/${postId}/events`, { as: prefecture, rawBody: '{"type":', headers: { 'content-type': 'application/json' } }), 400, 'request.malformed_json');
      const huge = { type: 'REQUEST_INFORMATION', questions: 'x'.repeat(70 * 1024) };
      expectProblem(await events(prefecture, huge), 413, 'request.too_large');
      expectProblem(await api.request('POST', `/api/v1/posts/${postId}/events`, { as: prefecture, rawBody: 'type=X', headers: { 'content-type': 'application/x-www-form-urlencoded' } }), 415, 'request.unsupported_media_type');
      expectProblem(await events(prefecture, { type: 'REQUEST_INFORMATION', questions: '?' }, { idempotencyKey: 'has space' }), 400, 'idempotency_key.invalid');
      const query = await api.request('GET', '/api/v1/posts?deadline_before=2025-01-01', { as: staffOf.anct });
      expectProblem(query, 400, 'query.invalid');
      expect(query.body.issues).toEqual([expect.objectContaining({ message: expect.stringContaining('deadline_before') })]);
      expectProblem(await api.request('GET', '/api/v1/posts?status=open', { as: staffOf.anct }), 400, 'query.invalid');
      expectProblem(await api.request('GET', '/api/v1/posts?pageSize=1000', { as: staffOf.anct }), 400, 'query.invalid');
    });
  });

  describe('503', () => {
    let down: ApiServer;
    let lazyConnection: Connection;

    beforeAll(async () => {
      // The same database, but a Temporal address where nothing listens. Two attempts instead of the
      // client's default ten (about 20 s of backoff): the mapping to 503 is the same, the test is faster.
      lazyConnection = Connection.lazy({
        address: `127.0.0.1:${await freePort()}`,
        interceptors: [makeGrpcRetryInterceptor(defaultGrpcRetryOptions({ maxAttempts: 2 }))],
      });
      const temporal = new Client({ connection: lazyConnection });
      down = await listen(
        async (url) =>
          createApp({
            logger: pino({ level: 'silent' }),
            temporal,
            mongo: api.mongo,
            models: api.models,
            posts: createPostWorkflowClient(temporal, api.harness.taskQueue),
            namespace: 'default',
            taskQueue: api.harness.taskQueue,
            auth: await testAppAuth(url),
          }),
        api.habilitate,
      );
    });
    afterAll(async () => {
      await down?.close();
      await lazyConnection?.close();
    });

    it('answers 503 with Retry-After when Temporal is unreachable, having done nothing, and keeps the keys so that a retry is applied once', async () => {
      const rowsBefore = await api.models.PostEvent.countDocuments({ postId });
      const keys = idempotencyKeyModel(api.mongo);
      const keysBefore = await keys.countDocuments();

      const started = Date.now();
      const answer = await down.request('POST', `/api/v1/posts/${postId}/events`, {
        as: prefecture,
        body: { type: 'REQUEST_INFORMATION', questions: 'Budget ?' },
        idempotencyKey: 'down-1',
      });
      expectProblem(answer, 503, 'temporal.unavailable');
      expect(answer.headers.get('retry-after')).toBe('5');
      expect(Date.now() - started).toBeLessThan(10_000);

      const created = await down.request('POST', '/api/v1/posts', { as: agent, body: applicationOf(structure), idempotencyKey: 'down-2' });
      expectProblem(created, 503, 'temporal.unavailable');
      expectProblem(await down.request('GET', `/api/v1/posts/${postId}`, { as: agent }), 503, 'temporal.unavailable');

      expect(await api.models.PostEvent.countDocuments({ postId })).toBe(rowsBefore);
      // Kept: the call might have reached the workflow before the connection failed.
      expect(await keys.countDocuments()).toBe(keysBefore + 2);
      expect(await api.models.Post.countDocuments({ siret: structure.siret })).toBe(1);
      // The read model still answers lists, and the real stack still has the post as it was.
      expect((await down.request('GET', '/api/v1/posts', { as: agent })).status).toBe(200);
      const post = (await api.request('GET', `/api/v1/posts/${postId}`, { as: agent })).body;
      expect(post).toMatchObject({ version: 1, status: 'concertation' });

      // The same key, once Temporal answers again, does the work.
      const retried = await send(api, postId, prefecture, { type: 'REQUEST_INFORMATION', questions: 'Budget ?' }, 200, 'down-1');
      expect(retried).toMatchObject({ status: 'information_requested', version: 2 });
      const application = await api.request('POST', '/api/v1/posts', { as: agent, body: applicationOf(structure), idempotencyKey: 'down-2' });
      expect(application.status).toBe(201);
      const again = await api.request('POST', '/api/v1/posts', { as: agent, body: applicationOf(structure), idempotencyKey: 'down-2' });
      expect(again.body.id).toBe(application.body.id);
      expect(await api.models.Post.countDocuments({ siret: structure.siret })).toBe(2);
    });
  });
});

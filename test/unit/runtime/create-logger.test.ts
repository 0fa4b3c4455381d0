import { createLogger } from '../../../runtime/create-logger';
import { prettyLogLine } from '../../../runtime/pretty-log-line';
import { REDACTED, redactLogLine } from '../../../runtime/redact-log-line';
import { temporalRuntimeLogger } from '../../../runtime/temporal-runtime-logger';

/** What the logger writes, line by line, instead of stdout. */
function capture() {
  const lines: string[] = [];
  const stream = { write: (line: string) => void lines.push(line) };
  const logger = createLogger({ LOG_LEVEL: 'trace' }, 'test', stream);
  return { logger, lines, records: () => lines.map((line) => JSON.parse(line) as Record<string, any>) };
}

const jwt = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhZ2VudC0xIiwicm9sZSI6ImFuY3QifQ.c2lnbmF0dXJlLW9mLXRoZS10b2tlbg';
const secret = 'local-development-secret-change-me-0123456789';

describe('createLogger: no credential in any line', () => {
  it('redacts the request headers the request logger binds: authorization, cookies, idempotency key', () => {
    const { logger, lines, records } = capture();
    const request = { method: 'POST', url: '/api/v1/posts', headers: { authorization: `Bearer ${jwt}`, cookie: 'sid=s3ss10n', 'idempotency-key': 'key-42', accept: '*/*' } };
    logger.child({ req: request }).info({ res: { statusCode: 201, headers: { 'set-cookie': ['sid=n3w; HttpOnly'] } } }, 'request completed');
    expect(lines.join('')).not.toMatch(/eyJ|s3ss10n|key-42|n3w/);
    const [record] = records();
    expect(record!.req.headers).toEqual({ authorization: REDACTED, cookie: REDACTED, 'idempotency-key': REDACTED, accept: '*/*' });
    expect(record!.res.headers['set-cookie']).toBe(REDACTED);
    expect(record!.req.url).toBe('/api/v1/posts');
  });

  it('redacts secrets at any depth and tokens inside text: messages, errors, URLs, connection strings', () => {
    const { logger, lines, records } = capture();
    logger.info({ config: { deep: { OIDC_CLIENT_SECRET: secret, clientSecret: 'cs-1', password: 'pw-1', refresh_token: 'rt-1' } } }, 'config');
    logger.warn(`verifying Bearer ${jwt} failed`);
    logger.error({ err: new Error(`bad token ${jwt}`) }, 'request failed');
    logger.info({ url: '/auth/callback?code=oauth-code-1&state=st&access_token=at-1' }, 'callback');
    logger.info({ uri: 'mongodb://cnum:mongo-pass@db.internal:27017/cnum' }, 'connected');
    const all = lines.join('');
    for (const leaked of [jwt, secret, 'cs-1', 'pw-1', 'rt-1', 'oauth-code-1', 'at-1', 'mongo-pass']) expect(all).not.toContain(leaked);
    const [config, bearer, failed, callback, connected] = records();
    expect(config!.config.deep).toEqual({ OIDC_CLIENT_SECRET: REDACTED, clientSecret: REDACTED, password: REDACTED, refresh_token: REDACTED });
    expect(bearer!.msg).toBe(`verifying Bearer ${REDACTED} failed`);
    expect(failed!.err.message).toBe(`bad token ${REDACTED}`);
    expect(failed!.err.stack).not.toContain('eyJ');
    expect(callback!.url).toBe(`/auth/callback?code=${REDACTED}&state=${REDACTED}&access_token=${REDACTED}`);
    expect(connected!.uri).toBe(`mongodb://${REDACTED}@db.internal:27017/cnum`);
  });

  it('redacts what sign-in carries: the session cookie, the callback’s code and state, the provider’s URL', () => {
    const { logger, lines, records } = capture();
    const login = 'http://127.0.0.1:4000/auth?client_id=rp&state=st-login-1&nonce=nonce-1&code_challenge=cc&redirect_uri=x';
    const request = {
      method: 'GET',
      url: '/auth/callback?code=oauth-code-2&state=st-cb-1&iss=http%3A%2F%2Fidp',
      query: { code: 'oauth-code-2', state: 'st-cb-1', iss: 'http://idp' },
      headers: { cookie: 'cnum_sign_in=attempt-1' },
    };
    logger.child({ req: request }).info({ res: { statusCode: 303, headers: { location: login, 'set-cookie': ['cnum_session=sess-1; HttpOnly'] } } }, 'request completed');
    logger.warn('session cookie cnum_session=sess-2; Path=/ seen twice');
    logger.info({ url: `/logout?id_token_hint=${jwt}&post_logout_redirect_uri=x&state=st-out-1` }, 'logout');
    const all = lines.join('');
    for (const leaked of ['oauth-code-2', 'st-cb-1', 'st-login-1', 'nonce-1', 'attempt-1', 'sess-1', 'sess-2', 'st-out-1', jwt]) expect(all).not.toContain(leaked);
    const [callback, text] = records();
    expect(callback!.req.url).toBe(`/auth/callback?code=${REDACTED}&state=${REDACTED}&iss=http%3A%2F%2Fidp`);
    expect(callback!.req.query).toEqual({ code: REDACTED, state: REDACTED, iss: 'http://idp' });
    expect(callback!.res.headers.location).toBe(`http://127.0.0.1:4000/auth?client_id=rp&state=${REDACTED}&nonce=${REDACTED}&code_challenge=cc&redirect_uri=x`);
    expect(text!.msg).toBe(`session cookie cnum_session=${REDACTED}; Path=/ seen twice`);
  });

  it('redacts the values of the configuration’s secrets wherever they appear', () => {
    const lines: string[] = [];
    const clientSecret = 'oidc-client-secret-value-42';
    const issuer = 'http://127.0.0.1:4000';
    const config = { LOG_LEVEL: 'info', OIDC_CLIENT_ID: 'cnum-rp', OIDC_CLIENT_SECRET: clientSecret, API_TOKEN_ISSUER: issuer } as const;
    const logger = createLogger(config, 'api', { write: (line: string) => void lines.push(line) });
    logger.error({ err: new Error(`token endpoint refused client_secret_post ${clientSecret}`), body: `client_id=cnum-rp&x=${clientSecret}`, issuer }, 'sign-in failed');
    expect(lines.join('')).not.toContain(clientSecret);
    const record = JSON.parse(lines[0]!) as Record<string, any>;
    expect(record.err.message).toBe(`token endpoint refused client_secret_post ${REDACTED}`);
    expect(record.body).toBe(`client_id=cnum-rp&x=${REDACTED}`);
    // Named like a token, not a secret: the issuer's address stays readable.
    expect(record.issuer).toBe(issuer);
  });

  it('keeps what is not a credential; a field merely named like one loses its value', () => {
    const { logger, records } = capture();
    logger.info({ postId: 'p-1', code: 'auth.invalid_token', status: 401, tokenCount: 3, state: 'concertation' }, 'refused');
    expect(records()[0]).toMatchObject({ postId: 'p-1', code: 'auth.invalid_token', status: 401, tokenCount: REDACTED, state: 'concertation', msg: 'refused', name: 'test' });
  });

  it('redacts the Temporal SDK records the worker logs through it', () => {
    const { logger, lines, records } = capture();
    temporalRuntimeLogger(logger).warn(`activity failed: Bearer ${jwt}`, { headers: { authorization: `Bearer ${jwt}` }, workflowId: 'p-1' });
    expect(lines.join('')).not.toContain(jwt);
    expect(records()[0]).toMatchObject({ sdk: 'temporal', workflowId: 'p-1', headers: { authorization: REDACTED } });
  });

  it('redacts a line that is not JSON as text', () => {
    expect(redactLogLine(`plain Bearer ${jwt}\n`)).toBe(`plain Bearer ${REDACTED}\n`);
    expect(redactLogLine('secret is hunter2-hunter2\n', ['hunter2-hunter2'])).toBe(`secret is ${REDACTED}\n`);
  });
});

describe('prettyLogLine', () => {
  it('turns a pino record into one readable line and leaves other lines alone', () => {
    const line = JSON.stringify({ level: 30, time: Date.UTC(2026, 0, 2, 3, 4, 5), name: 'api', pid: 1, hostname: 'h', msg: 'API listening', url: 'http://x' });
    const pretty = prettyLogLine(line).replace(/\x1b\[[0-9;]*m/g, '');
    expect(pretty).toMatch(/INFO \(api\): API listening .*url.*http:\/\/x/);
    expect(pretty).not.toContain('\n');
    expect(prettyLogLine('Temporal server started')).toBe('Temporal server started');
  });
});

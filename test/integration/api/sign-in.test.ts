import { SESSION_COOKIE } from '../../../api/authenticate';
import { Browser, formsOf, type Page } from '../../support/browser';
import { testIdentityProvider } from '../../support/test-identity-provider';
import { commune, staffOf } from './api-fixtures';
import { type ApiHarness, send, startApiHarness } from './api-harness';

/**
 * The whole browser flow, without a browser: redirects followed with a cookie jar across the API
 * and the test run's local OpenID Connect provider, whose plain sign-in page is filled in as a
 * person would. A new structure's agent signs in, has no habilitation yet, applies for a post
 * (which habilitates them), acts with the session (CSRF refused without its token), and signs out.
 */
describe('sign-in with OpenID Connect, followed without a browser', () => {
  let api: ApiHarness;
  const structure = commune('971', 'Commune de Baie-Mahault');
  const email = `lou.agent-${structure.siret}@baie-mahault.test`;
  const prefecture = staffOf.prefecture('971');

  beforeAll(async () => {
    api = await startApiHarness();
  });
  afterAll(() => api?.close());

  async function signIn(browser: Browser, who: { email: string; siret: string }): Promise<Page> {
    const signInPage = await browser.visit(`${api.url}/auth/login?returnTo=/api/v1/me`);
    expect(signInPage.url.startsWith(`${testIdentityProvider().oidcIssuer}/interaction/`)).toBe(true);
    expect(signInPage.body).toContain('Comptes de développement');
    const other = formsOf(signInPage).find((form) => 'siret' in form.fields)!;
    return browser.visit(other.action, { form: { email: who.email, given_name: 'Lou', usual_name: 'Agent', siret: who.siret } });
  }

  const json = (page: Page) => JSON.parse(page.body);

  it('signs in, shows who with /api/v1/me, acts with the session under CSRF protection, and signs out', async () => {
    const browser = new Browser();
    const me = await signIn(browser, { email, siret: structure.siret });
    expect(me.visited.some((url) => url.startsWith(`${api.url}/auth/callback?`))).toBe(true);
    expect({ url: me.url, status: me.status }).toEqual({ url: `${api.url}/api/v1/me`, status: 200 });
    const session = browser.cookie(api.url, SESSION_COOKIE)!;
    expect(session).toMatchObject({ httpOnly: true, sameSite: 'Lax', secure: false, path: '/' });
    const who = json(me);
    expect(who).toMatchObject({
      via: 'session',
      principal: { kind: 'person', email },
      person: { email, givenName: 'Lou', usualName: 'Agent', siret: structure.siret, idpId: 'local-development-idp' },
      habilitations: [],
      csrfToken: expect.any(String),
    });
    expect(who.noHabilitation).toContain(structure.siret);

    // A valid identity without habilitation: 403, saying whom to ask.
    const refused = await browser.visit(`${api.url}/api/v1/posts`);
    expect({ status: refused.status, code: json(refused).code }).toEqual({ status: 403, code: 'auth.no_habilitation' });
    expect(json(refused).detail).toMatch(/aucune habilitation.*ANCT/);

    // Changes with the session need its CSRF token: without it nothing is created.
    const forged = await browser.visit(`${api.url}/api/v1/posts`, { json: { structure } });
    expect({ status: forged.status, code: json(forged).code }).toEqual({ status: 403, code: 'auth.csrf' });
    expect(await api.models.Post.countDocuments({ siret: structure.siret })).toBe(0);

    // The applicant of a new post becomes habilitated for its structure.
    const csrf = { 'x-csrf-token': who.csrfToken };
    const applied = await browser.visit(`${api.url}/api/v1/posts`, { json: { structure }, headers: csrf });
    expect(applied.status).toBe(201);
    const postId = json(applied).id as string;
    const habilitated = json(await browser.visit(`${api.url}/api/v1/me`));
    expect(habilitated.habilitations).toEqual([
      expect.objectContaining({
        principal: { kind: 'person', email },
        scope: { role: 'structure', siret: structure.siret },
        active: true,
        seenSubs: [],
        changes: [expect.objectContaining({ change: 'granted', by: { id: email, role: 'structure', via: 'application' }, postId })],
      }),
    ]);

    // A transition with the session: refused without the token (nothing changes), done with it.
    await send(api, postId, prefecture, { type: 'REQUEST_INFORMATION', questions: 'Quel budget ?' });
    const answer = { type: 'PROVIDE_INFORMATION', answers: 'Le budget est voté.' };
    const withoutToken = await browser.visit(`${api.url}/api/v1/posts/${postId}/events`, { json: answer });
    expect({ status: withoutToken.status, code: json(withoutToken).code }).toEqual({ status: 403, code: 'auth.csrf' });
    const moved = await browser.visit(`${api.url}/api/v1/posts/${postId}/events`, { json: answer, headers: csrf });
    expect({ status: moved.status, post: json(moved).status }).toEqual({ status: 200, post: 'concertation' });
    const history = json(await browser.visit(`${api.url}/api/v1/posts/${postId}/history`)).items;
    expect(history.filter((e: { outcome: string }) => e.outcome === 'accepted').map((e: { type: string; actor: { id: string } }) => [e.type, e.actor.id])).toEqual([
      ['SUBMIT_APPLICATION', email],
      ['REQUEST_INFORMATION', prefecture.id],
      ['PROVIDE_INFORMATION', email],
    ]);

    // Logout: the session ends here, then at the provider, which sends the browser back.
    const logoutWithoutToken = await browser.visit(`${api.url}/auth/logout`, { form: {} });
    expect(logoutWithoutToken.status).toBe(403);
    const confirm = await browser.visit(`${api.url}/auth/logout`, { form: { _csrf: who.csrfToken } });
    expect(confirm.url.startsWith(testIdentityProvider().oidcIssuer)).toBe(true);
    const [logoutForm] = formsOf(confirm);
    const signedOut = await browser.visit(logoutForm!.action, { form: logoutForm!.fields });
    expect({ url: signedOut.url.split('?')[0], status: signedOut.status }).toEqual({ url: `${api.url}/auth/logout/callback`, status: 200 });
    expect(signedOut.body).toContain('Vous êtes déconnecté(e)');
    expect(browser.cookie(api.url, SESSION_COOKIE)).toBeUndefined();
    const afterLogout = await fetch(`${api.url}/api/v1/me`, { headers: { cookie: `${SESSION_COOKIE}=${session.value}` } });
    expect(afterLogout.status).toBe(401);
    expect(((await afterLogout.json()) as { code: string }).code).toBe('auth.session_expired');

    // Signing in again records the sub the provider gave, on the person's habilitation.
    const again = json(await signIn(new Browser(), { email, siret: structure.siret }));
    expect(again.habilitations[0].seenSubs).toEqual([{ sub: expect.any(String), idpId: 'local-development-idp' }]);
  });

  it('lets a habilitated agent invite a colleague of the same SIRET, whose revocation holds at the next request', async () => {
    const colleagueEmail = `sam.collegue-${structure.siret}@baie-mahault.test`;
    const colleague = new Browser();
    await signIn(colleague, { email: colleagueEmail, siret: structure.siret });
    const before = await colleague.visit(`${api.url}/api/v1/posts`);
    expect(before.status).toBe(403);
    // The colleague is told whom to ask: the agent already habilitated for the structure.
    expect(JSON.parse(before.body).detail).toContain(email);

    const agent = new Browser();
    const agentMe = JSON.parse((await signIn(agent, { email, siret: structure.siret })).body);
    const csrf = { 'x-csrf-token': agentMe.csrfToken };
    const invite = { principal: { kind: 'person', email: colleagueEmail }, scope: { role: 'structure', siret: structure.siret } };
    const granted = await agent.visit(`${api.url}/api/v1/habilitations`, { json: invite, headers: csrf });
    expect(granted.status).toBe(201);
    const elsewhere = await agent.visit(`${api.url}/api/v1/habilitations`, { json: { ...invite, scope: { role: 'structure', siret: commune('971').siret } }, headers: csrf });
    expect({ status: elsewhere.status, code: JSON.parse(elsewhere.body).code }).toEqual({ status: 403, code: 'habilitation.scope' });

    expect((await colleague.visit(`${api.url}/api/v1/posts`)).status).toBe(200);
    const revoked = await agent.visit(`${api.url}/api/v1/habilitations/${JSON.parse(granted.body).id}`, { method: 'DELETE', headers: csrf });
    expect(revoked.status).toBe(200);
    const after = await colleague.visit(`${api.url}/api/v1/posts`);
    expect({ status: after.status, code: JSON.parse(after.body).code }).toEqual({ status: 403, code: 'auth.no_habilitation' });
  });

  it('refuses a callback that this browser did not start, and an unknown session', async () => {
    const stray = await fetch(`${api.url}/auth/callback?code=abc&state=def`, { redirect: 'manual' });
    expect(stray.status).toBe(400);
    expect(((await stray.json()) as { code: string }).code).toBe('auth.sign_in_expired');
    const unknown = await fetch(`${api.url}/api/v1/me`, { headers: { cookie: `${SESSION_COOKIE}=not-a-session` } });
    expect(unknown.status).toBe(401);
  });
});

import { ConfigError, loadConfig, requireSignInConfig } from '../../../config/config';

describe('sign-in configuration', () => {
  it('reads the first ANCT administrators as a list of lower-cased emails, and names a bad one', () => {
    expect(loadConfig({ BOOTSTRAP_ANCT_EMAILS: ' Camille.Durand@anct.test, b@anct.test ,' }).BOOTSTRAP_ANCT_EMAILS).toEqual(['camille.durand@anct.test', 'b@anct.test']);
    expect(loadConfig({}).BOOTSTRAP_ANCT_EMAILS).toEqual([]);
    expect(() => loadConfig({ BOOTSTRAP_ANCT_EMAILS: 'camille, b@anct.test' })).toThrow(/BOOTSTRAP_ANCT_EMAILS: comma-separated emails; not an email: camille/);
  });

  it('allows plain HTTP on loopback only, for the public URL and the issuers', () => {
    expect(loadConfig({ PUBLIC_URL: 'http://127.0.0.1:3000/' }).PUBLIC_URL).toBe('http://127.0.0.1:3000');
    expect(loadConfig({ PUBLIC_URL: 'https://cnum.example.fr' }).PUBLIC_URL).toBe('https://cnum.example.fr');
    expect(() => loadConfig({ PUBLIC_URL: 'http://cnum.example.fr' })).toThrow(/PUBLIC_URL: https:\/\/, or http:\/\/ on loopback only/);
    expect(() => loadConfig({ OIDC_ISSUER: 'http://proconnect.example.fr/api/v2' })).toThrow(/OIDC_ISSUER/);
    expect(() => loadConfig({ API_TOKEN_ISSUER: 'ftp://127.0.0.1' })).toThrow(/API_TOKEN_ISSUER/);
  });

  it('lets the API start only with an issuer for people, its client, and an issuer for programs', () => {
    const complete = { OIDC_ISSUER: 'https://idp.example.fr/api/v2', OIDC_CLIENT_ID: 'cnum', OIDC_CLIENT_SECRET: 's', API_TOKEN_ISSUER: 'https://as.example.fr' };
    expect(requireSignInConfig(loadConfig(complete)).OIDC_ISSUER).toBe('https://idp.example.fr/api/v2');
    const { OIDC_CLIENT_SECRET: _secret, API_TOKEN_ISSUER: _issuer, ...partial } = complete;
    expect(() => requireSignInConfig(loadConfig(partial))).toThrow(ConfigError);
    expect(() => requireSignInConfig(loadConfig(partial))).toThrow(/OIDC_CLIENT_SECRET: required[\s\S]*API_TOKEN_ISSUER: required/);
  });
});

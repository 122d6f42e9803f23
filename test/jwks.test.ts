import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPlatform, type TestPlatform } from './harness';

describe('tokens from an external identity provider (AUTH_JWKS_URL)', () => {
  let idp: Server;
  let app: TestPlatform;
  let privateKey: CryptoKey;
  const issuer = 'https://idp.example.test/';

  beforeAll(async () => {
    const pair = await generateKeyPair('RS256');
    privateKey = pair.privateKey;
    const jwk = { ...(await exportJWK(pair.publicKey)), kid: 'k1', alg: 'RS256', use: 'sig' };
    idp = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ keys: [jwk] }));
    });
    await new Promise<void>((r) => idp.listen(0, '127.0.0.1', () => r()));
    const jwksUrl = `http://127.0.0.1:${(idp.address() as AddressInfo).port}/jwks.json`;
    app = await startTestPlatform({ demoData: false, env: { AUTH_JWKS_URL: jwksUrl, AUTH_ISSUER: issuer } });
  });
  afterAll(async () => {
    await app?.stop();
    idp?.close();
  });

  const idpToken = (claims: Record<string, unknown>, iss = issuer) =>
    new SignJWT(claims).setProtectedHeader({ alg: 'RS256', kid: 'k1' }).setSubject('counsellor-42').setIssuer(iss).setIssuedAt().setExpirationTime('5m').sign(privateKey);

  it('accepts an RS256 token signed by the provider, with its role and scope', async () => {
    const res = await app.gql(`{ me { subject role regionCode authenticatedBy } }`, {}, { token: await idpToken({ role: 'COUNSELLOR', region: '210200' }) });
    expect(res.errors).toBeUndefined();
    expect(res.data.me).toEqual({ subject: 'counsellor-42', role: 'COUNSELLOR', regionCode: '210200', authenticatedBy: 'TOKEN' });
  });

  it('refuses the provider’s token from another issuer, and one without a known role', async () => {
    for (const token of [await idpToken({ role: 'ADMIN' }, 'https://elsewhere.test/'), await idpToken({ role: 'SUPERUSER' })]) {
      const res = await app.gql(`{ me { role } }`, {}, { token });
      expect(res.status).toBe(401);
      expect(res.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    }
  });
});

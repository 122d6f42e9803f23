import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiKey } from '../domain/access/api-key.entity';
import { generateApiKey, hashApiKey, Role, signToken } from '../server/auth';
import { startTestPlatform, TEST_AUTH_SECRET, type TestPlatform } from './harness';

const STATUS = `{ searchIndexStatus { name uid reachable pendingChanges } }`;
const SET_ALIASES = `mutation($input: SetOccupationAliasesInput!) {
  setOccupationAliases(input: $input) { occupation { code aliases } userErrors { field message code } }
}`;
const ME = `{ me { subject role regionCode enterpriseId providerId agency seekerId authenticatedBy } }`;
const CODE = '4-10-01-05'; // 养老护理员

const b64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

describe('who may do what', () => {
  let app: TestPlatform;
  const sql = <T = any>(text: string, params?: unknown[]): Promise<T[]> => app.platform.infrastructure.dataSource.query(text, params);
  const aliasesOf = async (code: string): Promise<string[]> => (await sql('SELECT aliases FROM occupation WHERE code = $1', [code]))[0].aliases;
  const auditCount = async (): Promise<number> => (await sql('SELECT count(*)::int AS n FROM audit_entry'))[0].n;

  beforeAll(async () => {
    app = await startTestPlatform();
  });
  afterAll(() => app?.stop());

  describe('searchIndexStatus (ADMIN only)', () => {
    it('answers an ADMIN with every index', async () => {
      const res = await app.gql(STATUS, {}, { role: Role.ADMIN });
      expect(res.status).toBe(200);
      expect(res.errors).toBeUndefined();
      expect(res.data.searchIndexStatus.map((s: { name: string }) => s.name)).toContain('occupations');
      expect(res.data.searchIndexStatus.every((s: { uid: string }) => s.uid.startsWith(app.indexPrefix))).toBe(true);
    });

    for (const role of [Role.COUNSELLOR, Role.ENTERPRISE, Role.PROVIDER, Role.AGENCY, Role.SEEKER]) {
      it(`refuses ${role} with FORBIDDEN`, async () => {
        const res = await app.gql(STATUS, {}, { role });
        expect(res.data).toBeNull();
        expect(res.errors).toHaveLength(1);
        expect(res.errors![0].extensions).toMatchObject({ code: 'FORBIDDEN' });
        expect(res.errors![0].path).toEqual(['searchIndexStatus']);
      });
    }

    it('refuses anonymous callers with UNAUTHENTICATED', async () => {
      const res = await app.gql(STATUS);
      expect(res.data).toBeNull();
      expect(res.errors).toHaveLength(1);
      expect(res.errors![0].extensions).toMatchObject({ code: 'UNAUTHENTICATED' });
    });
  });

  describe('setOccupationAliases (ADMIN only)', () => {
    it('lets an ADMIN replace the aliases, and audits who did it', async () => {
      const before = await auditCount();
      const aliases = ['护工', '养老护工', '护理员'];
      const res = await app.gql(SET_ALIASES, { input: { code: CODE, aliases } }, { role: Role.ADMIN });
      expect(res.errors).toBeUndefined();
      expect(res.data.setOccupationAliases).toEqual({ occupation: { code: CODE, aliases }, userErrors: [] });
      expect(await aliasesOf(CODE)).toEqual(aliases);

      expect(await auditCount()).toBe(before + 1);
      const [entry] = await sql('SELECT * FROM audit_entry ORDER BY id DESC LIMIT 1');
      expect(entry).toMatchObject({ actor: 'test-admin', actor_role: 'ADMIN', action: 'SET_ALIASES', entity_type: 'Occupation', entity_id: CODE });
      expect(entry.changes.aliases.to).toEqual(aliases);
      expect(entry.request_id).toBe(res.extensions?.requestId);

      const read = await app.gql(`{ occupation(code: "${CODE}") { aliases } }`);
      expect(read.data.occupation.aliases).toEqual(aliases);
    });

    for (const role of [Role.COUNSELLOR, Role.ENTERPRISE, Role.PROVIDER, Role.AGENCY, Role.SEEKER]) {
      it(`refuses ${role} with FORBIDDEN and changes nothing`, async () => {
        const aliasesBefore = await aliasesOf(CODE);
        const auditBefore = await auditCount();
        const res = await app.gql(SET_ALIASES, { input: { code: CODE, aliases: [`${role} was here`] } }, { role });
        expect(res.data).toBeNull();
        expect(res.errors?.[0].extensions).toMatchObject({ code: 'FORBIDDEN' });
        expect(await aliasesOf(CODE)).toEqual(aliasesBefore);
        expect(await auditCount()).toBe(auditBefore);
      });
    }

    it('refuses anonymous callers with UNAUTHENTICATED and changes nothing', async () => {
      const aliasesBefore = await aliasesOf(CODE);
      const auditBefore = await auditCount();
      const res = await app.gql(SET_ALIASES, { input: { code: CODE, aliases: ['anonymous'] } });
      expect(res.data).toBeNull();
      expect(res.errors?.[0].extensions).toMatchObject({ code: 'UNAUTHENTICATED' });
      expect(await aliasesOf(CODE)).toEqual(aliasesBefore);
      expect(await auditCount()).toBe(auditBefore);
    });
  });

  describe('me', () => {
    it('is null for anonymous callers', async () => {
      const res = await app.gql(ME);
      expect(res.status).toBe(200);
      expect(res.data).toEqual({ me: null });
    });

    it('shows the role and scope a token carries', async () => {
      const res = await app.gql(ME, {}, { token: await app.token(Role.ENTERPRISE, { subject: 'user:li', enterprise: 'e-42' }) });
      expect(res.data.me).toEqual({
        subject: 'user:li',
        role: 'ENTERPRISE',
        regionCode: null,
        enterpriseId: 'e-42',
        providerId: null,
        agency: null,
        seekerId: null,
        authenticatedBy: 'TOKEN',
      });
    });
  });

  describe('bad tokens', () => {
    /** Asserts the request is refused before anything runs: HTTP 401, UNAUTHENTICATED, no data. */
    async function expectRefused(authorization: string, query = ME) {
      const res = await app.gql(query, {}, { headers: { authorization } });
      expect(res.status, authorization).toBe(401);
      expect(res.data, authorization).toBeUndefined();
      expect(res.errors, authorization).toHaveLength(1);
      expect(res.errors![0].extensions, authorization).toMatchObject({ code: 'UNAUTHENTICATED' });
      expect(res.errors![0].extensions, authorization).not.toHaveProperty('http');
      expect(res.extensions?.requestId, authorization).toMatch(/^[0-9a-f-]{36}$/);
      return res.errors![0];
    }

    it('accepts the genuine token the bad ones are made from', async () => {
      const res = await app.gql(ME, {}, { token: await app.token(Role.ADMIN) });
      expect(res.status).toBe(200);
      expect(res.data.me).toMatchObject({ role: 'ADMIN', regionCode: '210200', authenticatedBy: 'TOKEN' });
    });

    it('refuses an expired token, saying so', async () => {
      const expired = await app.token(Role.ADMIN, {}, '-1m');
      const [, payload] = expired.split('.');
      expect(JSON.parse(Buffer.from(payload, 'base64url').toString()).exp).toBeLessThan(Date.now() / 1000);
      const error = await expectRefused(`Bearer ${expired}`, STATUS);
      expect(error.message).toMatch(/expired/i);
      // jose reads a number as an absolute time (seconds since the epoch), not as a duration
      await expectRefused(`Bearer ${await app.token(Role.ADMIN, {}, Math.floor(Date.now() / 1000) - 60)}`);
    });

    it('refuses a token once it expires, though it was accepted (and remembered) before', async () => {
      const expiresAt = Math.floor(Date.now() / 1000) + 2;
      const shortLived = await app.token(Role.ADMIN, {}, expiresAt);
      expect((await app.gql(ME, {}, { token: shortLived })).data.me.role).toBe('ADMIN');
      expect((await app.gql(ME, {}, { token: shortLived })).data.me.role).toBe('ADMIN');
      await new Promise((resolve) => setTimeout(resolve, expiresAt * 1000 - Date.now() + 50));
      const error = await expectRefused(`Bearer ${shortLived}`, STATUS);
      expect(error.message).toMatch(/expired/i);
    });

    it('refuses a token signed with another secret', async () => {
      const forged = await signToken('another-secret-that-is-also-32-characters-long', { subject: 'mallory', role: Role.ADMIN, region: '210000' });
      await expectRefused(`Bearer ${forged}`, STATUS);
    });

    it('refuses a genuine token whose payload was changed', async () => {
      const [header, payload, signature] = (await app.token(Role.SEEKER)).split('.');
      const claims = JSON.parse(Buffer.from(payload, 'base64url').toString());
      const tampered = `${header}.${b64url({ ...claims, role: 'ADMIN', region: '210000' })}.${signature}`;
      await expectRefused(`Bearer ${tampered}`, STATUS);
    });

    it('refuses an unsigned (alg: none) token', async () => {
      const now = Math.floor(Date.now() / 1000);
      const claims = { sub: 'mallory', role: 'ADMIN', region: '210000', iss: 'skills-match', iat: now, exp: now + 3600 };
      await expectRefused(`Bearer ${b64url({ alg: 'none', typ: 'JWT' })}.${b64url(claims)}.`, STATUS);
      await expectRefused(`Bearer ${b64url({ alg: 'none' })}.${b64url(claims)}.${(await app.token(Role.ADMIN)).split('.')[2]}`);
    });

    it('refuses a correctly signed token from another issuer, or with no known role', async () => {
      await expectRefused(`Bearer ${await signToken(TEST_AUTH_SECRET, { subject: 'x', role: Role.ADMIN }, '1h', 'someone-else')}`);
      await expectRefused(`Bearer ${await signToken(TEST_AUTH_SECRET, { subject: 'x', role: 'ROOT' as Role })}`);
    });

    it('refuses garbage and other schemes', async () => {
      await expectRefused('Bearer garbage');
      await expectRefused('Bearer a.b.c');
      await expectRefused('Bearer ');
      await expectRefused(`Basic ${Buffer.from('admin:admin').toString('base64')}`);
      await expectRefused(`Bearer ${await app.token(Role.ADMIN)} extra`);
    });

    it('refuses even a public query when the credentials are bad', async () => {
      await expectRefused('Bearer garbage', `{ region(code: "210200") { name } }`);
    });
  });

  describe('agency API keys', () => {
    const repo = () => app.platform.infrastructure.dataSource.getRepository(ApiKey);
    let key: string;
    let prefix: string;

    beforeAll(async () => {
      const generated = generateApiKey();
      key = generated.key;
      prefix = generated.prefix;
      await repo().save(repo().create({ keyHash: generated.hash, prefix, agency: 'dalian-hr-market', regionCode: '210200' }));
    });

    it('identify the agency and its region', async () => {
      const res = await app.gql(ME, {}, { headers: { 'x-api-key': key } });
      expect(res.status).toBe(200);
      expect(res.data.me).toEqual({
        subject: `api-key:${prefix}`,
        role: 'AGENCY',
        regionCode: '210200',
        enterpriseId: null,
        providerId: null,
        agency: 'dalian-hr-market',
        seekerId: null,
        authenticatedBy: 'API_KEY',
      });
    });

    it('give an agency no more than an agency may do', async () => {
      const res = await app.gql(STATUS, {}, { headers: { 'x-api-key': key } });
      expect(res.errors?.[0].extensions).toMatchObject({ code: 'FORBIDDEN' });
    });

    it('are stored only as their hash', async () => {
      const rows = await sql('SELECT * FROM api_key WHERE prefix = $1', [prefix]);
      expect(rows).toHaveLength(1);
      expect(rows[0].key_hash).toBe(hashApiKey(key));
      expect(rows[0].key_hash).not.toBe(key);
      expect(rows[0].revoked_at).toBeNull();
      const everything = await sql<{ row: string }>('SELECT row_to_json(k)::text AS row FROM api_key k');
      for (const { row } of everything) {
        expect(row).not.toContain(key);
        expect(row).not.toContain(key.slice(prefix.length));
      }
    });

    it('are refused when unknown, with HTTP 401', async () => {
      for (const unknown of [generateApiKey().key, `${key}x`, key.slice(0, -1), 'smk_', hashApiKey(key)]) {
        const res = await app.gql(ME, {}, { headers: { 'x-api-key': unknown } });
        expect(res.status, unknown).toBe(401);
        expect(res.errors?.[0].extensions, unknown).toMatchObject({ code: 'UNAUTHENTICATED' });
      }
    });

    it('are refused once revoked, with HTTP 401', async () => {
      await sql('UPDATE api_key SET revoked_at = now() WHERE prefix = $1', [prefix]);
      const res = await app.gql(ME, {}, { headers: { 'x-api-key': key } });
      expect(res.status).toBe(401);
      expect(res.data).toBeUndefined();
      expect(res.errors?.[0].extensions).toMatchObject({ code: 'UNAUTHENTICATED' });
    });
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Role } from '../server/auth';
import { startTestPlatform, type GraphQLResult, type TestPlatform } from './harness';

const SET_ALIASES = `mutation($input: SetOccupationAliasesInput!) {
  setOccupationAliases(input: $input) { occupation { code aliases } userErrors { field message code } }
}`;
const INTROSPECTION = `{ __schema { queryType { name } types { name } } }`;

/** `region(code: "210211") { parent { parent { … name } } }` with `levels` fields in the deepest path. */
function deepRegionQuery(levels: number): string {
  let selection = 'name';
  for (let i = 0; i < levels - 2; i++) selection = `parent { ${selection} }`;
  return `{ region(code: "210211") { ${selection} } }`;
}

/** The single error of a response refused before execution, with the given code. */
function expectRefused(res: GraphQLResult, code: string, status = 400) {
  expect(res.status).toBe(status);
  expect(res.data).toBeUndefined();
  expect(res.errors).toHaveLength(1);
  expect(res.errors![0].extensions).toMatchObject({ code });
  return res.errors![0];
}

describe('limits on what one request may ask', () => {
  let app: TestPlatform;
  const sql = <T = any>(text: string, params?: unknown[]): Promise<T[]> => app.platform.infrastructure.dataSource.query(text, params);

  beforeAll(async () => {
    app = await startTestPlatform();
  });
  afterAll(() => app?.stop());

  it('answers an ordinary front-end query well within the limits', async () => {
    const res = await app.gql(`query Cities($n: Int) {
      regions(parentCode: "210000", first: $n) {
        totalCount pageInfo { hasNextPage endCursor }
        edges { cursor node { id code name level parent { code name } children { code name } } }
      }
      occupations(first: 20) { nodes { id code name aliases isDigital } }
      me { role }
    }`, { n: 20 });
    expect(res.status).toBe(200);
    expect(res.errors).toBeUndefined();
    expect(res.data.regions.totalCount).toBe(14);
    expect(res.data.occupations.nodes).toHaveLength(20);
  });

  it('answers a query exactly 8 deep', async () => {
    const res = await app.gql(deepRegionQuery(8));
    expect(res.errors).toBeUndefined();
    // 210211 → 大连市 → 辽宁省 → (none)
    expect(res.data.region.parent.parent.parent).toBeNull();
  });

  it('refuses a query 50 levels deep with QUERY_TOO_DEEP', async () => {
    const error = expectRefused(await app.gql(deepRegionQuery(50)), 'QUERY_TOO_DEEP');
    expect(error.extensions).toMatchObject({ depth: 50, limit: 8 });
    expectRefused(await app.gql(deepRegionQuery(9)), 'QUERY_TOO_DEEP');
    const children = `{ regions { nodes ${'{ children '.repeat(20)}{ name }${' }'.repeat(20)} } }`;
    expectRefused(await app.gql(children), 'QUERY_TOO_DEEP');
  });

  it('refuses 100 aliases of one field with TOO_MANY_ALIASES', async () => {
    const fields = Array.from({ length: 100 }, (_, i) => `a${i}: region(code: "210200") { name }`).join(' ');
    const error = expectRefused(await app.gql(`{ ${fields} }`), 'TOO_MANY_ALIASES');
    expect(error.extensions).toMatchObject({ aliases: 100, limit: 20 });
    const twenty = Array.from({ length: 20 }, (_, i) => `a${i}: region(code: "210200") { name }`).join(' ');
    expect((await app.gql(`{ ${twenty} }`)).data.a19).toEqual({ name: '大连市' });
  });

  it('counts aliases of introspection fields too', async () => {
    const fields = Array.from({ length: 30 }, (_, i) => `a${i}: __schema { types { name } }`).join(' ');
    expectRefused(await app.gql(`{ ${fields} }`), 'TOO_MANY_ALIASES');
  });

  it('refuses a query costing more than 5000 with QUERY_TOO_COSTLY', async () => {
    const page = `regions(first: 100) { nodes { children { children { name } } } }`;
    const error = expectRefused(await app.gql(`{ a: ${page} b: ${page} c: ${page} }`), 'QUERY_TOO_COSTLY');
    expect(error.extensions).toMatchObject({ cost: 3 * 42201, limit: 5000 });
    expectRefused(await app.gql(`{ ${page} }`), 'QUERY_TOO_COSTLY');
  });

  it('counts a page size left to a variable default', async () => {
    // 5 × (1 + 22 × 100) = 11005 at first 100; 2205 if the default were ignored
    const page = (alias: string) => `${alias}: regions(parentCode: "210000", first: $n) { nodes { children { name } } }`;
    const query = `query($n: Int = 100) { ${['a', 'b', 'c', 'd', 'e'].map(page).join(' ')} }`;
    expectRefused(await app.gql(query), 'QUERY_TOO_COSTLY');
    expect((await app.gql(query, { n: 5 })).errors).toBeUndefined();
  });

  it('refuses first outside 1..100 as BAD_USER_INPUT on first', async () => {
    for (const first of [0, 101, -1]) {
      const res = await app.gql(`query($first: Int) { occupations(first: $first) { nodes { code } } }`, { first });
      expect(res.errors, String(first)).toHaveLength(1);
      expect(res.errors![0].extensions, String(first)).toMatchObject({ code: 'BAD_USER_INPUT', field: ['first'] });
      expect(res.data, String(first)).toBeNull();
    }
    const literal = await app.gql(`{ regions(parentCode: "210000", first: 101) { nodes { code } } }`);
    expect(literal.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: ['first'] });
    const hundred = await app.gql(`{ regions(parentCode: "210000", first: 100) { totalCount nodes { code } } }`);
    expect(hundred.errors).toBeUndefined();
    expect(hundred.data.regions.nodes).toHaveLength(14);
  });

  it('refuses a body over 1 MiB with HTTP 413 PAYLOAD_TOO_LARGE', async () => {
    const query = `{ me { role } }`;
    const big = JSON.stringify({ query, variables: { padding: 'x'.repeat(5 * 1024 * 1024) } });
    const res = await app.post(big);
    expect(res.status).toBe(413);
    expect(res.json.errors[0].extensions).toMatchObject({ code: 'PAYLOAD_TOO_LARGE', limit: 1024 * 1024 });
    expect(res.json.extensions.requestId).toMatch(/^[0-9a-f-]{36}$/);
    // just over the limit, sent without a Content-Length, is caught while reading
    const stream = new ReadableStream({
      start(controller) {
        const chunk = new TextEncoder().encode(' '.repeat(64 * 1024));
        for (let i = 0; i < 17; i++) controller.enqueue(chunk);
        controller.enqueue(new TextEncoder().encode(JSON.stringify({ query })));
        controller.close();
      },
    });
    const chunked = await fetch(app.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: stream, duplex: 'half' } as RequestInit);
    expect(chunked.status).toBe(413);
    expect((await chunked.json()).errors[0].extensions.code).toBe('PAYLOAD_TOO_LARGE');
    // and the server still answers
    expect((await app.gql(query)).status).toBe(200);
  });

  it('lets an authenticated agency send a bulk-sized body (4 MiB), and nobody 5 MB', async () => {
    const query = `{ me { role } }`;
    const padded = (mib: number) => JSON.stringify({ query, variables: { padding: 'x'.repeat(mib * 1024 * 1024) } });
    const agency = await app.token(Role.AGENCY);
    const bulk = await app.post(padded(3), { authorization: `Bearer ${agency}` });
    expect(bulk.status).toBe(200);
    expect(bulk.json.data.me.role).toBe('AGENCY');
    const tooBig = await app.post(padded(5), { authorization: `Bearer ${agency}` });
    expect(tooBig.status).toBe(413);
    expect(tooBig.json.errors[0].extensions).toMatchObject({ code: 'PAYLOAD_TOO_LARGE', limit: 4 * 1024 * 1024 });
    // Other roles, and credentials that do not hold, keep the 1 MiB limit.
    for (const authorization of [`Bearer ${await app.token(Role.ADMIN)}`, 'Bearer not-a-token']) {
      const refused = await app.post(padded(2), { authorization });
      expect(refused.status).toBe(413);
      expect(refused.json.errors[0].extensions.limit).toBe(1024 * 1024);
    }
  });

  it('refuses a batched request (a JSON array body)', async () => {
    const res = await app.post(JSON.stringify([{ query: '{ me { role } }' }, { query: '{ region(code: "210200") { name } }' }]));
    expect(res.status).toBe(400);
    expect(Array.isArray(res.json)).toBe(false);
    expect(res.json.data).toBeUndefined();
    expect(res.json.errors).toEqual([{ message: expect.stringMatching(/batching disabled/i), extensions: { code: 'BAD_REQUEST' } }]);
    expect(res.json.extensions.requestId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('answers queries over GET, but runs no mutation from a GET', async () => {
    const adminToken = await app.token(Role.ADMIN);
    const get = (query: string) =>
      fetch(`${app.url}?query=${encodeURIComponent(query)}`, { headers: { 'apollo-require-preflight': 'true', authorization: `Bearer ${adminToken}` } });
    const query = await get(`{ me { role } }`);
    expect(query.status).toBe(200);
    expect((await query.json()).data.me.role).toBe('ADMIN');
    const auditBefore = (await sql('SELECT count(*)::int AS n FROM audit_entry'))[0].n;
    const mutation = await get(`mutation { setOccupationAliases(input: { code: "4-04-05-05", aliases: ["GET"] }) { userErrors { code } } }`);
    expect(mutation.status).toBe(405);
    expect((await sql(`SELECT count(*)::int AS n FROM occupation WHERE 'GET' = ANY(aliases)`))[0].n).toBe(0);
    expect((await sql('SELECT count(*)::int AS n FROM audit_entry'))[0].n).toBe(auditBefore);
  });

  it('refuses a malformed occupation code as BAD_USER_INPUT on code', async () => {
    const res = await app.gql(`{ occupation(code: "4-4-5") { name } }`);
    expect(res.errors).toHaveLength(1);
    expect(res.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: ['code'] });
    expect(res.data).toEqual({ occupation: null });
  });

  it('answers an unknown region code with NOT_FOUND on code, and on parentCode for regions', async () => {
    const one = await app.gql(`{ region(code: "999999") { name } }`);
    expect(one.errors).toHaveLength(1);
    expect(one.errors![0].extensions).toMatchObject({ code: 'NOT_FOUND', field: ['code'] });
    expect(one.data).toEqual({ region: null });
    const list = await app.gql(`{ regions(parentCode: "999999") { nodes { name } } }`);
    expect(list.errors![0].extensions).toMatchObject({ code: 'NOT_FOUND', field: ['parentCode'] });
    const malformed = await app.gql(`{ region(code: "21020") { name } }`);
    expect(malformed.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: ['code'] });
  });

  it('turns a malformed code in a mutation into userErrors on input.code, and writes nothing', async () => {
    const auditBefore = (await sql('SELECT count(*)::int AS n FROM audit_entry'))[0].n;
    const res = await app.gql(SET_ALIASES, { input: { code: '4-4-5', aliases: ['不该写入'] } }, { role: Role.ADMIN });
    expect(res.status).toBe(200);
    expect(res.errors).toBeUndefined();
    expect(res.data.setOccupationAliases.occupation).toBeNull();
    expect(res.data.setOccupationAliases.userErrors).toEqual([{ field: ['input', 'code'], message: expect.stringContaining('4-04-05-05'), code: expect.any(String) }]);
    expect((await sql(`SELECT count(*)::int AS n FROM occupation WHERE '不该写入' = ANY(aliases)`))[0].n).toBe(0);
    expect((await sql('SELECT count(*)::int AS n FROM audit_entry'))[0].n).toBe(auditBefore);

    const unknown = await app.gql(SET_ALIASES, { input: { code: '8-99-99-99', aliases: ['不该写入'] } }, { role: Role.ADMIN });
    expect(unknown.data.setOccupationAliases).toEqual({ occupation: null, userErrors: [{ field: ['input', 'code'], message: expect.any(String), code: 'NOT_FOUND' }] });
    expect((await sql('SELECT count(*)::int AS n FROM audit_entry'))[0].n).toBe(auditBefore);
  });

  it('outside production, offers introspection, suggestions and the landing page', async () => {
    const introspection = await app.gql(INTROSPECTION);
    expect(introspection.errors).toBeUndefined();
    expect(introspection.data.__schema.queryType.name).toBe('Query');
    const misspelt = await app.gql(`{ occupation(code: "4-04-05-05") { nmae } }`);
    expect(misspelt.errors![0].message).toMatch(/Did you mean "name"/);
    const page = await fetch(app.url, { headers: { accept: 'text/html' } });
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/text\/html/);
  });
});

describe('limits in production', () => {
  let app: TestPlatform;

  beforeAll(async () => {
    app = await startTestPlatform({ env: { NODE_ENV: 'production', PII_KEY: Buffer.alloc(32, 7).toString('base64') } });
  });
  afterAll(() => app?.stop());

  it('still answers ordinary queries', async () => {
    const res = await app.gql(`{ region(code: "210200") { name parent { name } } }`);
    expect(res.errors).toBeUndefined();
    expect(res.data.region).toEqual({ name: '大连市', parent: { name: '辽宁省' } });
    expect(res.extensions?.requestId).toBeTruthy();
    expect(res.extensions).not.toHaveProperty('sqlQueries');
  });

  it('refuses introspection', async () => {
    for (const query of [INTROSPECTION, `{ __type(name: "Query") { fields { name } } }`]) {
      const res = await app.gql(query);
      expect(res.status, query).toBe(400);
      expect(res.data, query).toBeUndefined();
      expect(res.errors?.[0].extensions, query).toMatchObject({ code: 'GRAPHQL_VALIDATION_FAILED' });
      expect(res.errors?.[0].message, query).toMatch(/introspection/i);
    }
  });

  it('suggests no field names in errors', async () => {
    const res = await app.gql(`{ occupation(code: "4-04-05-05") { nmae } }`);
    expect(res.status).toBe(400);
    expect(res.errors).toHaveLength(1);
    expect(res.errors![0].extensions).toMatchObject({ code: 'GRAPHQL_VALIDATION_FAILED' });
    expect(res.errors![0].message).toContain('nmae');
    expect(res.errors![0].message).not.toMatch(/did you mean/i);
    expect(res.errors![0].message).not.toContain('"name"');
    const arg = await app.gql(`{ occupations(frist: 5) { totalCount } }`);
    expect(arg.errors![0].message).not.toMatch(/did you mean/i);
  });

  it('serves no landing page to a browser', async () => {
    const page = await fetch(app.url, { headers: { accept: 'text/html' } });
    const body = await page.text();
    expect(page.headers.get('content-type') ?? '').not.toMatch(/text\/html/);
    expect(body).not.toMatch(/<html|<!doctype/i);
    expect(page.status).toBeGreaterThanOrEqual(400);
  });

  it('applies the same limits', async () => {
    expectRefused(await app.gql(deepRegionQuery(50)), 'QUERY_TOO_DEEP');
    const res = await app.gql(`{ occupations(first: 101) { nodes { code } } }`);
    expect(res.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: ['first'] });
  });

  it('masks an unexpected failure, keeping the request id and logging the cause', async () => {
    // A real failure below the API: the region table disappears for the length of one request.
    const dataSource = app.platform.infrastructure.dataSource;
    await dataSource.query('ALTER TABLE region RENAME TO region_away');
    let res: GraphQLResult;
    try {
      res = await app.gql(`{ region(code: "210200") { name } }`);
    } finally {
      await dataSource.query('ALTER TABLE region_away RENAME TO region');
    }
    expect(res.errors).toHaveLength(1);
    const [error] = res.errors!;
    expect(error.message).toBe('Internal server error');
    expect(error.extensions).toEqual({ code: 'INTERNAL_SERVER_ERROR', requestId: res.extensions?.requestId });
    expect(JSON.stringify(res)).not.toMatch(/region_away|relation|does not exist|QueryFailedError/);
    const logged = app.logs.map((line) => JSON.parse(line)).filter((entry) => entry.requestId === res.extensions?.requestId && entry.msg === 'unexpected error');
    expect(logged).toHaveLength(1);
    expect(logged[0]).toMatchObject({ level: 'error', path: ['region'], err: { message: 'relation "region" does not exist' } });
    expect((await app.gql(`{ region(code: "210200") { name } }`)).data.region.name).toBe('大连市');
  });
});

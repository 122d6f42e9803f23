import { GraphQLError, Kind, parse, type GraphQLSchema } from 'graphql';
import { beforeAll, describe, expect, it } from 'vitest';
import { generateApiKey, hashApiKey, regionCovers, regionRange } from '../server/auth';
import { addDays } from '../domain/supply/subsidy-quote';
import { regionAndAncestors } from '../search/post-demands.index';
import { ConfigError, loadConfig } from '../server/config';
import { measureOperation } from '../server/limits';
import { buildAppSchema } from '../schema/build';
import { connectionFrom, pageWindow } from '../schema/common/connection';
import { fromGlobalId, toGlobalId } from '../schema/common/node';
import { DateScalar, DecimalScalar } from '../schema/common/scalars';
import { settingsCover } from '../search/engine';
import { HeldLoader, whenHeld } from '../server/held-loader';
import { percentOf } from '../domain/enrollment/training-outcome.service';

/** The problems loadConfig reports for an environment (empty when it accepts it). */
function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
    return [];
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as ConfigError).problems;
  }
}

const PRODUCTION_OK = {
  NODE_ENV: 'production',
  AUTH_SECRET: 'x'.repeat(32),
  DATABASE_URL: 'postgres://app@db.internal:5432/skills',
  MEILI_URL: 'http://search.internal:7700',
  MEILI_MASTER_KEY: 'master-key',
  PII_KEY: Buffer.alloc(32, 1).toString('base64'),
};

describe('loadConfig', () => {
  it('accepts an empty environment with the documented defaults', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({ nodeEnv: 'development', isProduction: false, port: 4000, host: '127.0.0.1', demoData: true, maxBodyBytes: 1024 * 1024 });
    expect(config.limits).toEqual({ maxDepth: 8, maxAliases: 20, maxCost: 5000 });
    expect(config.databaseUrl).toBeUndefined();
    expect(config.authSecret).toBeUndefined();
  });

  it('accepts a complete production environment', () => {
    const config = loadConfig(PRODUCTION_OK);
    expect(config).toMatchObject({ nodeEnv: 'production', isProduction: true, host: '0.0.0.0', authSecret: 'x'.repeat(32) });
  });

  it('names PORT when it is not a number', () => {
    const problems = problemsOf({ PORT: 'abc' });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^PORT\b/);
    expect(problems[0]).toContain('"abc"');
    expect(problemsOf({ PORT: '70000' })[0]).toMatch(/^PORT\b/);
  });

  it('names NODE_ENV when it is not one of the three', () => {
    const problems = problemsOf({ NODE_ENV: 'prod' });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^NODE_ENV\b/);
    expect(problems[0]).toContain('"prod"');
  });

  it('in production, names each missing secret and service, all at once', () => {
    const problems = problemsOf({ NODE_ENV: 'production' });
    expect(problems.find((p) => p.includes('AUTH_SECRET'))).toBeDefined();
    expect(problems.find((p) => p.includes('DATABASE_URL'))).toBeDefined();
    expect(problems.find((p) => p.includes('MEILI_URL'))).toBeDefined();
    expect(problems.find((p) => p.includes('PII_KEY'))).toBeDefined();
    expect(problems).toHaveLength(4);
    for (const name of ['AUTH_SECRET', 'DATABASE_URL', 'MEILI_MASTER_KEY', 'PII_KEY'] as const) {
      const { [name]: _dropped, ...rest } = PRODUCTION_OK;
      const only = problemsOf(rest);
      expect(only, name).toHaveLength(1);
      expect(only[0], name).toContain(name);
    }
    // Without MEILI_URL the master key has nothing to belong to: both are said.
    const { MEILI_URL: _url, ...noMeili } = PRODUCTION_OK;
    expect(problemsOf(noMeili)).toEqual([expect.stringMatching(/^MEILI_MASTER_KEY is set without MEILI_URL/), expect.stringMatching(/needs MEILI_URL/)]);
  });

  it('names AUTH_SECRET when it is shorter than 32 characters, in any mode', () => {
    expect(problemsOf({ AUTH_SECRET: 'short' })).toEqual([expect.stringMatching(/^AUTH_SECRET must be at least 32/)]);
    expect(problemsOf({ ...PRODUCTION_OK, AUTH_SECRET: 'x'.repeat(31) })).toEqual([expect.stringMatching(/^AUTH_SECRET/)]);
  });

  it('names malformed URLs and booleans, and reports several problems together', () => {
    const problems = problemsOf({ PORT: 'abc', DATABASE_URL: 'mysql://db/x', MEILI_URL: 'not a url', DEMO_DATA: 'maybe', MAX_QUERY_DEPTH: '1' });
    expect(problems).toHaveLength(5);
    for (const name of ['PORT', 'DATABASE_URL', 'MEILI_URL', 'DEMO_DATA', 'MAX_QUERY_DEPTH']) {
      expect(problems.some((p) => p.startsWith(name)), name).toBe(true);
    }
    expect(() => loadConfig({ PORT: 'abc' })).toThrow(/PORT/);
  });
});

describe('measureOperation (the cost model)', () => {
  let schema: GraphQLSchema;
  beforeAll(async () => {
    schema = await buildAppSchema();
  });
  const measure = (source: string, variables?: Record<string, unknown>, operationName?: string) =>
    measureOperation(schema, parse(source), operationName, variables);

  it('charges 1 per field and 1 + selection for an object field', () => {
    expect(measure('{ me { role subject } }')).toEqual({ depth: 2, aliases: 0, cost: 3 });
    // region 1 + (name 1 + parent (1 + name 1))
    expect(measure('{ region(code: "210200") { name parent { name } } }')).toEqual({ depth: 3, aliases: 0, cost: 4 });
  });

  it('counts aliases and charges every aliased copy', () => {
    expect(measure('{ a: occupation(code: "4-04-05-05") { code } b: occupation(code: "4-10-01-05") { code name } }')).toEqual({ depth: 2, aliases: 2, cost: 5 });
  });

  it('multiplies a connection by its first (default 20, at most 100), not again by nodes or edges', () => {
    // totalCount 1 + nodes (1 + code 1) = 3 per page item
    expect(measure('{ occupations { totalCount nodes { code } } }').cost).toBe(1 + 3 * 20);
    expect(measure('{ occupations(first: 5) { totalCount nodes { code } } }').cost).toBe(1 + 3 * 5);
    expect(measure('{ occupations(first: 1000) { totalCount nodes { code } } }').cost).toBe(1 + 3 * 100);
    expect(measure('{ occupations(first: 5) { edges { cursor node { code } } } }')).toEqual({ depth: 4, aliases: 0, cost: 1 + (1 + 1 + 2) * 5 });
  });

  it('reads first from variables, and from the variable default when the request leaves it out', () => {
    const source = 'query($n: Int = 50) { occupations(first: $n) { nodes { code } } }';
    expect(measure(source, { n: 5 }).cost).toBe(1 + 2 * 5);
    expect(measure(source, {}).cost).toBe(1 + 2 * 50);
    expect(measure('query($n: Int) { occupations(first: $n) { nodes { code } } }', {}).cost).toBe(1 + 2 * 20);
  });

  it('multiplies nested lists', () => {
    // children { name } = 1 + 1×20; children { children { name } } = 1 + 21×20
    const m = measure('{ regions(first: 100) { nodes { children { children { name } } } } }');
    expect(m).toEqual({ depth: 5, aliases: 0, cost: 1 + (1 + (1 + (1 + 1 * 20) * 20)) * 100 });
    expect(m.cost).toBe(42201);
  });

  it('charges nodes(ids) by the number of ids', () => {
    expect(measure('{ nodes(ids: ["a", "b", "c"]) { id } }').cost).toBe(1 + 1 * 3);
    expect(measure('query($ids: [ID!]!) { nodes(ids: $ids) { id } }', { ids: ['a', 'b', 'c', 'd', 'e'] }).cost).toBe(1 + 1 * 5);
  });

  it('follows fragments and inline fragments at the depth they are spread', () => {
    const m = measure(`
      { region(code: "210200") { ...F } node(id: "x") { ... on Region { code } } }
      fragment F on Region { name children { name } }`);
    // region: 1 + (name 1 + children (1 + 1×20)); node: 1 + code 1
    expect(m).toEqual({ depth: 3, aliases: 0, cost: 1 + 22 + 2 });
  });

  it('measures only the operation named', () => {
    const source = 'query Small { me { role } } query Big { regions(first: 100) { nodes { children { name } } } }';
    expect(measure(source, {}, 'Small').cost).toBe(2);
    expect(measure(source, {}, 'Big').cost).toBe(1 + (1 + 21) * 100);
  });

  it('lets introspection fields through free, but counts their aliases', () => {
    expect(measure('{ __typename __schema { types { fields { name } } } me { role } }')).toEqual({ depth: 2, aliases: 0, cost: 2 });
    expect(measure('{ a: __typename b: __schema { queryType { name } } }').aliases).toBe(2);
  });

  it('measures a mutation', () => {
    const m = measure('mutation { setOccupationAliases(input: { code: "4-04-05-05", aliases: [] }) { occupation { code aliases } userErrors { field message code } } }');
    // occupation: 1 + 2; userErrors: 1 + 3×20 (a plain list)
    expect(m).toEqual({ depth: 3, aliases: 0, cost: 1 + 3 + 61 });
  });
});

describe('regionCovers', () => {
  it('a province covers itself and everything whose code starts with its two digits', () => {
    expect(regionCovers('210000', '210000')).toBe(true);
    expect(regionCovers('210000', '210200')).toBe(true);
    expect(regionCovers('210000', '210211')).toBe(true);
    expect(regionCovers('210000', '220100')).toBe(false);
    expect(regionCovers('210000', '110101')).toBe(false);
  });

  it('a prefecture covers itself and its counties, not its province or siblings', () => {
    expect(regionCovers('210200', '210200')).toBe(true);
    expect(regionCovers('210200', '210211')).toBe(true);
    expect(regionCovers('210200', '210000')).toBe(false);
    expect(regionCovers('210200', '210100')).toBe(false);
    expect(regionCovers('210200', '210102')).toBe(false);
  });

  it('a county covers only itself', () => {
    expect(regionCovers('210211', '210211')).toBe(true);
    expect(regionCovers('210211', '210212')).toBe(false);
    expect(regionCovers('210211', '210200')).toBe(false);
    expect(regionCovers('210211', '210000')).toBe(false);
  });
});

describe('regionRange', () => {
  it('bounds exactly the codes a region covers, as six-digit codes', () => {
    expect(regionRange('210000')).toEqual(['210000', '220000']);
    expect(regionRange('210200')).toEqual(['210200', '210300']);
    expect(regionRange('210900')).toEqual(['210900', '211000']);
    expect(regionRange('210211')).toEqual(['210211', '210212']);
    const codes = ['210000', '210100', '210102', '210200', '210211', '210299', '210300', '220100', '110101'];
    for (const scope of ['210000', '210200', '210211']) {
      const [from, until] = regionRange(scope);
      expect(codes.filter((c) => c >= from && c < until)).toEqual(codes.filter((c) => regionCovers(scope, c)));
    }
  });
});

describe('dates and region chains used by quotes', () => {
  it('moves a day across month, year and leap-day edges', () => {
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2024-03-01', -1)).toBe('2024-02-29');
    expect(addDays('2025-03-01', -1)).toBe('2025-02-28');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2026-01-01', -1)).toBe('2025-12-31');
    expect(addDays('2026-11-21', 365)).toBe('2027-11-21');
    expect(addDays('2026-11-21', 0)).toBe('2026-11-21');
  });

  it('lists a region and the regions above it, nearest first', () => {
    expect(regionAndAncestors('210203')).toEqual(['210203', '210200', '210000']);
    expect(regionAndAncestors('210200')).toEqual(['210200', '210000']);
    expect(regionAndAncestors('210000')).toEqual(['210000']);
  });
});

describe('API keys', () => {
  it('are random, prefixed, and stored as their SHA-256', () => {
    const a = generateApiKey();
    const b = generateApiKey();
    expect(a.key).not.toBe(b.key);
    expect(a.key).toMatch(/^smk_[A-Za-z0-9_-]{32}$/);
    expect(a.key.startsWith(a.prefix)).toBe(true);
    expect(a.hash).toBe(hashApiKey(a.key));
    expect(a.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(hashApiKey('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });
});

describe('global ids', () => {
  it('round-trip, keeping colons in the key', () => {
    for (const [type, key] of [
      ['Occupation', '4-04-05-05'],
      ['Region', '210200'],
      ['Thing', 'a:b:c'],
      ['Thing', '中文'],
    ]) {
      const id = toGlobalId(type, key);
      expect(id).not.toContain(key);
      expect(fromGlobalId(id)).toEqual({ type, key });
    }
    expect(toGlobalId('Region', '210200')).toBe(Buffer.from('Region:210200').toString('base64url'));
  });

  it('reject junk', () => {
    const valid = toGlobalId('Region', '210200');
    for (const junk of ['', 'abc', '!!!!', 'Region:210200', `${valid}=`, `${valid}x`, Buffer.from(':210200').toString('base64url'), Buffer.from('Region').toString('base64url')]) {
      expect(fromGlobalId(junk), junk).toBeUndefined();
    }
  });
});

describe('pages and cursors', () => {
  const badAfter = (after: string) => {
    try {
      pageWindow({ first: 5, after });
    } catch (err) {
      return err;
    }
    return undefined;
  };

  it('defaults to the first 20', () => {
    expect(pageWindow({})).toEqual({ offset: 0, limit: 20 });
    expect(pageWindow({ first: 7 })).toEqual({ offset: 0, limit: 7 });
  });

  it('continues after a cursor it gave out', () => {
    const window = pageWindow({ first: 3 });
    const page = connectionFrom(['a', 'b', 'c'], window, 10);
    expect(page.nodes).toEqual(['a', 'b', 'c']);
    expect(page.edges.map((e) => e.node)).toEqual(['a', 'b', 'c']);
    expect(page.totalCount).toBe(10);
    expect(page.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: false, startCursor: page.edges[0].cursor, endCursor: page.edges[2].cursor });
    expect(new Set(page.edges.map((e) => e.cursor)).size).toBe(3);

    const next = pageWindow({ first: 3, after: page.pageInfo.endCursor! });
    expect(next).toEqual({ offset: 3, limit: 3 });
    // resuming from a middle edge's cursor
    expect(pageWindow({ after: page.edges[0].cursor })).toEqual({ offset: 1, limit: 20 });

    const last = connectionFrom(['j'], pageWindow({ first: 3, after: connectionFrom(['g', 'h', 'i'], { offset: 6, limit: 3 }, 10).pageInfo.endCursor! }), 10);
    expect(last.pageInfo).toMatchObject({ hasNextPage: false, hasPreviousPage: true });
  });

  it('gives an empty page null cursors', () => {
    expect(connectionFrom([], { offset: 0, limit: 20 }, 0).pageInfo).toEqual({ hasNextPage: false, hasPreviousPage: false, startCursor: null, endCursor: null });
  });

  it('refuses a forged cursor as BAD_USER_INPUT on after', () => {
    const genuine = connectionFrom(['a'], { offset: 4, limit: 1 }, 10).pageInfo.endCursor!;
    expect(badAfter(genuine)).toBeUndefined();
    for (const forged of [
      'garbage',
      Buffer.from('offset:-1').toString('base64url'),
      Buffer.from('offset:01').toString('base64url'),
      Buffer.from('offset:9999999999').toString('base64url'),
      Buffer.from('offset:4 ').toString('base64url'),
      Buffer.from('page:4').toString('base64url'),
      `${genuine}=`,
    ]) {
      const err = badAfter(forged);
      expect(err, forged).toBeInstanceOf(GraphQLError);
      expect((err as GraphQLError).extensions, forged).toMatchObject({ code: 'BAD_USER_INPUT', field: ['after'] });
    }
  });
});

describe('the Decimal scalar', () => {
  it('serialises with exactly two places', () => {
    expect(DecimalScalar.serialize('2200')).toBe('2200.00');
    expect(DecimalScalar.serialize('2200.5')).toBe('2200.50');
    expect(DecimalScalar.serialize('2200.55')).toBe('2200.55');
    expect(DecimalScalar.serialize('-12.3')).toBe('-12.30');
    expect(DecimalScalar.serialize('0')).toBe('0.00');
  });

  it('refuses to serialise anything with more places or that is not a number', () => {
    for (const bad of ['2200.555', 'abc', '', '1e5', '0.1.2']) expect(() => DecimalScalar.serialize(bad), bad).toThrow(TypeError);
    expect(() => DecimalScalar.serialize(0.1 + 0.2)).toThrow(TypeError);
  });

  it('accepts string inputs with up to two places', () => {
    expect(DecimalScalar.parseValue('2200')).toBe('2200');
    expect(DecimalScalar.parseValue('2200.50')).toBe('2200.50');
    expect(DecimalScalar.parseLiteral({ kind: Kind.STRING, value: '19.9' })).toBe('19.9');
  });

  it('rejects floats, three decimals and other junk as input', () => {
    expect(() => DecimalScalar.parseValue(2200.5)).toThrow(TypeError);
    expect(() => DecimalScalar.parseValue(2200)).toThrow(TypeError);
    expect(() => DecimalScalar.parseValue('2200.555')).toThrow(TypeError);
    expect(() => DecimalScalar.parseValue('22,00')).toThrow(TypeError);
    expect(() => DecimalScalar.parseValue(null)).toThrow(TypeError);
    expect(() => DecimalScalar.parseLiteral({ kind: Kind.FLOAT, value: '2200.5' })).toThrow(TypeError);
    expect(() => DecimalScalar.parseLiteral({ kind: Kind.INT, value: '2200' })).toThrow(TypeError);
    expect(() => DecimalScalar.parseLiteral({ kind: Kind.STRING, value: '2200.555' })).toThrow(TypeError);
  });
});

describe('the Date scalar', () => {
  it('passes dates from the database as they are and refuses anything not in the format', () => {
    expect(DateScalar.serialize('2026-09-01')).toBe('2026-09-01');
    for (const bad of ['2026-9-1', '2026-09-01T00:00:00Z', 'tomorrow', 20260901]) expect(() => DateScalar.serialize(bad), String(bad)).toThrow(/not/);
  });

  it('accepts only calendar dates as input', () => {
    expect(DateScalar.parseValue('2028-02-29')).toBe('2028-02-29');
    expect(DateScalar.parseLiteral({ kind: Kind.STRING, value: '2026-12-01' })).toBe('2026-12-01');
    for (const bad of ['2026-02-30', '2027-02-29', '2026-13-01', '2026-9-1']) expect(() => DateScalar.parseValue(bad), bad).toThrow(/not a valid LocalDate/);
    expect(() => DateScalar.parseLiteral({ kind: Kind.STRING, value: '2026-02-30' })).toThrow(/not a valid LocalDate/);
  });
});

describe('settingsCover (skip a settings task Meilisearch does not need)', () => {
  const wanted = { searchableAttributes: ['title', 'description'], filterableAttributes: ['a', 'b'], synonyms: { 护工: ['养老护理员'] }, typoTolerance: { minWordSizeForTypos: { oneTypo: 4 } } };
  const current = {
    searchableAttributes: ['title', 'description'],
    filterableAttributes: ['b', 'a'],
    synonyms: { 护工: ['养老护理员'] },
    typoTolerance: { enabled: true, minWordSizeForTypos: { oneTypo: 4, twoTypos: 9 } },
    rankingRules: ['words'],
  };

  it('accepts what Meilisearch holds, with its defaults and its order for attribute sets', () => {
    expect(settingsCover(current, wanted)).toBe(true);
  });

  it('sees a changed order of searchable attributes, a synonym more or less, a changed value', () => {
    expect(settingsCover({ ...current, searchableAttributes: ['description', 'title'] }, wanted)).toBe(false);
    expect(settingsCover({ ...current, synonyms: { ...current.synonyms, 数标员: ['人工智能训练师'] } }, wanted)).toBe(false);
    expect(settingsCover({ ...current, synonyms: {} }, wanted)).toBe(false);
    // An index that stops using synonyms has them cleared from Meilisearch on upgrade.
    expect(settingsCover(current, { ...wanted, synonyms: {} })).toBe(false);
    expect(settingsCover({ ...current, typoTolerance: { minWordSizeForTypos: { oneTypo: 5 } } }, wanted)).toBe(false);
  });
});

describe('HeldLoader (relations of a primed page answer without a promise)', () => {
  const loaderOf = (batches: string[][]) =>
    new HeldLoader<string | undefined>(async (keys) => {
      batches.push([...keys]);
      return keys.map((k) => (k === 'missing' ? undefined : `row ${k}`));
    });

  it('answers a primed key at once and loads, batched, what it does not hold', async () => {
    const batches: string[][] = [];
    const loader = loaderOf(batches);
    loader.prime('1', 'primed 1');
    expect(loader.now('1')).toBe('primed 1');
    const pending = [loader.now('2'), loader.now('missing')];
    expect(pending.every((p) => p instanceof Promise)).toBe(true);
    expect(await Promise.all(pending)).toEqual(['row 2', undefined]);
    expect(batches).toEqual([['2', 'missing']]);
    expect(loader.now('2')).toBe('row 2');
    expect(loader.now('missing')).toBeUndefined();
  });

  it('forgets a cleared key, so a write in the same request reads fresh', async () => {
    const batches: string[][] = [];
    const loader = loaderOf(batches);
    loader.prime('1', 'primed 1');
    loader.clear('1');
    expect(await loader.now('1')).toBe('row 1');
    loader.clearAll();
    expect(loader.now('1')).toBeInstanceOf(Promise);
    expect(batches).toEqual([['1']]);
  });

  it('does not hold a value whose key was cleared while its batch was out', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const loader = new HeldLoader<string>(async (keys) => {
      await gate;
      return keys.map((k) => `read before the write ${k}`);
    });
    const pending = loader.now('1');
    await new Promise((resolve) => setImmediate(resolve));
    loader.clear('1');
    release();
    expect(await pending).toBe('read before the write 1');
    expect(loader.now('1')).toBeInstanceOf(Promise);
  });

  it('keeps the first value primed for a key, as DataLoader does', () => {
    const loader = loaderOf([]);
    loader.prime('1', 'first').prime('1', 'second');
    expect(loader.now('1')).toBe('first');
  });

  it('whenHeld stays synchronous for a held value and follows a promise otherwise', async () => {
    expect(whenHeld(2, (n) => n * 10)).toBe(20);
    const later = whenHeld(Promise.resolve(2), (n) => n * 10);
    expect(later).toBeInstanceOf(Promise);
    expect(await later).toBe(20);
  });
});

describe('percentOf (training outcome rates)', () => {
  it.each([
    [2, 3, '66.67'],
    [1, 3, '33.33'],
    [1, 8, '12.50'],
    [5, 5, '100.00'],
    [0, 7, '0.00'],
    [1, 1600, '0.06'], // 0.0625 %: below the half, down
    [1, 800, '0.13'], // 0.125 %: exactly half, up
    [333, 1000, '33.30'],
  ])('%i of %i is %s %%', (part, whole, expected) => {
    expect(percentOf(part, whole)).toBe(expected);
  });
  it('has no rate while the base is zero', () => {
    expect(percentOf(0, 0)).toBeNull();
  });
});

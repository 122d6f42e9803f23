import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPlatform, type TestPlatform } from './harness';

describe('a front-end developer browsing the demo catalogue', () => {
  let app: TestPlatform;
  beforeAll(async () => {
    app = await startTestPlatform();
    await app.settle();
  });
  afterAll(() => app?.stop());

  it('finds 人工智能训练师 first by its colloquial names', async () => {
    for (const query of ['数标员', 'AI训练师', '人工智能训练']) {
      const res = await app.gql(`query($q: String) { occupations(query: $q, first: 5) { nodes { code name } } }`, { q: query });
      expect(res.errors, query).toBeUndefined();
      expect(res.data.occupations.nodes[0], query).toMatchObject({ code: '4-04-05-05', name: '人工智能训练师' });
    }
  });

  it('reads 养老护理员 with its definition, tasks and aliases', async () => {
    const res = await app.gql(`{ occupation(code: "4-10-01-05") { id code name definition tasks aliases majorGroup isDigital } }`);
    expect(res.errors).toBeUndefined();
    expect(res.data.occupation).toMatchObject({ code: '4-10-01-05', name: '养老护理员', majorGroup: 4, isDigital: false });
    expect(res.data.occupation.definition).toMatch(/照料|护理/);
    expect(res.data.occupation.tasks).toBeTruthy();
    const node = await app.gql(`query($id: ID!) { node(id: $id) { id ... on Occupation { code } } }`, { id: res.data.occupation.id });
    expect(node.data.node).toEqual({ id: res.data.occupation.id, code: '4-10-01-05' });
  });

  it('lists only digital occupations when filtered', async () => {
    const res = await app.gql(`{ occupations(filter: { isDigital: true }, first: 100) { totalCount nodes { code isDigital } } }`);
    expect(res.errors).toBeUndefined();
    expect(res.data.occupations.totalCount).toBeGreaterThan(0);
    expect(res.data.occupations.nodes.every((n: { isDigital: boolean }) => n.isDigital)).toBe(true);
    expect(res.data.occupations.nodes.map((n: { code: string }) => n.code)).toContain('4-04-05-05');
  });

  it('pages through the classification with cursors', async () => {
    const first = await app.gql(`{ occupations(first: 5) { totalCount pageInfo { hasNextPage endCursor } nodes { code } } }`);
    const next = await app.gql(`query($after: String) { occupations(first: 5, after: $after) { pageInfo { hasPreviousPage } nodes { code } } }`, {
      after: first.data.occupations.pageInfo.endCursor,
    });
    expect(first.data.occupations.pageInfo.hasNextPage).toBe(true);
    expect(next.data.occupations.pageInfo.hasPreviousPage).toBe(true);
    const codes = [...first.data.occupations.nodes, ...next.data.occupations.nodes].map((n: { code: string }) => n.code);
    expect(new Set(codes).size).toBe(10);
    expect(codes).toEqual([...codes].sort());
  });

  it('lists the provinces when no parent is named', async () => {
    const res = await app.gql(`{ regions(first: 100) { totalCount nodes { code name level } } }`);
    expect(res.errors).toBeUndefined();
    expect(res.data.regions.totalCount).toBe(31);
    expect(res.data.regions.nodes).toContainEqual({ code: '210000', name: '辽宁省', level: 'PROVINCE' });
  });

  it("lists Liaoning's 14 cities and shows Dalian with its parent and districts", async () => {
    const cities = await app.gql(`{ regions(parentCode: "210000", first: 20) { totalCount nodes { code name level } } }`);
    expect(cities.data.regions.totalCount).toBe(14);
    expect(cities.data.regions.nodes.map((n: { name: string }) => n.name)).toContain('大连市');
    expect(cities.data.regions.nodes.every((n: { level: string }) => n.level === 'PREFECTURE')).toBe(true);
    const dalian = await app.gql(`{ region(code: "210200") { name level parent { code name } children { code name } } }`);
    expect(dalian.data.region).toMatchObject({ name: '大连市', parent: { code: '210000', name: '辽宁省' } });
    expect(dalian.data.region.children.map((c: { name: string }) => c.name)).toEqual(expect.arrayContaining(['中山区', '金州区', '庄河市']));
  });

  it('batches region look-ups: a page of 14 costs as many SQL queries as a page of 2', async () => {
    const query = `query($n: Int) { regions(parentCode: "210000", first: $n) { nodes { name parent { name } children { name } } } }`;
    const small = await app.gql(query, { n: 2 });
    const large = await app.gql(query, { n: 14 });
    expect(large.errors).toBeUndefined();
    expect(large.extensions?.sqlQueries).toBe(small.extensions?.sqlQueries);
  });
});

import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importOccupations, readOccupationFiles } from '../domain/occupation/occupation-import';
import { startTestPlatform, type TestPlatform } from './harness';

const DATA = join(__dirname, '..', '..', 'shared', 'data');

/**
 * What a job seeker or an employment counsellor actually types into the occupation picker, and the
 * occupation of the 2022 classification they mean. Aliases come from occupation_details.csv; the
 * rest are the first characters of an official name, a code, or Latin letters mixed with Chinese.
 * `first` marks the queries that must rank the occupation first, not merely in the top 3.
 *
 * The typeahead prefixes (养老护, 计算机程) guard the ranking rules: moving `exactness` before
 * `attribute` would lift a few whole-word aliases (水电工 → 电工, 保育员 → 保育师) but put definition
 * hits above the name a user is half-way through typing.
 */
const QUERIES: { query: string; code: string; name: string; why: string; first?: true }[] = [
  // Digital and platform work
  { query: '数标员', code: '4-04-05-05', name: '人工智能训练师', why: 'colloquial alias of data annotators', first: true },
  { query: 'AI训练师', code: '4-04-05-05', name: '人工智能训练师', why: 'alias, Latin + Chinese', first: true },
  { query: 'ai训练师', code: '4-04-05-05', name: '人工智能训练师', why: 'same, typed in lower case', first: true },
  { query: '数据标注', code: '4-04-05-05', name: '人工智能训练师', why: 'start of the alias 数据标注师' },
  { query: '网约配送', code: '4-10-08-01', name: '网约配送员', why: 'start of the official name' },
  { query: '送餐员', code: '4-10-08-01', name: '网约配送员', why: 'alias: food-delivery riders' },
  { query: '网约车司机', code: '4-02-02-01', name: '客运车辆驾驶员', why: 'alias: ride-hailing drivers' },
  { query: '带货主播', code: '4-01-06-02', name: '互联网营销师', why: 'alias: live-stream sellers' },
  { query: '无人机飞手', code: '4-02-04-06', name: '无人机驾驶员', why: 'alias: drone pilots' },
  { query: '前端开发', code: '4-04-05-01', name: '计算机程序设计员', why: 'alias: web developers' },
  { query: '计算机程', code: '4-04-05-01', name: '计算机程序设计员', why: 'search-as-you-type, half-way through the name', first: true },
  { query: '淘宝运营', code: '4-01-06-01', name: '电子商务师', why: 'alias: online-shop operators (全媒体运营师 has 运营 in its name and may come first)' },
  // Care and household services
  { query: '月嫂', code: '4-10-01-06', name: '家政服务员', why: 'alias: maternity nannies' },
  { query: '保姆', code: '4-10-01-06', name: '家政服务员', why: 'alias: housekeepers' },
  { query: '育婴师', code: '4-10-01-03', name: '保育师', why: 'alias: the old certificate name' },
  { query: '保育员', code: '4-10-01-03', name: '保育师', why: 'alias: the name kindergartens still use (展出动物保育员, zoo keepers, also contains it)' },
  { query: '早教老师', code: '4-10-01-01', name: '婴幼儿发展引导员', why: 'alias: early-education teachers' },
  { query: '养老护理', code: '4-10-01-05', name: '养老护理员', why: 'start of the official name' },
  { query: '养老护', code: '4-10-01-05', name: '养老护理员', why: 'search-as-you-type: a name prefix beats an exact word in a definition (中医护士)', first: true },
  { query: '护工', code: '4-14-01-02', name: '医疗护理员', why: 'alias: hospital care workers' },
  { query: '保洁', code: '4-09-08-01', name: '保洁员', why: 'alias and start of the name' },
  { query: '美甲', code: '4-10-03-03', name: '美甲师', why: 'start of the official name' },
  { query: '健身教练', code: '4-14-05-01', name: '社会体育指导员', why: 'alias: gym trainers' },
  { query: '厨师', code: '4-03-02-01', name: '中式烹调师', why: 'alias: cooks (Chinese cuisine)' },
  // Manufacturing, construction and logistics
  { query: 'CNC/数控', code: '6-18-01-07', name: '多工序数控机床操作调整工', why: 'alias: CNC machinists, as job boards write it' },
  { query: '数控', code: '6-18-01-07', name: '多工序数控机床操作调整工', why: 'the only occupation named for CNC machines' },
  { query: 'CNC', code: '6-18-01-07', name: '多工序数控机床操作调整工', why: 'Latin letters only' },
  { query: '电工', code: '6-31-01-03', name: '电工', why: 'exact official name, among many names containing 电工' },
  { query: '焊工', code: '6-18-02-04', name: '焊工', why: 'exact official name' },
  { query: '叉车司机', code: '6-30-05-01', name: '起重装卸机械操作工', why: 'alias: forklift drivers' },
  { query: '挖掘机司机', code: '6-30-05-05', name: '挖掘铲运和桩工机械司机', why: 'alias: excavator drivers' },
  { query: '快递员', code: '4-02-07-08', name: '快递员', why: 'exact official name' },
  { query: '汽车维修', code: '4-12-01-01', name: '汽车维修工', why: 'alias and start of the name' },
  { query: '碳排放管理', code: '4-09-07-04', name: '碳排放管理员', why: 'start of a new green occupation' },
  { query: '网格员', code: '3-01-04-02', name: '城市管理网格员', why: 'end of the official name, as used in community work' },
  // Codes, as counsellors copy them from subsidy catalogues
  { query: '4-10-01-05', code: '4-10-01-05', name: '养老护理员', why: 'a classification code', first: true },
];

describe('a job seeker and a counsellor looking up occupations the way they say them', () => {
  let app: TestPlatform;
  beforeAll(async () => {
    app = await startTestPlatform({ demoData: false });
    const rows = readOccupationFiles(join(DATA, 'occupations.csv'), join(DATA, 'occupation_details.csv'));
    const result = await importOccupations(app.platform.infrastructure.dataSource, rows, { subject: 'test:search-quality', role: 'OPERATOR' });
    expect(result.created).toBe(1645);
    await app.settle(60_000);
  }, 180_000);
  afterAll(() => app?.stop());

  it('has enough real-world queries to mean something', () => {
    expect(QUERIES.length).toBeGreaterThanOrEqual(20);
    expect(new Set(QUERIES.map((q) => q.query)).size).toBe(QUERIES.length);
  });

  for (const q of QUERIES) {
    it(`"${q.query}" finds ${q.code} ${q.name} ${q.first ? 'first' : 'in the top 3'} (${q.why})`, async () => {
      const res = await app.gql(`query($q: String) { occupations(query: $q, first: 5) { nodes { code name } } }`, { q: q.query });
      expect(res.errors).toBeUndefined();
      const nodes: { code: string; name: string }[] = res.data.occupations.nodes;
      const shown = nodes.map((n, i) => `${i + 1}. ${n.code} ${n.name}`).join('; ');
      const rank = nodes.findIndex((n) => n.code === q.code) + 1;
      expect(rank, `"${q.query}" → ${shown}`).toBeGreaterThan(0);
      expect(rank, `"${q.query}" → ${shown}`).toBeLessThanOrEqual(q.first ? 1 : 3);
      expect(nodes[rank - 1].name).toBe(q.name);
    });
  }

  it('keeps the eight major groups out of search results unless asked for', async () => {
    const query = `query($f: OccupationFilter) { occupations(query: "负责人", first: 50, filter: $f) { nodes { code } } }`;
    const plain = await app.gql(query);
    expect(plain.errors).toBeUndefined();
    expect(plain.data.occupations.nodes.some((n: { code: string }) => n.code.endsWith('-00-00-00'))).toBe(false);
    const all = await app.gql(query, { f: { includeMajorGroups: true } });
    expect(all.data.occupations.nodes.map((n: { code: string }) => n.code)).toContain('1-00-00-00');
  });
});

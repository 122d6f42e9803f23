import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DataSource } from 'typeorm';
import { todayInChina } from '../domain/demand/post-demand-rules';
import { Enterprise } from '../domain/enterprise/enterprise.entity';
import { fromGlobalId, toGlobalId } from '../schema/common/node';
import { Role } from '../server/auth';
import { startTestPlatform, type TestPlatform } from './harness';

const addDays = (date: string, days: number) => new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
const TODAY = todayInChina();
const dbId = (globalId: string) => fromGlobalId(globalId)!.key;

const AI = '4-04-05-05';
const CARE = '4-10-01-05';
const CNC = '6-18-01-07';
const WELDER = '6-18-02-04';
const ELECTRICIAN = '6-31-01-03';
const COURIER = '4-02-07-08';
const LOGISTICS = '4-02-06-03';

const ENTRY_FIELDS = `id occupationCode occupation { code name } level subsidyUpliftPercent note evidence { demandHeadcount supply ratio }`;
const CATALOG_FIELDS = `id regionCode region { code name } period title status minRatio effectiveFrom publishedAt createdAt supersededBy { id status }
  entries { ${ENTRY_FIELDS} }`;
const ERRORS = `userErrors { field code message }`;
const DRAFT = `mutation($input: DraftShortageCatalogInput!) { draftShortageCatalog(input: $input) { shortageCatalog { ${CATALOG_FIELDS} } ${ERRORS} } }`;
const SET = `mutation($input: SetShortageCatalogEntryInput!) { setShortageCatalogEntry(input: $input) { shortageCatalog { ${CATALOG_FIELDS} } ${ERRORS} } }`;
const REMOVE = `mutation($input: RemoveShortageCatalogEntryInput!) { removeShortageCatalogEntry(input: $input) { shortageCatalog { ${CATALOG_FIELDS} } ${ERRORS} } }`;
const PUBLISH = `mutation($input: PublishShortageCatalogInput!) { publishShortageCatalog(input: $input) { shortageCatalog { ${CATALOG_FIELDS} } ${ERRORS} } }`;
const POLICY = `mutation($input: SetRegionPolicyInput!) { setRegionPolicy(input: $input) { regionPolicy { regionCode maxShortageUpliftPercent } ${ERRORS} } }`;
const STATUS = `query($regionCode: String!, $occupationCode: String!, $on: Date) {
  shortageStatus(regionCode: $regionCode, occupationCode: $occupationCode, on: $on) { id level subsidyUpliftPercent catalog { id title status } } }`;
const GAP = `query($regionCode: String!, $first: Int) { demandGap(regionCode: $regionCode, first: $first) {
  occupationCode occupation { code } openDemandHeadcount supply seekers courseSeats ratio listed entry { level subsidyUpliftPercent } } }`;
const CATALOGS = `query($filter: ShortageCatalogFilter, $first: Int) { shortageCatalogs(filter: $filter, first: $first) {
  totalCount nodes { id title status regionCode effectiveFrom entries { occupationCode occupation { name } level } } } }`;
const SUBMIT = `mutation($input: SubmitPostDemandInput!) { submitPostDemand(input: $input) { postDemand { id } ${ERRORS} } }`;
const WITHDRAW = `mutation($input: WithdrawPostDemandInput!) { withdrawPostDemand(input: $input) { postDemand { id status } ${ERRORS} } }`;

/** demand / supply in hundredths, rounded half up, as the contract's Decimal; null without supply. */
function expectedRatio(demand: number, supply: number): string | null {
  if (supply === 0) return null;
  const hundredths = (200n * BigInt(demand) + BigInt(supply)) / (2n * BigInt(supply));
  return `${hundredths / 100n}.${(hundredths % 100n).toString().padStart(2, '0')}`;
}

describe('shortage-occupation catalogs and the demand gap', () => {
  let app: TestPlatform;
  let db: DataSource;
  let providerId: string;
  const as = {} as Record<'liaoningAdmin' | 'shenyangAdmin' | 'dalianAdmin' | 'shenyangCounsellor' | 'dalianCounsellor' | 'anshanAdmin' | 'mongoliaAdmin', string>;

  const mutate = async (doc: string, input: Record<string, unknown>, token?: string) => {
    const res = await app.gql(doc, { input }, { token });
    expect(res.errors).toBeUndefined();
    return Object.values(res.data)[0] as any;
  };
  const mutateOk = async (doc: string, input: Record<string, unknown>, token: string) => {
    const payload = await mutate(doc, input, token);
    expect(payload.userErrors).toEqual([]);
    return payload.shortageCatalog ?? payload.regionPolicy ?? payload.postDemand;
  };
  const course = async (c: { occupationCode: string; regionCode: string; startsOn: string; capacity?: number; enrolled?: number; status?: string }) => {
    const [row] = await db.query(
      `INSERT INTO course (provider_id, title, occupation_code, skill_level, training_type, mode, hours, starts_on, ends_on, region_code,
                           capacity, enrolled, fee, status, version)
       VALUES ($1, $2, $3, 'JUNIOR', 'EMPLOYMENT_SKILLS', 'ONSITE', 80, $4::date, $4::date + 30, $5, $6, $7, 2000, $8, 1)
       RETURNING id::text AS id`,
      [providerId, `${c.occupationCode} 培训班`, c.occupationCode, c.startsOn, c.regionCode, c.capacity ?? 30, c.enrolled ?? 0, c.status ?? 'PUBLISHED'],
    );
    return row.id as string;
  };
  /** A published catalog for a region with the given entries, through the API. */
  const publishCatalog = async (regionCode: string, token: string, effectiveFrom: string, entries: [string, string, string][]) => {
    const draft = await mutateOk(DRAFT, { regionCode, period: '2026', title: `${regionCode} 目录 ${effectiveFrom}` }, token);
    for (const e of draft.entries) await mutateOk(REMOVE, { catalogId: draft.id, occupationCode: e.occupationCode }, token);
    for (const [occupationCode, level, subsidyUpliftPercent] of entries) await mutateOk(SET, { catalogId: draft.id, occupationCode, level, subsidyUpliftPercent }, token);
    return mutateOk(PUBLISH, { catalogId: draft.id, effectiveFrom }, token);
  };

  beforeAll(async () => {
    // The outbox must keep its rows so a test can read what a publication queued.
    app = await startTestPlatform({ env: { SEARCH_WORKER: 'off' } });
    db = app.platform.infrastructure.dataSource;
    as.liaoningAdmin = await app.token(Role.ADMIN, { region: '210000' });
    as.shenyangAdmin = await app.token(Role.ADMIN, { region: '210100' });
    as.dalianAdmin = await app.token(Role.ADMIN, { region: '210200' });
    as.anshanAdmin = await app.token(Role.ADMIN, { region: '210300' });
    as.mongoliaAdmin = await app.token(Role.ADMIN, { region: '150000' });
    as.shenyangCounsellor = await app.token(Role.COUNSELLOR, { region: '210100' });
    as.dalianCounsellor = await app.token(Role.COUNSELLOR, { region: '210200' });
    [{ id: providerId }] = await db.query(
      `INSERT INTO provider (credit_code, name, type, region_code, version) VALUES ('91210200MA0Q4L8K3A', '辽宁匠心职业技能培训学校', 'PRIVATE_TRAINING_INSTITUTION', '210100', 1)
       RETURNING id::text AS id`,
    );
  });
  afterAll(() => app?.stop());

  describe('in Shenyang, from real post demand', () => {
    let heping: Enterprise, shenhe: Enterprise;
    /** Open, valid lines: what the gap must count. */
    const counted: { occupationCode: string; headcount: number; enterprise: () => Enterprise }[] = [
      { occupationCode: AI, headcount: 7, enterprise: () => heping },
      { occupationCode: AI, headcount: 5, enterprise: () => shenhe },
      { occupationCode: CARE, headcount: 9, enterprise: () => heping },
      { occupationCode: CNC, headcount: 10, enterprise: () => shenhe },
      { occupationCode: ELECTRICIAN, headcount: 3, enterprise: () => heping },
      { occupationCode: WELDER, headcount: 2, enterprise: () => shenhe },
    ];
    /** Seats that count: published, in Shenyang, starting today or later. */
    const seats: { occupationCode: string; regionCode: string; capacity: number; enrolled: number }[] = [
      { occupationCode: AI, regionCode: '210102', capacity: 10, enrolled: 2 },
      { occupationCode: CARE, regionCode: '210103', capacity: 3, enrolled: 0 },
      { occupationCode: CNC, regionCode: '210100', capacity: 4, enrolled: 0 },
      { occupationCode: ELECTRICIAN, regionCode: '210102', capacity: 8, enrolled: 0 },
      { occupationCode: COURIER, regionCode: '210104', capacity: 6, enrolled: 1 },
    ];
    /** Job seekers not in work in Shenyang, by the occupations they target: supply too. */
    const seekers: { targets: string[]; regionCode: string }[] = [
      { targets: [ELECTRICIAN, COURIER], regionCode: '210102' },
      { targets: [ELECTRICIAN], regionCode: '210104' },
      { targets: [LOGISTICS], regionCode: '210100' },
    ];
    const seekersTargeting = (code: string) => seekers.filter((s) => s.targets.includes(code)).length;
    const expectedGap = () => {
      const codes = [...new Set([...counted.map((l) => l.occupationCode), ...seats.map((s) => s.occupationCode), ...seekers.flatMap((s) => s.targets)])];
      const rows = codes.map((code) => {
        const demand = counted.filter((l) => l.occupationCode === code).reduce((n, l) => n + l.headcount, 0);
        const courseSeats = seats.filter((s) => s.occupationCode === code).reduce((n, s) => n + s.capacity - s.enrolled, 0);
        const supply = courseSeats + seekersTargeting(code);
        return { occupationCode: code, openDemandHeadcount: demand, seekers: seekersTargeting(code), courseSeats, supply, ratio: expectedRatio(demand, supply) };
      });
      const hundredths = (r: { ratio: string | null }) => (r.ratio === null ? Infinity : Number(r.ratio.replace('.', '')));
      return rows.sort((a, b) =>
        a.ratio === null && b.ratio === null
          ? b.openDemandHeadcount - a.openDemandHeadcount || a.occupationCode.localeCompare(b.occupationCode)
          : hundredths(b) - hundredths(a) || a.occupationCode.localeCompare(b.occupationCode),
      );
    };
    let first: any;

    beforeAll(async () => {
      const repo = db.getRepository(Enterprise);
      [heping, shenhe] = await repo.save([
        repo.create({ creditCode: '91110108551385082Q', name: '沈阳和平智能科技有限公司', regionCode: '210102', tags: [] }),
        repo.create({ creditCode: '9144030071526726XG', name: '沈阳沈河装备制造有限公司', regionCode: '210103', tags: [] }),
      ]);
      const line = (enterprise: Enterprise, occupationCode: string, headcount: number) => ({
        enterpriseId: toGlobalId('Enterprise', enterprise.id),
        occupationCode,
        jobTitle: `${occupationCode} 岗位`,
        headcount,
        skillLevel: 'JUNIOR',
        wageMin: '4000',
        wageMax: '6000',
        regionCode: enterprise.regionCode,
        validUntil: addDays(TODAY, 60),
      });
      for (const l of counted) await mutateOk(SUBMIT, line(l.enterprise(), l.occupationCode, l.headcount), as.liaoningAdmin);
      // Not counted: withdrawn, lapsed while still OPEN, marked EXPIRED, filled, in another city.
      const withdrawn = await mutateOk(SUBMIT, line(heping, AI, 40), as.liaoningAdmin);
      expect((await mutate(WITHDRAW, { postDemandId: withdrawn.id }, as.liaoningAdmin)).postDemand.status).toBe('WITHDRAWN');
      const lapsed = await mutateOk(SUBMIT, line(heping, AI, 30), as.liaoningAdmin);
      await db.query(`UPDATE post_demand SET valid_until = $2 WHERE id = $1`, [dbId(lapsed.id), addDays(TODAY, -1)]);
      const expired = await mutateOk(SUBMIT, line(shenhe, CARE, 20), as.liaoningAdmin);
      await db.query(`UPDATE post_demand SET status = 'EXPIRED' WHERE id = $1`, [dbId(expired.id)]);
      const filled = await mutateOk(SUBMIT, line(shenhe, CNC, 25), as.liaoningAdmin);
      await db.query(`UPDATE post_demand SET status = 'FILLED' WHERE id = $1`, [dbId(filled.id)]);
      const [dalian] = await db.getRepository(Enterprise).findBy({ regionCode: '210200' });
      await mutateOk(SUBMIT, line(dalian, AI, 50), as.liaoningAdmin);

      for (const s of seats) await course({ ...s, startsOn: addDays(TODAY, 20) });
      // Not counted: a draft course, one already started, one in Dalian.
      await course({ occupationCode: AI, regionCode: '210102', startsOn: addDays(TODAY, 20), capacity: 100, status: 'DRAFT' });
      await course({ occupationCode: CARE, regionCode: '210103', startsOn: addDays(TODAY, -1), capacity: 100 });
      await course({ occupationCode: WELDER, regionCode: '210202', startsOn: addDays(TODAY, 20), capacity: 100 });

      const seeker = (targets: string[], regionCode: string, employmentStatus: string) =>
        db.query(
          `INSERT INTO job_seeker (name_sealed, name_hash, id_number_sealed, id_number_hash, phone_sealed, phone_hash, birth_date, region_code,
                                   education_level, employment_status, target_occupation_codes, consent_at, version)
           VALUES ('\\x00', '\\x00', '\\x00', gen_random_uuid()::text::bytea, '\\x00', '\\x00', '2000-01-01', $1, 'SENIOR_HIGH', $2, $3, now(), 1)`,
          [regionCode, employmentStatus, targets],
        );
      for (const s of seekers) await seeker(s.targets, s.regionCode, 'UNEMPLOYED');
      // Not counted: in work (looking to move up, not to be hired), in Dalian.
      await seeker([ELECTRICIAN], '210102', 'EMPLOYED');
      await seeker([ELECTRICIAN], '210202', 'UNEMPLOYED');
    });

    it('the demand gap counts open, valid demand against seats left, ordered no supply first, then by ratio', async () => {
      const res = await app.gql(GAP, { regionCode: '210100', first: 50 }, { token: as.shenyangCounsellor });
      expect(res.errors).toBeUndefined();
      const expected = expectedGap();
      expect(res.data.demandGap).toEqual(expected.map((r) => ({ ...r, occupation: { code: r.occupationCode }, listed: false, entry: null })));
      // Spelled out, so the fixture above cannot hide a wrong rule.
      expect(res.data.demandGap.map((r: any) => [r.occupationCode, r.openDemandHeadcount, r.supply, r.ratio])).toEqual([
        [WELDER, 2, 0, null],
        [CARE, 9, 3, '3.00'],
        [CNC, 10, 4, '2.50'],
        [AI, 12, 8, '1.50'],
        [ELECTRICIAN, 3, 10, '0.30'],
        [LOGISTICS, 0, 1, '0.00'],
        [COURIER, 0, 6, '0.00'],
      ]);

      const district = await app.gql(GAP, { regionCode: '210102' }, { token: as.shenyangCounsellor });
      expect(district.data.demandGap.find((r: any) => r.occupationCode === AI)).toMatchObject({ openDemandHeadcount: 7, courseSeats: 8, ratio: '0.88' });
      expect(district.data.demandGap.find((r: any) => r.occupationCode === ELECTRICIAN)).toMatchObject({ openDemandHeadcount: 3, seekers: 1, courseSeats: 8, ratio: '0.33' });
      const limited = await app.gql(GAP, { regionCode: '210100', first: 2 }, { token: as.shenyangCounsellor });
      expect(limited.data.demandGap.map((r: any) => r.occupationCode)).toEqual([WELDER, CARE]);
    });

    it('only staff of a covering region see the gap', async () => {
      const other = await app.gql(GAP, { regionCode: '210100' }, { token: as.dalianCounsellor });
      expect(other.errors?.[0].extensions).toMatchObject({ code: 'FORBIDDEN', field: ['regionCode'] });
      const anonymous = await app.gql(GAP, { regionCode: '210100' });
      expect(anonymous.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
      const tooMany = await app.gql(GAP, { regionCode: '210100', first: 101 }, { token: as.shenyangCounsellor });
      expect(tooMany.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    });

    it('a draft carries the evidence of every occupation at or above the ratio, or without supply', async () => {
      first = await mutateOk(DRAFT, { regionCode: '210100', period: '2026', title: '沈阳市急需紧缺职业目录（2026年）' }, as.shenyangAdmin);
      expect(first).toMatchObject({ regionCode: '210100', region: { code: '210100', name: '沈阳市' }, status: 'DRAFT', minRatio: '1.50', effectiveFrom: null, publishedAt: null });
      const gap = expectedGap().filter((r) => r.openDemandHeadcount > 0 && (r.ratio === null || Number(r.ratio) >= 1.5));
      expect(first.entries.map((e: any) => [e.occupationCode, e.evidence])).toEqual(
        expect.arrayContaining(gap.map((r) => [r.occupationCode, { demandHeadcount: r.openDemandHeadcount, supply: r.supply, ratio: r.ratio }])),
      );
      // Most severe first: no supply or ≥ 3 SEVERE, ≥ 2 SHORT, else MILD; no uplift until staff set one.
      expect(first.entries.map((e: any) => [e.occupationCode, e.level, e.subsidyUpliftPercent])).toEqual([
        [CARE, 'SEVERE', '0.00'],
        [WELDER, 'SEVERE', '0.00'],
        [CNC, 'SHORT', '0.00'],
        [AI, 'MILD', '0.00'],
      ]);

      const strict = await mutateOk(DRAFT, { regionCode: '210100', period: '2026H2', title: '严格', minRatio: '2.6' }, as.shenyangAdmin);
      expect(strict.minRatio).toBe('2.60');
      expect(strict.entries.map((e: any) => e.occupationCode).sort()).toEqual([CARE, WELDER].sort());

      const [audit] = await db.query(`SELECT action, actor_role, changes FROM audit_entry WHERE entity_type = 'ShortageCatalog' AND entity_id = $1`, [dbId(first.id)]);
      expect(audit).toMatchObject({ action: 'DRAFT_SHORTAGE_CATALOG', actor_role: 'ADMIN', changes: { regionCode: '210100', minRatio: '1.50', evidenceOn: TODAY } });
    });

    it('drafts are for ADMIN of a covering region only; published and superseded catalogs are public', async () => {
      const visible = async (token?: string) => {
        const res = await app.gql(CATALOGS, { filter: { regionCode: '210100' }, first: 50 }, { token });
        expect(res.errors).toBeUndefined();
        return res.data.shortageCatalogs.nodes.map((n: any) => n.id);
      };
      expect(await visible(as.shenyangAdmin)).toContain(first.id);
      expect(await visible(as.liaoningAdmin)).toContain(first.id);
      expect(await visible(as.dalianAdmin)).not.toContain(first.id);
      expect(await visible(as.shenyangCounsellor)).not.toContain(first.id);
      expect(await visible()).not.toContain(first.id);
      const node = await app.gql(`query($id: ID!) { node(id: $id) { id } }`, { id: first.id });
      expect(node.data.node).toBeNull();
      const other = await mutate(DRAFT, { regionCode: '210100', period: '2026', title: 'x' }, as.dalianAdmin);
      expect(other.userErrors).toEqual([expect.objectContaining({ code: 'FORBIDDEN', field: ['input', 'regionCode'] })]);
    });

    it('lifecycle: entries set and removed on a draft, published, then superseded by the next one but still readable', async () => {
      await mutateOk(SET, { catalogId: first.id, occupationCode: AI, level: 'SEVERE', subsidyUpliftPercent: '10', note: '人工智能新职业' }, as.shenyangAdmin);
      await mutateOk(SET, { catalogId: first.id, occupationCode: CARE, level: 'SHORT', subsidyUpliftPercent: '8.5' }, as.shenyangAdmin);
      // By hand: an occupation the evidence did not propose.
      await mutateOk(SET, { catalogId: first.id, occupationCode: ELECTRICIAN, level: 'MILD', subsidyUpliftPercent: '3' }, as.shenyangAdmin);
      const removed = await mutateOk(REMOVE, { catalogId: first.id, occupationCode: WELDER }, as.shenyangAdmin);
      expect(removed.entries.map((e: any) => [e.occupationCode, e.level, e.subsidyUpliftPercent, e.note])).toEqual([
        [AI, 'SEVERE', '10.00', '人工智能新职业'],
        [CARE, 'SHORT', '8.50', null],
        [CNC, 'SHORT', '0.00', null],
        [ELECTRICIAN, 'MILD', '3.00', null],
      ]);
      // The evidence stays with a drafted entry when staff change it; an entry added by hand has none.
      expect(removed.entries.find((e: any) => e.occupationCode === AI).evidence).toEqual({ demandHeadcount: 12, supply: 8, ratio: '1.50' });
      expect(removed.entries.find((e: any) => e.occupationCode === ELECTRICIAN).evidence).toBeNull();
      // Changing the level alone keeps the note.
      const kept = await mutateOk(SET, { catalogId: first.id, occupationCode: AI, level: 'SEVERE', subsidyUpliftPercent: '10.00' }, as.shenyangAdmin);
      expect(kept.entries.find((e: any) => e.occupationCode === AI).note).toBe('人工智能新职业');

      const e1 = addDays(TODAY, -10);
      const published = await mutateOk(PUBLISH, { catalogId: first.id, effectiveFrom: e1 }, as.shenyangAdmin);
      expect(published).toMatchObject({ status: 'PUBLISHED', effectiveFrom: e1, supersededBy: null });
      expect(published.publishedAt).toEqual(expect.any(String));

      const status = (occupationCode: string, on?: string, regionCode = '210102') => app.gql(STATUS, { regionCode, occupationCode, on });
      expect((await status(AI)).data.shortageStatus).toMatchObject({ level: 'SEVERE', subsidyUpliftPercent: '10.00', catalog: { id: first.id, status: 'PUBLISHED' } });
      expect((await status(AI, addDays(e1, -1))).data.shortageStatus).toBeNull();
      expect((await status(WELDER)).data.shortageStatus).toBeNull();
      // Anshan has no catalog of its own, and Liaoning none above it.
      expect((await status(AI, undefined, '210302')).data.shortageStatus).toBeNull();

      const gap = await app.gql(GAP, { regionCode: '210100', first: 50 }, { token: as.shenyangCounsellor });
      const row = (code: string) => gap.data.demandGap.find((r: any) => r.occupationCode === code);
      expect(row(AI)).toMatchObject({ listed: true, entry: { level: 'SEVERE', subsidyUpliftPercent: '10.00' } });
      expect(row(ELECTRICIAN)).toMatchObject({ listed: true, entry: { level: 'MILD' } });
      expect(row(WELDER)).toMatchObject({ listed: false, entry: null });

      const e2 = addDays(TODAY, 20);
      const second = await mutateOk(DRAFT, { regionCode: '210100', period: '2027', title: '沈阳市急需紧缺职业目录（2027年）' }, as.shenyangAdmin);
      expect(second.entries.map((e: any) => e.occupationCode)).toContain(CARE);
      await mutateOk(SET, { catalogId: second.id, occupationCode: AI, level: 'SHORT', subsidyUpliftPercent: '5' }, as.shenyangAdmin);
      await mutateOk(REMOVE, { catalogId: second.id, occupationCode: CARE }, as.shenyangAdmin);
      const next = await mutateOk(PUBLISH, { catalogId: second.id, effectiveFrom: e2 }, as.shenyangAdmin);
      expect(next).toMatchObject({ status: 'PUBLISHED', effectiveFrom: e2 });

      // The first stays readable to anyone, superseded by the second, and stays in force until e2.
      const old = await app.gql(`query($id: ID!) { node(id: $id) { ... on ShortageCatalog { ${CATALOG_FIELDS} } } }`, { id: first.id });
      expect(old.data.node).toMatchObject({ status: 'SUPERSEDED', effectiveFrom: e1, supersededBy: { id: second.id, status: 'PUBLISHED' } });
      expect(old.data.node.entries.map((e: any) => e.occupationCode)).toEqual([AI, CARE, CNC, ELECTRICIAN]);
      const superseded = await app.gql(CATALOGS, { filter: { regionCode: '210100', status: 'SUPERSEDED' } });
      expect(superseded.data.shortageCatalogs.nodes.map((n: any) => n.id)).toEqual([first.id]);

      expect((await status(AI)).data.shortageStatus).toMatchObject({ level: 'SEVERE', subsidyUpliftPercent: '10.00', catalog: { id: first.id, status: 'SUPERSEDED' } });
      expect((await status(AI, addDays(e2, -1))).data.shortageStatus.catalog.id).toBe(first.id);
      expect((await status(AI, e2)).data.shortageStatus).toMatchObject({ level: 'SHORT', subsidyUpliftPercent: '5.00', catalog: { id: second.id } });
      expect((await status(CARE, e2)).data.shortageStatus).toBeNull();
      const entryNode = await app.gql(`query($id: ID!) { node(id: $id) { ... on ShortageCatalogEntry { occupationCode level } } }`, {
        id: (await status(AI, e2)).data.shortageStatus.id,
      });
      expect(entryNode.data.node).toEqual({ occupationCode: AI, level: 'SHORT' });

      const audit = await db.query(
        `SELECT entity_id, action FROM audit_entry WHERE entity_type = 'ShortageCatalog' AND entity_id = ANY($1) ORDER BY id`,
        [[dbId(first.id), dbId(second.id)]],
      );
      expect(audit.filter((a: any) => a.entity_id === dbId(first.id)).map((a: any) => a.action)).toEqual([
        'DRAFT_SHORTAGE_CATALOG',
        'SET_SHORTAGE_ENTRY',
        'SET_SHORTAGE_ENTRY',
        'SET_SHORTAGE_ENTRY',
        'REMOVE_SHORTAGE_ENTRY',
        'SET_SHORTAGE_ENTRY',
        'PUBLISH_SHORTAGE_CATALOG',
        'SUPERSEDE_SHORTAGE_CATALOG',
      ]);
    });

    it('publishing is refused for a non-draft, a date not after the latest catalog, another region and a COUNSELLOR', async () => {
      const [published] = (await app.gql(CATALOGS, { filter: { regionCode: '210100', status: 'PUBLISHED' } })).data.shortageCatalogs.nodes;
      const again = await mutate(PUBLISH, { catalogId: published.id, effectiveFrom: addDays(TODAY, 400) }, as.shenyangAdmin);
      expect(again).toEqual({ shortageCatalog: null, userErrors: [expect.objectContaining({ code: 'NOT_DRAFT', field: ['input', 'catalogId'] })] });
      const edit = await mutate(SET, { catalogId: published.id, occupationCode: AI, level: 'MILD', subsidyUpliftPercent: '1' }, as.shenyangAdmin);
      expect(edit.userErrors).toEqual([expect.objectContaining({ code: 'NOT_DRAFT' })]);

      const draft = await mutateOk(DRAFT, { regionCode: '210100', period: '2028', title: '草稿' }, as.shenyangAdmin);
      const before = await db.query(`SELECT (SELECT count(*) FROM audit_entry)::int AS audit, (SELECT coalesce(max(id), 0) FROM search_outbox)::int AS outbox`);
      for (const effectiveFrom of [published.effectiveFrom, addDays(published.effectiveFrom, -1)]) {
        const early = await mutate(PUBLISH, { catalogId: draft.id, effectiveFrom }, as.shenyangAdmin);
        expect(early.userErrors).toEqual([
          expect.objectContaining({ code: 'NOT_AFTER_PREVIOUS', field: ['input', 'effectiveFrom'], message: expect.stringContaining(published.effectiveFrom) }),
        ]);
      }
      const foreign = await mutate(PUBLISH, { catalogId: draft.id, effectiveFrom: addDays(TODAY, 400) }, as.dalianAdmin);
      expect(foreign.userErrors).toEqual([expect.objectContaining({ code: 'FORBIDDEN', field: ['input', 'catalogId'] })]);
      const counsellor = await app.gql(PUBLISH, { input: { catalogId: draft.id, effectiveFrom: addDays(TODAY, 400) } }, { token: as.shenyangCounsellor });
      expect(counsellor.errors?.[0].extensions?.code).toBe('FORBIDDEN');
      const notAnId = await mutate(PUBLISH, { catalogId: 'nonsense', effectiveFrom: addDays(TODAY, 400) }, as.shenyangAdmin);
      expect(notAnId.userErrors).toEqual([expect.objectContaining({ code: 'INVALID', field: ['input', 'catalogId'] })]);

      expect(await db.query(`SELECT (SELECT count(*) FROM audit_entry)::int AS audit, (SELECT coalesce(max(id), 0) FROM search_outbox)::int AS outbox`)).toEqual(before);
      const [row] = await db.query(`SELECT status FROM shortage_catalog WHERE id = $1`, [dbId(draft.id)]);
      expect(row.status).toBe('DRAFT');
    });

    it('lists catalogs with their entries without a query per catalog', async () => {
      const res = await app.gql(CATALOGS, { filter: { regionCode: '210100' }, first: 50 }, { token: as.shenyangAdmin });
      expect(res.errors).toBeUndefined();
      expect(res.data.shortageCatalogs.totalCount).toBeGreaterThanOrEqual(4);
      expect(res.extensions?.sqlQueries).toBeLessThanOrEqual(4);
    });
  });

  describe('the uplift cap', () => {
    const setUplift = async (catalogId: string, subsidyUpliftPercent: string, token: string) =>
      mutate(SET, { catalogId, occupationCode: AI, level: 'SEVERE', subsidyUpliftPercent }, token);

    it('is 10% by default, a region policy changes it, and regions below inherit it', async () => {
      const anshan = await mutateOk(DRAFT, { regionCode: '210300', period: '2026', title: '鞍山' }, as.anshanAdmin);
      const tieDong = await mutateOk(DRAFT, { regionCode: '210302', period: '2026', title: '铁东区' }, as.anshanAdmin);

      const above = await setUplift(anshan.id, '10.01', as.anshanAdmin);
      expect(above).toEqual({
        shortageCatalog: null,
        userErrors: [{ code: 'UPLIFT_ABOVE_CAP', field: ['input', 'subsidyUpliftPercent'], message: expect.stringContaining('10.00') }],
      });
      expect((await setUplift(anshan.id, '10', as.anshanAdmin)).userErrors).toEqual([]);

      expect(await mutateOk(POLICY, { regionCode: '210300', maxShortageUpliftPercent: '15' }, as.anshanAdmin)).toEqual({ regionCode: '210300', maxShortageUpliftPercent: '15.00' });
      for (const catalog of [anshan, tieDong]) {
        expect((await setUplift(catalog.id, '15', as.anshanAdmin)).userErrors).toEqual([]);
        const refused = await setUplift(catalog.id, '15.01', as.anshanAdmin);
        expect(refused.userErrors).toEqual([expect.objectContaining({ code: 'UPLIFT_ABOVE_CAP', message: expect.stringContaining('15.00') })]);
      }
      // The district's own policy wins over its city's.
      await mutateOk(POLICY, { regionCode: '210302', maxShortageUpliftPercent: '12.5' }, as.anshanAdmin);
      expect((await setUplift(tieDong.id, '12.51', as.anshanAdmin)).userErrors).toEqual([expect.objectContaining({ code: 'UPLIFT_ABOVE_CAP' })]);
      expect((await setUplift(anshan.id, '15', as.anshanAdmin)).userErrors).toEqual([]);

      // Lowering the cap below an entry already set keeps the draft from being published.
      await mutateOk(POLICY, { regionCode: '210300', maxShortageUpliftPercent: '14' }, as.anshanAdmin);
      const publish = await mutate(PUBLISH, { catalogId: anshan.id, effectiveFrom: TODAY }, as.anshanAdmin);
      expect(publish.userErrors).toEqual([
        expect.objectContaining({ code: 'UPLIFT_ABOVE_CAP', field: ['input', 'catalogId'], message: expect.stringContaining(AI) }),
      ]);
      await mutateOk(POLICY, { regionCode: '210300', maxShortageUpliftPercent: '15' }, as.anshanAdmin);

      const [audit] = await db.query(`SELECT action, changes FROM audit_entry WHERE entity_type = 'RegionPolicy' AND entity_id = '210300' ORDER BY id LIMIT 1`);
      expect(audit).toMatchObject({ action: 'SET_REGION_POLICY', changes: { maxShortageUpliftPercent: { from: null, to: '15.00' } } });
    });

    it('refuses a policy that would leave a published uplift above its cap, writing nothing, until a catalog within it is published', async () => {
      const policyOf = async (region: string) => (await db.query(`SELECT max_shortage_uplift_percent::text AS cap FROM region_policy WHERE region_code = $1`, [region]))[0]?.cap;
      const audited = async () => (await db.query(`SELECT count(*)::int AS n FROM audit_entry WHERE entity_type = 'RegionPolicy'`))[0].n;
      await mutateOk(POLICY, { regionCode: '210400', maxShortageUpliftPercent: '15' }, as.liaoningAdmin);
      await publishCatalog('210400', as.liaoningAdmin, TODAY, [[AI, 'SEVERE', '15']]);
      const before = await audited();

      const lowered = await mutate(POLICY, { regionCode: '210400', maxShortageUpliftPercent: '12' }, as.liaoningAdmin);
      expect(lowered).toEqual({
        regionPolicy: null,
        userErrors: [{ code: 'UPLIFT_ABOVE_CAP', field: ['input', 'maxShortageUpliftPercent'], message: expect.stringMatching(/region 210400 .*15\.00%.*12\.00%/) }],
      });
      // A province policy reaches every city without its own: one with a published 10% uplift under the default cap refuses 5%.
      const province = await mutate(POLICY, { regionCode: '210000', maxShortageUpliftPercent: '5' }, as.liaoningAdmin);
      expect(province.userErrors).toEqual([expect.objectContaining({ code: 'UPLIFT_ABOVE_CAP', field: ['input', 'maxShortageUpliftPercent'] })]);
      expect(await policyOf('210400')).toBe('15.00');
      expect(await policyOf('210000')).toBeUndefined();
      expect(await audited()).toBe(before);

      // Raising is always allowed; so is lowering once the catalog in force is within the new cap.
      expect((await mutate(POLICY, { regionCode: '210400', maxShortageUpliftPercent: '16' }, as.liaoningAdmin)).userErrors).toEqual([]);
      await publishCatalog('210400', as.liaoningAdmin, addDays(TODAY, 1), [[AI, 'SEVERE', '12']]);
      expect(await mutateOk(POLICY, { regionCode: '210400', maxShortageUpliftPercent: '12' }, as.liaoningAdmin)).toEqual({ regionCode: '210400', maxShortageUpliftPercent: '12.00' });
    });

    it("a city inherits its province's policy", async () => {
      await mutateOk(POLICY, { regionCode: '150000', maxShortageUpliftPercent: '12' }, as.mongoliaAdmin);
      const baotou = await mutateOk(DRAFT, { regionCode: '150200', period: '2026', title: '包头' }, as.mongoliaAdmin);
      expect((await setUplift(baotou.id, '12', as.mongoliaAdmin)).userErrors).toEqual([]);
      expect((await setUplift(baotou.id, '12.01', as.mongoliaAdmin)).userErrors).toEqual([expect.objectContaining({ code: 'UPLIFT_ABOVE_CAP' })]);
    });

    it('only ADMIN of the region sets a policy, within 0 to 100', async () => {
      const foreign = await mutate(POLICY, { regionCode: '210300', maxShortageUpliftPercent: '20' }, as.shenyangAdmin);
      expect(foreign).toEqual({ regionPolicy: null, userErrors: [expect.objectContaining({ code: 'FORBIDDEN', field: ['input', 'regionCode'] })] });
      const tooHigh = await mutate(POLICY, { regionCode: '210300', maxShortageUpliftPercent: '100.01' }, as.anshanAdmin);
      expect(tooHigh.userErrors).toEqual([expect.objectContaining({ code: 'INVALID', field: ['input', 'maxShortageUpliftPercent'] })]);
      const negative = await mutate(POLICY, { regionCode: '210300', maxShortageUpliftPercent: '-1' }, as.anshanAdmin);
      expect(negative.userErrors).toEqual([expect.objectContaining({ code: 'INVALID', field: ['input', 'maxShortageUpliftPercent'] })]);
      const counsellor = await app.gql(POLICY, { input: { regionCode: '210100', maxShortageUpliftPercent: '5' } }, { token: as.shenyangCounsellor });
      expect(counsellor.errors?.[0].extensions?.code).toBe('FORBIDDEN');
      const [row] = await db.query(`SELECT max_shortage_uplift_percent::text AS cap FROM region_policy WHERE region_code = '210300'`);
      expect(row.cap).toBe('15.00');
    });

    it('an entry needs a known occupation', async () => {
      const draft = await mutateOk(DRAFT, { regionCode: '210300', period: '2027', title: '鞍山 2027' }, as.anshanAdmin);
      const unknown = await mutate(SET, { catalogId: draft.id, occupationCode: '4-99-99-99', level: 'MILD', subsidyUpliftPercent: '1' }, as.anshanAdmin);
      expect(unknown.userErrors).toEqual([expect.objectContaining({ code: 'NOT_FOUND', field: ['input', 'occupationCode'] })]);
      const missing = await mutate(REMOVE, { catalogId: draft.id, occupationCode: AI }, as.anshanAdmin);
      expect(missing.userErrors).toEqual([expect.objectContaining({ code: 'NOT_FOUND', field: ['input', 'occupationCode'] })]);
    });
  });

  describe('fan-out of a publication to the search index', () => {
    /** Course ids queued for the courses index after outbox row `after`. */
    const queuedSince = async (after: number) =>
      (await db.query(`SELECT document_id FROM search_outbox WHERE index_name = 'courses' AND id > $1 ORDER BY document_id`, [after])).map((r: any) => r.document_id).sort();
    const outboxHighWater = async () => (await db.query(`SELECT coalesce(max(id), 0)::int AS id FROM search_outbox`))[0].id as number;

    it('queues exactly the courses whose shortage entry changes', async () => {
      const E = addDays(TODAY, 30);
      // Jinzhou's current catalog, and a district of it with its own.
      await publishCatalog('210700', as.liaoningAdmin, addDays(TODAY, -100), [
        [AI, 'SEVERE', '10'],
        [CARE, 'SHORT', '8'],
        [CNC, 'MILD', '5'],
        [LOGISTICS, 'MILD', '5'],
      ]);
      await publishCatalog('210711', as.liaoningAdmin, addDays(TODAY, -100), [[AI, 'SEVERE', '5']]);

      const affected = [
        await course({ occupationCode: CARE, regionCode: '210702', startsOn: addDays(E, 10) }), // level changes
        await course({ occupationCode: CARE, regionCode: '210700', startsOn: E }), // on the first day, in the city itself
        await course({ occupationCode: CNC, regionCode: '210703', startsOn: addDays(E, 5) }), // uplift changes
        await course({ occupationCode: LOGISTICS, regionCode: '210702', startsOn: addDays(E, 5), status: 'DRAFT' }), // removed
        await course({ occupationCode: WELDER, regionCode: '210703', startsOn: addDays(E, 40) }), // added
      ];
      await course({ occupationCode: AI, regionCode: '210702', startsOn: addDays(E, 10) }); // entry unchanged
      await course({ occupationCode: CARE, regionCode: '210702', startsOn: addDays(E, -1) }); // starts before E
      await course({ occupationCode: CARE, regionCode: '210802', startsOn: addDays(E, 10) }); // another city
      await course({ occupationCode: CARE, regionCode: '210711', startsOn: addDays(E, 10) }); // shielded by its district's catalog
      await course({ occupationCode: ELECTRICIAN, regionCode: '210702', startsOn: addDays(E, 10) }); // on neither

      const after = await outboxHighWater();
      const published = await publishCatalog('210700', as.liaoningAdmin, E, [
        [AI, 'SEVERE', '10'],
        [CARE, 'SEVERE', '8'],
        [CNC, 'MILD', '7'],
        [WELDER, 'SHORT', '5'],
      ]);
      expect(await queuedSince(after)).toEqual([...affected].sort());
      const [audit] = await db.query(`SELECT changes FROM audit_entry WHERE action = 'PUBLISH_SHORTAGE_CATALOG' AND entity_id = $1`, [dbId(published.id)]);
      expect(audit.changes.coursesReindexed).toBe(affected.length);
    });

    it('compares with the catalog of a region above when the region had none', async () => {
      const E = addDays(TODAY, 30);
      await publishCatalog('150000', as.mongoliaAdmin, addDays(TODAY, -100), [
        [AI, 'SEVERE', '10'],
        [CARE, 'MILD', '3'],
      ]);
      const changed = await course({ occupationCode: CARE, regionCode: '150203', startsOn: addDays(E, 1) });
      await course({ occupationCode: AI, regionCode: '150203', startsOn: addDays(E, 1) }); // same entry as the province's
      await course({ occupationCode: COURIER, regionCode: '150203', startsOn: addDays(E, 1) });
      await course({ occupationCode: CARE, regionCode: '150102', startsOn: addDays(E, 1) }); // Hohhot keeps the province's

      const after = await outboxHighWater();
      await publishCatalog('150200', as.mongoliaAdmin, E, [
        [AI, 'SEVERE', '10'],
        [CARE, 'MILD', '5'],
      ]);
      expect(await queuedSince(after)).toEqual([changed]);
      expect((await app.gql(STATUS, { regionCode: '150203', occupationCode: CARE, on: E })).data.shortageStatus.subsidyUpliftPercent).toBe('5.00');
      expect((await app.gql(STATUS, { regionCode: '150102', occupationCode: CARE, on: E })).data.shortageStatus.subsidyUpliftPercent).toBe('3.00');
    });

    it('two publications for one region at once never both supersede the same predecessor', async () => {
      const start = addDays(TODAY, -50);
      const predecessor = await publishCatalog('210600', as.liaoningAdmin, start, [[AI, 'MILD', '1']]);
      const drafts = await Promise.all(['甲', '乙'].map((title) => mutateOk(DRAFT, { regionCode: '210600', period: '2027', title }, as.liaoningAdmin)));
      const results = await Promise.all(
        drafts.map((d, i) => mutate(PUBLISH, { catalogId: d.id, effectiveFrom: addDays(TODAY, 10 + i) }, as.liaoningAdmin)),
      );
      const rows = await db.query(`SELECT id::text AS id, status, superseded_by_id::text AS superseded_by FROM shortage_catalog WHERE region_code = '210600' ORDER BY id`);
      const later = dbId(drafts[1].id);
      // Whatever the order, the later one ends up in force, and each superseded catalog names one successor.
      expect(rows.filter((r: any) => r.status === 'PUBLISHED').map((r: any) => r.id)).toEqual([later]);
      expect(rows.find((r: any) => r.id === dbId(predecessor.id)).status).toBe('SUPERSEDED');
      const earlier = rows.find((r: any) => r.id === dbId(drafts[0].id));
      if (results[0].userErrors.length === 0) {
        expect(earlier).toMatchObject({ status: 'SUPERSEDED', superseded_by: later });
        expect(rows.find((r: any) => r.id === dbId(predecessor.id)).superseded_by).toBe(dbId(drafts[0].id));
      } else {
        expect(results[0].userErrors).toEqual([expect.objectContaining({ code: 'NOT_AFTER_PREVIOUS' })]);
        expect(earlier.status).toBe('DRAFT');
        expect(rows.find((r: any) => r.id === dbId(predecessor.id)).superseded_by).toBe(later);
      }
    });
  });
});

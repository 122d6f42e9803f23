import type { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { loadSubsidyDemo } from '../demo/subsidy';
import { loadQuoteFacts, notAdmittedReason, QuoteFactsCache } from '../domain/supply/subsidy-facts';
import { addDays, startedYears } from '../domain/supply/subsidy-quote';
import { toGlobalId } from '../schema/common/node';
import { Role } from '../server/auth';
import { requestStore } from '../server/request-store';
import { startTestPlatform, type TestPlatform } from './harness';

describe('years of a per-year subsidy', () => {
  it('counts the anniversaries of the start reached by the last day', () => {
    expect(startedYears('2026-09-01', '2026-09-01')).toBe(1n);
    expect(startedYears('2026-09-01', '2027-08-31')).toBe(1n);
    expect(startedYears('2026-09-01', '2027-09-01')).toBe(2n);
    // 731 days including 29 February 2028: still two years.
    expect(startedYears('2026-09-01', '2028-08-31')).toBe(2n);
    expect(startedYears('2028-02-29', '2029-02-28')).toBe(1n);
    expect(startedYears('2028-02-29', '2029-03-01')).toBe(2n);
  });
});

describe('provider admission on the course dates', () => {
  const admission = (from: string, until: string, suspendedOn: string | null = null) => ({
    provider_id: '1',
    admitted_from: from,
    admitted_until: until,
    suspended_on: suspendedOn,
    suspension_reason: suspendedOn ? '虚报培训人数' : null,
  });
  const course = { startsOn: '2026-06-01', endsOn: '2026-07-31' };

  it('needs every day of the course covered, by one admission or consecutive ones', () => {
    expect(notAdmittedReason(course, [admission('2026-01-01', '2026-12-31')])).toBeNull();
    expect(notAdmittedReason(course, [admission('2026-07-01', '2026-12-31'), admission('2026-01-01', '2026-06-30')])).toBeNull();
    expect(notAdmittedReason(course, [admission('2026-01-01', '2026-06-30'), admission('2026-07-02', '2026-12-31')])).toMatch(/未覆盖/);
    expect(notAdmittedReason(course, [])).toMatch(/未列入/);
  });

  it('loses a course still running on the day of a suspension, not one finished before', () => {
    expect(notAdmittedReason(course, [admission('2026-01-01', '2026-12-31', '2026-07-31')])).toMatch(/2026-07-31 起暂停.*虚报培训人数/);
    expect(notAdmittedReason(course, [admission('2026-01-01', '2026-12-31', '2026-08-01')])).toBeNull();
    expect(notAdmittedReason(course, [admission('2026-01-01', '2026-12-31', '2026-02-01')])).toMatch(/2026-02-01 起暂停/);
    // Admitted again after an old suspension.
    expect(notAdmittedReason(course, [admission('2025-01-01', '2025-12-31', '2025-03-01'), admission('2026-01-01', '2026-12-31')])).toBeNull();
  });
});

const SET = `mutation($input: SetSubsidyStandardInput!) {
  setSubsidyStandard(input: $input) {
    subsidyStandard { id regionCode region { name } kind occupationCode occupation { name } skillLevel trainingType seekerGroup amount unit effectiveFrom effectiveUntil basis }
    userErrors { field code message }
  }
}`;

const QUOTE = `query($courseId: ID!, $groups: [SeekerGroup!], $seekerId: ID) {
  subsidyQuote(courseId: $courseId, groups: $groups, seekerId: $seekerId) {
    fee baseSubsidy shortageUpliftPercent shortageUplift groupSupplements totalSubsidy netCost subsidised
    lines { kind label amount includedInTotal standard { id amount } catalogId catalogEntryId }
  }
}`;

const AI_TRAINER = '4-04-05-05';
const ELDERLY_CARE = '4-10-01-05';
const TURNER = '6-18-01-01';
const WELDER = '6-18-02-04';
const JILIN = '220000';
const CHANGCHUN = '220100';
const NANGUAN = '220102';
const JILIN_CITY = '220200';
const HARBIN = '230100';

interface CourseSpec {
  provider?: string;
  region?: string;
  occupation?: string;
  level?: string;
  type?: string;
  startsOn: string;
  endsOn?: string;
  fee?: string;
  status?: string;
}

interface Quote {
  fee: string;
  baseSubsidy: string;
  shortageUpliftPercent: string;
  shortageUplift: string;
  groupSupplements: string;
  totalSubsidy: string;
  netCost: string;
  subsidised: boolean;
  lines: { kind: string; label: string; amount: string; includedInTotal: boolean; standard: { id: string; amount: string } | null; catalogId: string | null; catalogEntryId: string | null }[];
}

describe('subsidy standards and quotes', () => {
  let app: TestPlatform;
  let db: DataSource;
  let provinceAdmin: string;
  const providers: Record<string, string> = {};
  const standards: Record<string, { id: string; effectiveUntil: string | null }> = {};
  const catalogs: Record<string, { id: string; entries: Record<string, string> }> = {};
  let creditCodes = 0;

  const provider = async (name: string, admissions: [string, string, string?, string?][]): Promise<string> => {
    const [{ id }] = await db.query(
      `INSERT INTO provider (credit_code, name, type, region_code, version) VALUES ($1, $2, 'PRIVATE_TRAINING_INSTITUTION', '220100', 1) RETURNING id::text AS id`,
      [`T${String(++creditCodes).padStart(17, '0')}`, name],
    );
    for (const [from, until, suspendedOn, reason] of admissions) {
      await db.query(`INSERT INTO provider_admission (provider_id, admitted_from, admitted_until, suspended_on, suspension_reason) VALUES ($1, $2, $3, $4, $5)`, [
        id,
        from,
        until,
        suspendedOn ?? null,
        reason ?? null,
      ]);
    }
    return id;
  };

  /** A course inserted as the course service would leave it; returns its database id. */
  const course = async (spec: CourseSpec): Promise<string> => {
    const [{ id }] = await db.query(
      `INSERT INTO course (provider_id, title, occupation_code, skill_level, training_type, mode, hours, starts_on, ends_on, region_code, capacity, fee, status, published_at, version)
       VALUES ($1, '测试课程', $2, $3, $4, 'ONSITE', 80, $5, $6, $7, 30, $8, $9, now(), 1) RETURNING id::text AS id`,
      [
        spec.provider ?? providers.admitted,
        spec.occupation ?? ELDERLY_CARE,
        spec.level ?? 'INTERMEDIATE',
        spec.type ?? 'EMPLOYMENT_SKILLS',
        spec.startsOn,
        spec.endsOn ?? addDays(spec.startsOn, 30),
        spec.region ?? CHANGCHUN,
        spec.fee ?? '3000.00',
        spec.status ?? 'PUBLISHED',
      ],
    );
    return id;
  };

  const catalog = async (status: string, effectiveFrom: string, entries: [string, string][], region = JILIN) => {
    const [{ id }] = await db.query(
      `INSERT INTO shortage_catalog (region_code, period, title, status, min_ratio, effective_from, published_at, version)
       VALUES ($1, $2, $3, $4, 1.5, $5, now(), 1) RETURNING id::text AS id`,
      [region, effectiveFrom.slice(0, 7), `${region} 急需紧缺职业目录（${effectiveFrom} 起）`, status, effectiveFrom],
    );
    const ids: Record<string, string> = {};
    for (const [occupation, uplift] of entries) {
      const [entry] = await db.query(
        `INSERT INTO shortage_catalog_entry (catalog_id, occupation_code, level, subsidy_uplift_percent) VALUES ($1, $2, 'SEVERE', $3) RETURNING id::text AS id`,
        [id, occupation, uplift],
      );
      ids[occupation] = entry.id;
    }
    return { id, entries: ids };
  };

  const setStandard = async (input: Record<string, unknown>, token = provinceAdmin) => {
    const res = await app.gql(SET, { input }, { token });
    expect(res.errors).toBeUndefined();
    return res.data.setSubsidyStandard;
  };

  const standard = async (name: string, input: Record<string, unknown>) => {
    const { subsidyStandard, userErrors } = await setStandard({ basis: `测试：${name}`, ...input });
    expect(userErrors).toEqual([]);
    standards[name] = subsidyStandard;
    return subsidyStandard;
  };

  const quote = async (courseId: string, groups?: string[]): Promise<Quote> => {
    const res = await app.gql(QUOTE, { courseId: toGlobalId('Course', courseId), groups });
    expect(res.errors).toBeUndefined();
    return res.data.subsidyQuote;
  };

  beforeAll(async () => {
    app = await startTestPlatform({ demoData: false, env: { SEARCH_WORKER: 'off' } });
    db = app.platform.infrastructure.dataSource;
    provinceAdmin = await app.token(Role.ADMIN, { region: JILIN });
    await db.query(
      `INSERT INTO occupation (code, name, major_group) VALUES ($1, '人工智能训练师', 4), ($2, '养老护理员', 4), ($3, '车工', 6), ($4, '焊工', 6)`,
      [AI_TRAINER, ELDERLY_CARE, TURNER, WELDER],
    );

    providers.admitted = await provider('长春智培职业技能培训学校', [['2025-01-01', '2030-12-31']]);
    providers.suspended = await provider('长春速成培训中心', [['2026-01-01', '2027-12-31', '2026-05-01', '虚报培训人数']]);
    providers.halfYear = await provider('长春半年培训学校', [['2026-01-01', '2026-06-30']]);
    providers.renewed = await provider('长春续期培训学校', [['2026-01-01', '2026-06-30'], ['2026-07-01', '2026-12-31']]);
    providers.neverAdmitted = await provider('长春未准入培训学校', []);

    await standard('province default', { regionCode: JILIN, amount: '1000', effectiveFrom: '2026-01-01', effectiveUntil: '2026-12-31' });
    await standard('province senior', { regionCode: JILIN, skillLevel: 'SENIOR', amount: '2000.00', effectiveFrom: '2026-01-01' });
    await standard('province AI senior', { regionCode: JILIN, occupationCode: AI_TRAINER, skillLevel: 'SENIOR', amount: '2600.00', effectiveFrom: '2026-01-01' });
    await standard('province turner', { regionCode: JILIN, occupationCode: TURNER, amount: '1000.20', effectiveFrom: '2026-01-01' });
    await standard('Jilin city default', { regionCode: JILIN_CITY, amount: '1200.00', effectiveFrom: '2026-01-01' });
    await standard('technician', { regionCode: JILIN, skillLevel: 'TECHNICIAN', amount: '3000.00', effectiveFrom: '2026-01-01' });
    await standard('technician from July', { regionCode: JILIN, skillLevel: 'TECHNICIAN', amount: '3300.00', effectiveFrom: '2026-07-01' });
    await standard('Changchun apprenticeship', { regionCode: CHANGCHUN, trainingType: 'NEW_APPRENTICESHIP', amount: '5000.00', unit: 'PER_PERSON_YEAR', effectiveFrom: '2026-01-01' });
    await standard('non-continuing students', { regionCode: JILIN, kind: 'GROUP_SUPPLEMENT', trainingType: 'LABOR_PREPARATION', seekerGroup: 'NON_CONTINUING_STUDENT', amount: '600.00', effectiveFrom: '2026-01-01' });
    await standard('low-income families', { regionCode: JILIN, kind: 'GROUP_SUPPLEMENT', trainingType: 'LABOR_PREPARATION', seekerGroup: 'LOW_INCOME_FAMILY', amount: '400.00', effectiveFrom: '2026-01-01' });
    await standard('technician certificate', { regionCode: JILIN, kind: 'CERTIFICATE', skillLevel: 'TECHNICIAN', amount: '3500.00', effectiveFrom: '2026-01-01' });

    catalogs.first = await catalog('SUPERSEDED', '2026-01-01', [[AI_TRAINER, '10.00'], [TURNER, '7.50']]);
    catalogs.second = await catalog('PUBLISHED', '2026-07-01', [[AI_TRAINER, '5.00']]);
    await db.query(`UPDATE shortage_catalog SET superseded_by_id = $1 WHERE id = $2`, [catalogs.second.id, catalogs.first.id]);
    // Jilin city raised its cap above the national 10% and lists welders at it.
    await db.query(`INSERT INTO region_policy (region_code, max_shortage_uplift_percent) VALUES ($1, 15)`, [JILIN_CITY]);
    catalogs.city = await catalog('PUBLISHED', '2026-01-01', [[WELDER, '15.00']], JILIN_CITY);
  }, 120_000);
  afterAll(() => app?.stop());

  const amounts = (fee: string, base: string, percent: string, uplift: string, supplements: string, total: string, net: string) => ({
    fee,
    baseSubsidy: base,
    shortageUpliftPercent: percent,
    shortageUplift: uplift,
    groupSupplements: supplements,
    totalSubsidy: total,
    netCost: net,
  });
  const plain = (base: string, fee = '3000.00') => {
    const net = BigInt(fee.replace('.', '')) - BigInt(base.replace('.', ''));
    const netText = net > 0n ? `${net / 100n}.${String(net % 100n).padStart(2, '0')}` : '0.00';
    return amounts(fee, base, '0.00', '0.00', '0.00', base, netText);
  };

  interface QuoteCase {
    name: string;
    course: CourseSpec;
    groups?: string[];
    expected: Partial<Quote>;
    lines: string[];
    /** The standard each line names (null: none), in line order. */
    standards?: (string | null)[];
    /** The catalog the uplift line names. */
    catalog?: keyof typeof catalogs;
    label?: RegExp;
  }

  const cases: QuoteCase[] = [
    // Region inheritance and specificity
    { name: 'a city without its own standard inherits the province’s', course: { startsOn: '2026-03-01' }, expected: plain('1000.00'), lines: ['BASE'], standards: ['province default'] },
    { name: 'a district inherits through its city', course: { region: NANGUAN, startsOn: '2026-03-01' }, expected: plain('1000.00'), lines: ['BASE'], standards: ['province default'] },
    { name: 'a city standard beats the province’s, even a more specific one', course: { region: JILIN_CITY, level: 'SENIOR', startsOn: '2026-03-01' }, expected: plain('1200.00'), lines: ['BASE'], standards: ['Jilin city default'] },
    { name: 'a standard for the level beats one for every level', course: { level: 'SENIOR', startsOn: '2026-03-01' }, expected: plain('2000.00'), lines: ['BASE'], standards: ['province senior'] },
    {
      name: 'occupation and level beat the level alone (with the shortage uplift of the catalog then in force)',
      course: { occupation: AI_TRAINER, level: 'SENIOR', startsOn: '2026-03-01' },
      expected: amounts('3000.00', '2600.00', '10.00', '260.00', '0.00', '2860.00', '140.00'),
      lines: ['BASE', 'SHORTAGE_UPLIFT'],
      standards: ['province AI senior', null],
      catalog: 'first',
    },
    // Effective dates of the province default (2026-01-01 to 2026-12-31), on the course's start date
    { name: 'starting the day before effectiveFrom', course: { startsOn: '2025-12-31' }, expected: { ...plain('0.00'), subsidised: false }, lines: ['NO_STANDARD'] },
    { name: 'starting on effectiveFrom', course: { startsOn: '2026-01-01' }, expected: plain('1000.00'), lines: ['BASE'] },
    { name: 'starting the day after effectiveFrom', course: { startsOn: '2026-01-02' }, expected: plain('1000.00'), lines: ['BASE'] },
    { name: 'starting the day before effectiveUntil', course: { startsOn: '2026-12-30' }, expected: plain('1000.00'), lines: ['BASE'] },
    { name: 'starting on effectiveUntil', course: { startsOn: '2026-12-31', endsOn: '2027-02-28' }, expected: plain('1000.00'), lines: ['BASE'] },
    { name: 'starting the day after effectiveUntil', course: { startsOn: '2027-01-01' }, expected: plain('0.00'), lines: ['NO_STANDARD'] },
    // Versioning: 3,000 from 2026-01-01 closed by 3,300 from 2026-07-01; the certificate line is not in the total
    {
      name: 'a course before the new version keeps the old one',
      course: { level: 'TECHNICIAN', startsOn: '2026-06-30', fee: '5000.00' },
      expected: plain('3000.00', '5000.00'),
      lines: ['BASE', 'CERTIFICATE'],
      standards: ['technician', 'technician certificate'],
    },
    {
      name: 'a course from the new version’s start uses it',
      course: { level: 'TECHNICIAN', startsOn: '2026-07-01', fee: '5000.00' },
      expected: plain('3300.00', '5000.00'),
      lines: ['BASE', 'CERTIFICATE'],
      standards: ['technician from July', 'technician certificate'],
    },
    // Shortage uplift
    {
      name: 'an uplift rounded half away from zero to the fen (1000.20 × 7.5% = 75.015)',
      course: { occupation: TURNER, startsOn: '2026-03-01', fee: '1500.00' },
      expected: amounts('1500.00', '1000.20', '7.50', '75.02', '0.00', '1075.22', '424.78'),
      lines: ['BASE', 'SHORTAGE_UPLIFT'],
      catalog: 'first',
    },
    {
      name: 'the superseded catalog for a course starting before the new one’s effectiveFrom',
      course: { occupation: AI_TRAINER, level: 'SENIOR', startsOn: '2026-06-30' },
      expected: amounts('3000.00', '2600.00', '10.00', '260.00', '0.00', '2860.00', '140.00'),
      lines: ['BASE', 'SHORTAGE_UPLIFT'],
      catalog: 'first',
    },
    {
      name: 'the new catalog from its effectiveFrom',
      course: { occupation: AI_TRAINER, level: 'SENIOR', startsOn: '2026-07-01' },
      expected: amounts('3000.00', '2600.00', '5.00', '130.00', '0.00', '2730.00', '270.00'),
      lines: ['BASE', 'SHORTAGE_UPLIFT'],
      catalog: 'second',
    },
    {
      name: 'an uplift at the cap a city raised above the national 10% is quoted in full',
      course: { region: JILIN_CITY, occupation: WELDER, startsOn: '2026-03-01' },
      expected: amounts('3000.00', '1200.00', '15.00', '180.00', '0.00', '1380.00', '1620.00'),
      lines: ['BASE', 'SHORTAGE_UPLIFT'],
      catalog: 'city',
    },
    { name: 'no uplift once the new catalog drops the occupation', course: { occupation: TURNER, startsOn: '2026-07-01', fee: '1500.00' }, expected: plain('1000.20', '1500.00'), lines: ['BASE'] },
    // Provider admission
    {
      name: 'a provider suspended while the course runs: no subsidy, and why',
      course: { provider: 'suspended', startsOn: '2026-04-01', endsOn: '2026-06-30' },
      expected: { ...plain('0.00'), subsidised: false },
      lines: ['NOT_ADMITTED'],
      label: /2026-05-01 起暂停补贴资格：虚报培训人数/,
    },
    { name: 'a course of a suspended provider that ended before the suspension', course: { provider: 'suspended', startsOn: '2026-03-01', endsOn: '2026-04-30' }, expected: plain('1000.00'), lines: ['BASE'] },
    { name: 'an admission ending before the course does', course: { provider: 'halfYear', startsOn: '2026-06-01', endsOn: '2026-07-31' }, expected: plain('0.00'), lines: ['NOT_ADMITTED'], label: /未覆盖课程日期 2026-06-01 至 2026-07-31/ },
    { name: 'a renewed admission covering the course across both periods', course: { provider: 'renewed', startsOn: '2026-06-01', endsOn: '2026-07-31' }, expected: plain('1000.00'), lines: ['BASE'] },
    { name: 'a provider never admitted', course: { provider: 'neverAdmitted', startsOn: '2026-03-01' }, expected: plain('0.00'), lines: ['NOT_ADMITTED'], label: /未列入/ },
    // No standard anywhere up the chain
    { name: 'a region with no standard at all: net cost is the fee', course: { region: HARBIN, startsOn: '2026-03-01' }, expected: { ...plain('0.00'), subsidised: false }, lines: ['NO_STANDARD'] },
    // Per-year amounts
    {
      name: 'a two-year apprenticeship paid per year (across 29 February 2028)',
      course: { type: 'NEW_APPRENTICESHIP', startsOn: '2026-09-01', endsOn: '2028-08-31', fee: '12000.00' },
      expected: plain('10000.00', '12000.00'),
      lines: ['BASE'],
      standards: ['Changchun apprenticeship'],
      label: /5000\.00 元\/人·年 × 2 年/,
    },
    {
      name: 'one day into a third year is a third started year',
      course: { type: 'NEW_APPRENTICESHIP', startsOn: '2026-09-01', endsOn: '2028-09-01', fee: '12000.00' },
      expected: plain('15000.00', '12000.00'),
      lines: ['BASE'],
    },
    // Group supplements
    { name: 'labour-preparation training without groups', course: { type: 'LABOR_PREPARATION', level: 'JUNIOR', startsOn: '2026-03-01' }, expected: plain('1000.00'), lines: ['BASE'] },
    {
      name: 'labour-preparation training with the groups a counsellor previews (no standard for veterans)',
      course: { type: 'LABOR_PREPARATION', level: 'JUNIOR', startsOn: '2026-03-01' },
      groups: ['VETERAN', 'NON_CONTINUING_STUDENT', 'LOW_INCOME_FAMILY'],
      expected: amounts('3000.00', '1000.00', '0.00', '0.00', '1000.00', '2000.00', '1000.00'),
      lines: ['BASE', 'GROUP_SUPPLEMENT', 'GROUP_SUPPLEMENT'],
      standards: ['province default', 'low-income families', 'non-continuing students'],
    },
    { name: 'no supplement on a course of another training type', course: { startsOn: '2026-03-01' }, groups: ['NON_CONTINUING_STUDENT'], expected: plain('1000.00'), lines: ['BASE'] },
  ];

  it.each(cases)('$name', async (c) => {
    const q = await quote(await course({ ...c.course, provider: providers[c.course.provider ?? 'admitted'] }), c.groups);
    expect(q).toMatchObject(c.expected);
    expect(q.lines.map((l) => l.kind)).toEqual(c.lines);
    expect(q.subsidised).toBe(q.totalSubsidy !== '0.00');
    for (const line of q.lines) expect(line.includedInTotal).toBe(line.kind !== 'CERTIFICATE');
    if (c.standards) expect(q.lines.map((l) => l.standard?.id ?? null)).toEqual(c.standards.map((name) => (name ? standards[name].id : null)));
    if (c.catalog) {
      const uplift = q.lines.find((l) => l.kind === 'SHORTAGE_UPLIFT')!;
      const occupation = c.course.occupation!;
      expect(uplift.catalogId).toBe(toGlobalId('ShortageCatalog', catalogs[c.catalog].id));
      expect(uplift.catalogEntryId).toBe(toGlobalId('ShortageCatalogEntry', catalogs[c.catalog].entries[occupation]));
    }
    if (c.label) expect(q.lines.map((l) => l.label).join('\n')).toMatch(c.label);
  });

  it('shows the certificate subsidy as a line outside the total', async () => {
    const q = await quote(await course({ level: 'TECHNICIAN', startsOn: '2026-07-01', fee: '5000.00' }));
    const certificate = q.lines.find((l) => l.kind === 'CERTIFICATE')!;
    expect(certificate).toMatchObject({ amount: '3500.00', includedInTotal: false, standard: { amount: '3500.00' } });
    expect(certificate.label).toMatch(/二级\/技师/);
    expect(q.totalSubsidy).toBe('3300.00');
  });

  it('quotes many courses in the same few statements as a few', async () => {
    const ids = await Promise.all(Array.from({ length: 12 }, (_, i) => course({ startsOn: addDays('2026-02-01', i * 20), occupation: i % 2 ? TURNER : AI_TRAINER, region: i % 3 ? CHANGCHUN : JILIN_CITY })));
    const count = async (courseIds: string[]) => {
      const store = { requestId: 'count', sqlQueries: 0 };
      const quotes = await requestStore.run(store, () => app.platform.services.subsidyQuotes.quotes(courseIds));
      expect([...quotes.keys()].sort()).toEqual([...courseIds].sort());
      return store.sqlQueries;
    };
    const few = await count(ids.slice(0, 2));
    expect(few).toBeGreaterThan(0);
    expect(await count(ids)).toBe(few);
  });


  it('quotes from the facts held in memory only while no fact has changed, wherever the change was made', async () => {
    const courseId = await course({ startsOn: '2026-03-01' });
    const [{ id: defaultId }] = await db.query(`SELECT id::text AS id FROM subsidy_standard WHERE basis = '测试：province default'`);
    const setDefault = (amount: string) => db.query(`UPDATE subsidy_standard SET amount = $1 WHERE id = $2`, [amount, defaultId]);
    const cache = QuoteFactsCache.of(db.manager);
    await cache.reload();
    expect(cache.current?.version).toBe((await db.query(`SELECT version::text FROM quote_facts_version`))[0].version);
    expect((await quote(courseId)).baseSubsidy).toBe('1000.00');

    // A change the version does not record stays unseen: proof that quotes read the held copy.
    await db.query(`ALTER TABLE subsidy_standard DISABLE TRIGGER subsidy_standard_quote_facts_changed`);
    try {
      await setDefault('1111.00');
    } finally {
      await db.query(`ALTER TABLE subsidy_standard ENABLE TRIGGER subsidy_standard_quote_facts_changed`);
    }
    expect((await quote(courseId)).baseSubsidy).toBe('1000.00');

    // Any change through the table (another instance, a console) moves the version: the next quote reads it.
    await setDefault('1222.00');
    expect((await quote(courseId)).baseSubsidy).toBe('1222.00');
    await cache.reload();
    expect((await quote(courseId)).baseSubsidy).toBe('1222.00');

    // A change rolled back is seen only inside its transaction, and never kept.
    const runner = db.createQueryRunner();
    await runner.startTransaction();
    try {
      await runner.query(`UPDATE subsidy_standard SET amount = '9999.00' WHERE id = $1`, [defaultId]);
      const facts = await loadQuoteFacts(runner.manager, [{ id: courseId, providerId: providers.admitted, regionCode: CHANGCHUN, occupationCode: ELDERLY_CARE, skillLevel: 'INTERMEDIATE' as never, trainingType: 'EMPLOYMENT_SKILLS' as never, startsOn: '2026-03-01', endsOn: '2026-03-31', fee: '3000.00' }]);
      expect(facts.get(courseId)!.standards.map((s) => s.amount)).toContain('9999.00');
      await cache.reload();
    } finally {
      await runner.rollbackTransaction();
      await runner.release();
    }
    expect((await quote(courseId)).baseSubsidy).toBe('1222.00');
    await setDefault('1000.00');
    expect((await quote(courseId)).baseSubsidy).toBe('1000.00');
  });
  it('quotes from facts read with each statement when there are more than a copy may hold, without reloading for every statement', async () => {
    const courseId = await course({ startsOn: '2026-03-01' });
    const [{ id: defaultId }] = await db.query(`SELECT id::text AS id FROM subsidy_standard WHERE basis = '测试：province default'`);
    const cache = QuoteFactsCache.of(db.manager);
    const reload = vi.spyOn(cache, 'reload');
    const limit = cache.heldFactsLimit;
    await cache.reload(); // lets one an earlier request started finish first
    cache.heldFactsLimit = 1;
    try {
      await cache.reload();
      expect(cache.current).toBeUndefined();
      reload.mockClear();
      expect((await quote(courseId)).baseSubsidy).toBe('1000.00');
      expect((await quote(courseId)).baseSubsidy).toBe('1000.00');
      expect(reload).not.toHaveBeenCalled();
      // A new version may hold fewer facts: the first statement after it asks for a copy again.
      await db.query(`UPDATE subsidy_standard SET amount = '1333.00' WHERE id = $1`, [defaultId]);
      expect((await quote(courseId)).baseSubsidy).toBe('1333.00');
      expect(reload).toHaveBeenCalledTimes(1);
    } finally {
      reload.mockRestore();
      await cache.reload(); // the one the last statement started, if it is still running
      cache.heldFactsLimit = limit;
      await db.query(`UPDATE subsidy_standard SET amount = '1000.00' WHERE id = $1`, [defaultId]);
      await cache.reload();
    }
    expect(cache.current?.version).toBe((await db.query(`SELECT version::text FROM quote_facts_version`))[0].version);
    expect((await quote(courseId)).baseSubsidy).toBe('1000.00');
  });
  it("answers only for courses the caller may see, and with a seeker's own groups only for those who may read the seeker", async () => {
    const draft = toGlobalId('Course', await course({ startsOn: '2026-03-01', status: 'DRAFT' }));
    const anonymous = await app.gql(QUOTE, { courseId: draft });
    expect(anonymous.errors?.[0].extensions).toMatchObject({ code: 'NOT_FOUND', field: ['courseId'] });
    const otherRegion = await app.gql(QUOTE, { courseId: draft }, { role: Role.ADMIN });
    expect(otherRegion.errors?.[0].extensions).toMatchObject({ code: 'NOT_FOUND', field: ['courseId'] });
    const staff = await app.gql(QUOTE, { courseId: draft }, { token: provinceAdmin });
    expect(staff.data.subsidyQuote.baseSubsidy).toBe('1000.00');

    const published = toGlobalId('Course', await course({ startsOn: '2026-03-01' }));
    const unknownSeeker = await app.gql(QUOTE, { courseId: published, seekerId: toGlobalId('JobSeeker', '999999') }, { role: Role.COUNSELLOR });
    expect(unknownSeeker.errors?.[0].extensions).toMatchObject({ code: 'NOT_FOUND', field: ['seekerId'] });

    // A low-income-family school leaver in Changchun: their groups, not the ones the caller passes, decide the supplements.
    const [{ id: seekerKey }] = await db.query(
      `INSERT INTO job_seeker (name_sealed, name_hash, id_number_sealed, id_number_hash, phone_sealed, phone_hash, birth_date, region_code,
                               education_level, employment_status, groups, consent_at, version)
       VALUES ('\\x00', '\\x00', '\\x00', '\\x01', '\\x00', '\\x00', '2008-01-01', $1, 'SENIOR_HIGH', 'UNEMPLOYED',
               '{LOW_INCOME_FAMILY,NON_CONTINUING_STUDENT}', now(), 1) RETURNING id::text AS id`,
      [CHANGCHUN],
    );
    const seekerId = toGlobalId('JobSeeker', seekerKey);
    const preparation = toGlobalId('Course', await course({ type: 'LABOR_PREPARATION', level: 'JUNIOR', startsOn: '2026-03-01' }));
    const counsellor = await app.token(Role.COUNSELLOR, { region: CHANGCHUN });
    const forSeeker = await app.gql(QUOTE, { courseId: preparation, seekerId, groups: ['VETERAN'] }, { token: counsellor });
    expect(forSeeker.errors).toBeUndefined();
    expect(forSeeker.data.subsidyQuote).toMatchObject({ groupSupplements: '1000.00', totalSubsidy: '2000.00' });
    const themself = await app.gql(QUOTE, { courseId: preparation, seekerId }, { token: await app.token(Role.SEEKER, { seeker: seekerKey }) });
    expect(themself.data.subsidyQuote.groupSupplements).toBe('1000.00');
    for (const token of [await app.token(Role.COUNSELLOR, { region: JILIN_CITY }), await app.token(Role.SEEKER, { seeker: '999999' }), undefined]) {
      const refused = await app.gql(QUOTE, { courseId: preparation, seekerId }, { token });
      expect(refused.errors?.[0].extensions).toMatchObject({ code: 'NOT_FOUND', field: ['seekerId'] });
    }
    const notACourse = await app.gql(QUOTE, { courseId: toGlobalId('Provider', providers.admitted) });
    expect(notACourse.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: ['courseId'] });
  });

  it('closes the predecessor of a new version, and audits both', async () => {
    const closed = await app.gql(`query($id: ID!) { node(id: $id) { ... on SubsidyStandard { amount effectiveFrom effectiveUntil } } }`, { id: standards.technician.id });
    expect(closed.data.node).toEqual({ amount: '3000.00', effectiveFrom: '2026-01-01', effectiveUntil: '2026-06-30' });
    const [oldId, newId] = [standards.technician.id, standards['technician from July'].id].map((id) => Buffer.from(id, 'base64url').toString().split(':')[1]);
    const audit = await db.query(`SELECT actor, action, entity_id, changes FROM audit_entry WHERE entity_type = 'SubsidyStandard' AND entity_id = ANY($1) ORDER BY id`, [[oldId, newId]]);
    expect(audit).toEqual([
      expect.objectContaining({ action: 'SET', entity_id: oldId, actor: 'test-admin' }),
      { actor: 'test-admin', action: 'CLOSE', entity_id: oldId, changes: { effectiveUntil: { from: null, to: '2026-06-30' }, supersededBy: newId } },
      expect.objectContaining({ action: 'SET', entity_id: newId, changes: expect.objectContaining({ amount: '3300.00', skillLevel: 'TECHNICIAN', effectiveFrom: '2026-07-01', closed: [oldId] }) }),
    ]);
  });

  it('lists the standards that apply in a region, inherited ones included', async () => {
    const list = async (filter: Record<string, unknown>) => {
      const res = await app.gql(`query($filter: SubsidyStandardFilter) { subsidyStandards(filter: $filter, first: 100) { totalCount nodes { id regionCode basis } } }`, { filter });
      expect(res.errors).toBeUndefined();
      return res.data.subsidyStandards;
    };
    const changchun = await list({ regionCode: CHANGCHUN });
    expect(new Set(changchun.nodes.map((n: { regionCode: string }) => n.regionCode))).toEqual(new Set([JILIN, CHANGCHUN]));
    expect(changchun.nodes.map((n: { id: string }) => n.id)).not.toContain(standards['Jilin city default'].id);
    const onFirstOfJuly = await list({ regionCode: CHANGCHUN, kind: 'TRAINING', on: '2026-07-01' });
    const ids = onFirstOfJuly.nodes.map((n: { id: string }) => n.id);
    expect(ids).toContain(standards['technician from July'].id);
    expect(ids).not.toContain(standards.technician.id);
    expect(ids).not.toContain(standards['technician certificate'].id);
    const turner = await list({ regionCode: JILIN, occupationCode: TURNER, kind: 'TRAINING', on: '2026-03-01' });
    const basis = turner.nodes.map((n: { basis: string }) => n.basis);
    expect(basis).toContain('测试：province turner');
    expect(basis).toContain('测试：province default');
    expect(basis).not.toContain('测试：province AI senior');
  });

  it('refuses each bad field with a userError naming it, writing nothing', async () => {
    const good = { regionCode: JILIN, amount: '100.00', effectiveFrom: '2027-01-01' };
    const counts = async () => (await db.query(`SELECT (SELECT count(*)::int FROM subsidy_standard) AS standards, (SELECT count(*)::int FROM audit_entry) AS audits`))[0];
    const before = await counts();
    const bad: [Record<string, unknown>, string, string][] = [
      [{ amount: '-1.00' }, 'amount', 'INVALID'],
      [{ amount: '12345678901.00' }, 'amount', 'INVALID'],
      [{ effectiveUntil: '2026-12-31' }, 'effectiveUntil', 'INVALID'],
      [{ kind: 'GROUP_SUPPLEMENT' }, 'seekerGroup', 'INVALID'],
      [{ seekerGroup: 'VETERAN' }, 'seekerGroup', 'INVALID'],
      [{ kind: 'COMPETITION' }, 'competitionLevel', 'INVALID'],
      [{ competitionLevel: 'CITY' }, 'competitionLevel', 'INVALID'],
      [{ regionCode: '2202' }, 'regionCode', 'INVALID'],
      [{ regionCode: '229999' }, 'regionCode', 'NOT_FOUND'],
      [{ regionCode: '210200' }, 'regionCode', 'FORBIDDEN'],
      [{ occupationCode: '4-04-05' }, 'occupationCode', 'INVALID'],
      [{ occupationCode: '4-99-99-99' }, 'occupationCode', 'NOT_FOUND'],
      [{ basis: 'x'.repeat(501) }, 'basis', 'INVALID'],
      // Same key as 'province senior', starting on the same day.
      [{ skillLevel: 'SENIOR', effectiveFrom: '2026-01-01' }, 'effectiveFrom', 'OVERLAP'],
      // Starts before 'technician from July' and would run into it.
      [{ skillLevel: 'TECHNICIAN', effectiveFrom: '2026-03-01' }, 'effectiveFrom', 'OVERLAP'],
    ];
    for (const [change, field, code] of bad) {
      const { subsidyStandard, userErrors } = await setStandard({ ...good, ...change });
      expect(subsidyStandard, field).toBeNull();
      expect(userErrors, JSON.stringify(change)).toEqual([expect.objectContaining({ field: ['input', field], code })]);
    }
    const typeError = await app.gql(SET, { input: { ...good, amount: '1.005' } }, { token: provinceAdmin });
    expect(typeError.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(await counts()).toEqual(before);
    const technician = await app.gql(`query($id: ID!) { node(id: $id) { ... on SubsidyStandard { effectiveUntil } } }`, { id: standards.technician.id });
    expect(technician.data.node.effectiveUntil).toBe('2026-06-30');
  });

  it('lets only an ADMIN of a region covering the standard’s region set it', async () => {
    const input = { regionCode: JILIN_CITY, amount: '1.00', effectiveFrom: '2030-01-01' };
    const dalianAdmin = await setStandard(input, await app.token(Role.ADMIN, { region: '210200' }));
    expect(dalianAdmin.userErrors).toEqual([expect.objectContaining({ field: ['input', 'regionCode'], code: 'FORBIDDEN' })]);
    const counsellor = await app.gql(SET, { input }, { token: await app.token(Role.COUNSELLOR, { region: JILIN }) });
    expect(counsellor.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const anonymous = await app.gql(SET, { input });
    expect(anonymous.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    const cityAdmin = await setStandard(input, await app.token(Role.ADMIN, { region: JILIN_CITY }));
    expect(cityAdmin.userErrors).toEqual([]);
    expect(cityAdmin.subsidyStandard).toMatchObject({ regionCode: JILIN_CITY, region: { name: '吉林市' }, kind: 'TRAINING', unit: 'PER_PERSON', amount: '1.00' });
  });

  it('queues exactly the courses whose quote a new standard can change', async () => {
    const SIPING = '220300';
    const affected = (spec: Partial<CourseSpec>) => course({ region: SIPING, occupation: WELDER, startsOn: '2026-05-01', ...spec });
    const inPeriod = await affected({});
    const inDistrict = await affected({ region: '220302', startsOn: '2026-09-01' });
    const nextYear = await affected({ startsOn: '2027-03-01' });
    await affected({ level: 'SENIOR' });
    await affected({ occupation: TURNER });
    await affected({ type: 'SKILL_UPGRADING' });
    await affected({ startsOn: '2025-12-01' });
    await affected({ region: '220400' });
    const queued = async (action: () => Promise<unknown>) => {
      const [{ last }] = await db.query(`SELECT coalesce(max(id), 0)::text AS last FROM search_outbox`);
      await action();
      const rows = await db.query(`SELECT document_id FROM search_outbox WHERE index_name = 'courses' AND id > $1`, [last]);
      return rows.map((r: { document_id: string }) => r.document_id).sort();
    };
    const welder = { regionCode: SIPING, occupationCode: WELDER, skillLevel: 'INTERMEDIATE', trainingType: 'EMPLOYMENT_SKILLS' };
    expect(await queued(() => standard('Siping welder', { ...welder, amount: '1800.00', effectiveFrom: '2026-01-01' }))).toEqual([inPeriod, inDistrict, nextYear].sort());
    // A bounded successor: from its start, and on past its end, where the open-ended predecessor no longer applies.
    expect(await queued(() => standard('Siping welder 2026H2', { ...welder, amount: '2000.00', effectiveFrom: '2026-07-01', effectiveUntil: '2026-12-31' }))).toEqual(
      [inDistrict, nextYear].sort(),
    );
    expect((await quote(inPeriod)).baseSubsidy).toBe('1800.00');
    expect((await quote(inDistrict)).baseSubsidy).toBe('2000.00');
    expect((await quote(nextYear)).lines.map((l) => l.kind)).toEqual(['NO_STANDARD']);
  });

  it('loads the demo figures from the documents', async () => {
    expect(await loadSubsidyDemo(db, { subject: 'system:demo', role: 'SYSTEM' })).toBe(19);
    const base = async (spec: CourseSpec, groups?: string[]) => quote(await course(spec), groups);
    const apprenticeship = { type: 'NEW_APPRENTICESHIP', fee: '20000.00' };
    const dalian = await base({ ...apprenticeship, region: '210200', startsOn: '2026-09-01', endsOn: '2028-08-31' });
    expect(dalian.baseSubsidy).toBe('10000.00');
    expect(dalian.lines[0].label).toMatch(/004 §\(四\)/);
    for (const [level, amount] of [['INTERMEDIATE', '6000.00'], ['SENIOR', '7000.00'], ['TECHNICIAN', '8000.00'], ['CHIEF_TECHNICIAN', '8000.00']]) {
      expect((await base({ ...apprenticeship, region: '150200', level, startsOn: '2026-09-01', endsOn: '2027-08-31' })).baseSubsidy, level).toBe(amount);
    }
    const technician = await base({ region: '210200', level: 'TECHNICIAN', startsOn: '2026-03-01', fee: '4000.00' });
    expect(technician).toMatchObject({ baseSubsidy: '3000.00', netCost: '1000.00' });
    expect(technician.lines.find((l) => l.kind === 'CERTIFICATE')).toMatchObject({ amount: '3500.00', includedInTotal: false });
    const seniorTechnician = await base({ region: '210200', level: 'SENIOR_TECHNICIAN', startsOn: '2026-03-01', fee: '6000.00' });
    expect(seniorTechnician.lines.find((l) => l.kind === 'CERTIFICATE')).toMatchObject({ amount: '5000.00', includedInTotal: false });
    // No training standard for that level in the demo: the certificate subsidy is paid apart and never counted in the total.
    expect(seniorTechnician).toMatchObject({ baseSubsidy: '0.00', totalSubsidy: '0.00', netCost: '6000.00' });
    expect((await base({ region: '210100', level: 'JUNIOR', startsOn: '2026-03-01' })).baseSubsidy).toBe('1000.00');
    const preparation = await base({ region: '210200', type: 'LABOR_PREPARATION', level: 'JUNIOR', startsOn: '2026-03-01' }, ['NON_CONTINUING_STUDENT']);
    expect(preparation).toMatchObject({ baseSubsidy: '1000.00', groupSupplements: '600.00' });
    const competition = await app.gql(`{ subsidyStandards(filter: { regionCode: "210200", kind: COMPETITION }, first: 10) { nodes { competitionLevel amount basis } } }`);
    expect(competition.data.subsidyStandards.nodes.map((s: any) => [s.competitionLevel, s.amount]).sort()).toEqual([
      ['CITY', '1500.00'],
      ['NATIONAL', '5000.00'],
      ['PROVINCE', '2000.00'],
      ['WORLD', '10000.00'],
    ]);
    expect(competition.data.subsidyStandards.nodes[0].basis).toMatch(/004 §\(十四\)/);
  });
});

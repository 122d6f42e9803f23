import type { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Role } from '../server/auth';
import { startTestPlatform, type TestPlatform } from './harness';

const ELDERLY_CARE = '4-10-01-05';
const INDICATORS = `query($region: String!, $from: Date!, $until: Date!) {
  trainingIndicators(regionCode: $region, from: $from, until: $until) {
    regionCode from until subsidyCommitted region { name }
    figures { indicator label actual percentOfTarget target { id target periodFrom periodUntil basis } }
  }
}`;
const SET_TARGET = `mutation($input: SetIndicatorTargetInput!) {
  setIndicatorTarget(input: $input) { indicatorTarget { id indicator target } userErrors { field code message } }
}`;

interface Seat {
  subsidy: string;
  groups?: string[];
  withdrawn?: boolean;
  certificate?: string;
  finishedOn?: string;
  employedOn?: string;
}

describe('training indicators: what a bureau watches against its targets', () => {
  let app: TestPlatform;
  let db: DataSource;
  const as = {} as Record<'liaoning' | 'dalian' | 'counsellor', string>;

  /** A course of `regionCode` with one seat per entry, written as the services leave them. */
  const courseWithSeats = async (regionCode: string, trainingType: string, startsOn: string, endsOn: string, seats: Seat[]) => {
    const [{ id: provider }] = await db.query(
      `INSERT INTO provider (credit_code, name, type, region_code, version) VALUES ('I' || lpad((random() * 1e15)::bigint::text, 17, '0'), '指标测试学校', 'TECHNICAL_SCHOOL', $1, 1) RETURNING id`,
      [regionCode],
    );
    const [{ id: course }] = await db.query(
      `INSERT INTO course (provider_id, title, occupation_code, skill_level, training_type, mode, hours, starts_on, ends_on, region_code, capacity, enrolled, fee, status, published_at, version)
       VALUES ($1, '养老护理员培训', $2, 'SENIOR', $3, 'ONSITE', 80, $4, $5, $6, 30, $7, '2000.00', 'PUBLISHED', now(), 1) RETURNING id`,
      [provider, ELDERLY_CARE, trainingType, startsOn, endsOn, regionCode, seats.filter((s) => !s.withdrawn).length],
    );
    for (const seat of seats) {
      const [{ id: seeker }] = await db.query(
        `INSERT INTO job_seeker (name_sealed, name_hash, id_number_sealed, id_number_hash, phone_sealed, phone_hash, birth_date, region_code, education_level, employment_status, groups, consent_at, version)
         VALUES ('\\x00', '\\x00', '\\x00', uuid_send(gen_random_uuid()), '\\x00', '\\x00', '1990-01-01', $1, 'SENIOR_HIGH', 'UNEMPLOYED', $2, now(), 1) RETURNING id`,
        [regionCode, seat.groups ?? []],
      );
      const completed = seat.finishedOn !== undefined;
      await db.query(
        `INSERT INTO enrollment (course_id, seeker_id, status, withdrawn_at, fee, total_subsidy, net_cost, quote, completion, finished_on, certificate_level, certificate_number, employed_on, outcome_reported_at, trainee_groups)
         VALUES ($1, $2, $3, $4, '2000.00', $5, 2000 - $5::numeric, '{}', $6, $7, $8, $9, $10, $11, $12)`,
        [course, seeker, seat.withdrawn ? 'WITHDRAWN' : 'ENROLLED', seat.withdrawn ? new Date() : null, seat.subsidy,
         completed ? 'COMPLETED' : null, seat.finishedOn ?? null, seat.certificate ?? null, seat.certificate ? `C-${seeker}` : null, seat.employedOn ?? null, completed ? new Date() : null, seat.groups ?? []],
      );
    }
  };
  const indicators = async (token: string, region: string, from = '2026-01-01', until = '2026-12-31') => {
    const res = await app.gql(INDICATORS, { region, from, until }, { token });
    expect(res.errors).toBeUndefined();
    return res.data.trainingIndicators;
  };
  const actuals = (result: { figures: { indicator: string; actual: number }[] }) => Object.fromEntries(result.figures.map((f) => [f.indicator, f.actual]));

  beforeAll(async () => {
    app = await startTestPlatform({ demoData: false });
    db = app.platform.infrastructure.dataSource;
    await db.query(`INSERT INTO occupation (code, name, major_group) VALUES ($1, '养老护理员', 4)`, [ELDERLY_CARE]);
    as.liaoning = await app.token(Role.ADMIN, { region: '210000' });
    as.dalian = await app.token(Role.ADMIN, { region: '210200' });
    as.counsellor = await app.token(Role.COUNSELLOR, { region: '210200' });
    await courseWithSeats('210202', 'EMPLOYMENT_SKILLS', '2026-03-01', '2026-03-31', [
      { subsidy: '1000.00', groups: ['RURAL_MIGRANT_WORKER'], finishedOn: '2026-03-31', certificate: 'SENIOR', employedOn: '2026-04-10' },
      { subsidy: '1000.00', finishedOn: '2026-03-31', certificate: 'JUNIOR' },
      { subsidy: '1000.00', groups: ['RURAL_MIGRANT_WORKER'], withdrawn: true },
      { subsidy: '0.00', finishedOn: '2026-03-31' }, // provider not admitted: a training, but not a subsidised one
    ]);
    await courseWithSeats('210203', 'NEW_APPRENTICESHIP', '2026-05-01', '2027-04-30', [{ subsidy: '5000.00' }]);
    await courseWithSeats('210102', 'EMPLOYMENT_SKILLS', '2026-03-01', '2026-03-31', [{ subsidy: '800.00', groups: ['RURAL_MIGRANT_WORKER'] }]); // Shenyang
    // Trained in 2025, employed in 2026: counts as employment of 2026 only.
    await courseWithSeats('210202', 'EMPLOYMENT_SKILLS', '2025-11-01', '2025-12-20', [{ subsidy: '900.00', finishedOn: '2025-12-20', certificate: 'TECHNICIAN', employedOn: '2026-02-01' }]);
  }, 120_000);
  afterAll(async () => {
    await app?.stop();
  });

  it("counts a city's subsidised trainings, certificates and employment over a period from the seats it holds", async () => {
    const dalian = await indicators(as.dalian, '210200');
    expect(actuals(dalian)).toEqual({
      SUBSIDISED_TRAININGS: 3,
      MIGRANT_WORKER_TRAININGS: 1,
      NEW_APPRENTICE_TRAININGS: 1,
      NEW_CERTIFICATES: 2,
      SENIOR_CERTIFICATES: 1,
      EMPLOYED_AFTER_TRAINING: 2,
    });
    expect(dalian).toMatchObject({ regionCode: '210200', subsidyCommitted: '7000.00', region: { name: '大连市' } });
    expect(dalian.figures[0]).toMatchObject({ label: '开展补贴性职业技能培训（人次）', target: null, percentOfTarget: null });

    const liaoning = await indicators(as.liaoning, '210000');
    expect(actuals(liaoning)).toMatchObject({ SUBSIDISED_TRAININGS: 4, MIGRANT_WORKER_TRAININGS: 2 });
    expect(liaoning.subsidyCommitted).toBe('7800.00');
    expect(actuals(await indicators(as.dalian, '210200', '2025-01-01', '2025-12-31'))).toMatchObject({ SUBSIDISED_TRAININGS: 1, NEW_CERTIFICATES: 1, SENIOR_CERTIFICATES: 1, EMPLOYED_AFTER_TRAINING: 0 });

    // A figure already reported does not move when a trainee's groups are corrected later: seats count by the groups of their day.
    await db.query(`UPDATE job_seeker SET groups = '{}'`);
    expect(actuals(await indicators(as.liaoning, '210000'))).toMatchObject({ SUBSIDISED_TRAININGS: 4, MIGRANT_WORKER_TRAININGS: 2 });
  });

  it('sets targets as data per region and period, shows progress against them, and audits each change', async () => {
    const input = { regionCode: '210000', indicator: 'SUBSIDISED_TRAININGS', periodFrom: '2026-01-01', periodUntil: '2026-12-31', target: 8, basis: '年度计划' };
    const set = await app.gql(SET_TARGET, { input }, { token: as.liaoning });
    expect(set.data.setIndicatorTarget.userErrors).toEqual([]);
    const [figure] = (await indicators(as.liaoning, '210000')).figures;
    expect(figure).toMatchObject({ actual: 4, percentOfTarget: '50.00', target: { target: 8, basis: '年度计划', periodFrom: '2026-01-01' } });
    // A target belongs to its region and period: Dalian's figures and another period have none.
    expect((await indicators(as.dalian, '210200')).figures[0].target).toBeNull();
    expect((await indicators(as.liaoning, '210000', '2026-01-01', '2026-06-30')).figures[0].target).toBeNull();

    const audit = async () => (await db.query(`SELECT action, changes FROM audit_entry WHERE entity_type = 'IndicatorTarget' ORDER BY id`)) as { action: string; changes: any }[];
    const trail = await app.gql(`query($id: ID!) { auditEntries(filter: { entityId: $id }) { nodes { action entity { ... on IndicatorTarget { target } } } } }`,
      { id: set.data.setIndicatorTarget.indicatorTarget.id }, { token: as.liaoning });
    expect(trail.data.auditEntries.nodes).toEqual([{ action: 'SET', entity: { target: 8 } }]);
    expect(await audit()).toHaveLength(1);
    await app.gql(SET_TARGET, { input }, { token: as.liaoning });
    expect(await audit()).toHaveLength(1); // the same values again change nothing
    const corrected = await app.gql(SET_TARGET, { input: { ...input, target: 6 } }, { token: as.liaoning });
    expect(corrected.data.setIndicatorTarget.indicatorTarget).toMatchObject({ id: set.data.setIndicatorTarget.indicatorTarget.id, target: 6 });
    expect((await audit()).at(-1)).toEqual({ action: 'UPDATE', changes: { target: { from: 8, to: 6 } } });
    expect((await indicators(as.liaoning, '210000')).figures[0].percentOfTarget).toBe('66.67');

    const node = `query($id: ID!) { node(id: $id) { ... on IndicatorTarget { target } } }`;
    const id = set.data.setIndicatorTarget.indicatorTarget.id;
    expect((await app.gql(node, { id }, { token: as.liaoning })).data.node).toEqual({ target: 6 });
    expect((await app.gql(node, { id }, { token: as.dalian })).data.node).toBeNull();
  });

  it('refuses bad targets field by field, and a region outside your own, writing nothing', async () => {
    const count = async () => (await db.query('SELECT count(*)::int AS n FROM indicator_target'))[0].n;
    const before = await count();
    const valid = { regionCode: '210200', indicator: 'NEW_CERTIFICATES', periodFrom: '2026-01-01', periodUntil: '2026-12-31', target: 100 };
    for (const [change, field, token] of [
      [{ periodUntil: '2025-12-31' }, 'periodUntil', as.dalian],
      [{ target: 0 }, 'target', as.dalian],
      [{ regionCode: '210000' }, 'regionCode', as.dalian],
      [{ regionCode: '219999' }, 'regionCode', as.liaoning],
    ] as const) {
      const res = await app.gql(SET_TARGET, { input: { ...valid, ...change } }, { token });
      expect(res.errors, field).toBeUndefined();
      expect(res.data.setIndicatorTarget.userErrors.map((e: { field: string[] }) => e.field), field).toEqual([['input', field]]);
    }
    expect(await count()).toBe(before);
  });

  it('answers ADMINs of the region only, and refuses a period that ends before it starts', async () => {
    const ask = (token: string | undefined, region: string, from = '2026-01-01', until = '2026-12-31') => app.gql(INDICATORS, { region, from, until }, { token });
    expect((await ask(as.counsellor, '210200')).errors![0].extensions).toMatchObject({ code: 'FORBIDDEN' });
    expect((await ask(undefined, '210200')).errors![0].extensions).toMatchObject({ code: 'UNAUTHENTICATED' });
    expect((await ask(as.dalian, '210000')).errors![0].extensions).toMatchObject({ code: 'FORBIDDEN', field: ['regionCode'] });
    expect((await ask(as.dalian, '210200', '2026-12-31', '2026-01-01')).errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: ['until'] });
  });
});

import type { DataSource, EntityManager } from 'typeorm';
import { regionRange, type Principal } from '../../server/auth';
import { assertRegionInScope } from '../access/scope';
import { SKILL_LEVEL_TERMS, type SkillLevel } from '../skills/skill-level';

/** Patterns of subsidy misuse (套取骗取补贴资金, 001 §(三十七)) the seats on record can show. */
export enum SubsidyRiskKind {
  REPEATED_SUBSIDY = 'REPEATED_SUBSIDY',
  SHARED_PHONE = 'SHARED_PHONE',
  REUSED_CERTIFICATE = 'REUSED_CERTIFICATE',
  SELF_EMPLOYMENT = 'SELF_EMPLOYMENT',
}

export const SUBSIDY_RISK_TERMS: Record<SubsidyRiskKind, string> = {
  REPEATED_SUBSIDY: '同一人同一职业同一等级重复享受培训补贴',
  SHARED_PHONE: '多名补贴学员登记同一手机号',
  REUSED_CERTIFICATE: '同一证书编号在多个学位上报告',
  SELF_EMPLOYMENT: '培训机构将多名本机构学员报告为本机构就业',
};

/**
 * Seekers sharing one phone before it is a signal: a family may well register two people with one
 * phone; three or more trainees behind one number is how invented trainees tend to look.
 */
export const SHARED_PHONE_MIN_SEEKERS = 3;

/**
 * A provider may well hire a graduate of its own as an assistant trainer; several of its trainees
 * reported as employed by the provider itself is how placement figures (which raise its courses in
 * matching) get padded.
 */
export const SELF_EMPLOYMENT_MIN_SEATS = 2;

export interface SubsidyRiskSignal {
  kind: SubsidyRiskKind;
  label: string;
  explanation: string;
  /** The seats the signal rests on, oldest first. */
  enrollmentIds: string[];
  /** Subsidy quoted to those seats, yuan with two places. */
  subsidyAtStake: string;
  /** The bureau's check of exactly this signal, if it was checked. */
  checkId: string | null;
}

interface SignalRow {
  kind: SubsidyRiskKind;
  seats: string[];
  at_stake: string;
  seekers: number;
  occupation_code: string | null;
  occupation_name: string | null;
  skill_level: SkillLevel | null;
  certificate_number: string | null;
  provider_name: string | null;
  check_id: string | null;
}

/**
 * What a bureau's supervision looks at first: seats held by the job seekers of its region (the seats
 * it may read) that match a pattern of misuse, most subsidy at stake first. Signals are for a person
 * to check, not verdicts; each names its seats and says in words why it was raised. Personal data
 * stays out: a shared phone is named by its seats, never by its number.
 */
export class SubsidyRiskService {
  constructor(private readonly dataSource: DataSource) {}

  async signals(principal: Principal, regionCode: string, kinds: SubsidyRiskKind[] | undefined, checked?: boolean): Promise<SubsidyRiskSignal[]> {
    assertRegionInScope(principal, regionCode, ['regionCode']);
    const signals = await riskSignals(this.dataSource.manager, regionCode, kinds);
    return checked === undefined ? signals : signals.filter((s) => (s.checkId !== null) === checked);
  }
}

/**
 * The signals among the seats of the job seekers of a region; with `touching`, only those resting on
 * one of those seats (what a reviewer of a subsidy claim must see first).
 */
export async function riskSignals(manager: EntityManager, regionCode: string, kinds?: SubsidyRiskKind[], touching?: readonly string[]): Promise<SubsidyRiskSignal[]> {
  const [low, high] = regionRange(regionCode);
  const rows: SignalRow[] = await manager.query(
    `WITH seats AS (
       SELECT e.id, e.seeker_id, e.total_subsidy, upper(e.certificate_number) AS certificate_number,
              c.occupation_code, c.skill_level, c.training_type, s.phone_hash, c.provider_id,
              e.employer_credit_code = p.credit_code AS employed_by_provider
         FROM enrollment e
         JOIN course c ON c.id = e.course_id
         JOIN provider p ON p.id = c.provider_id
         JOIN job_seeker s ON s.id = e.seeker_id
        WHERE e.status = 'ENROLLED' AND s.region_code >= $1 AND s.region_code < $2
     ), signals AS (
       -- New apprenticeship is subsidised per person and year, so a second year at one level is no repeat.
       SELECT 'REPEATED_SUBSIDY' AS kind, array_agg(id::text ORDER BY id) AS seats, sum(total_subsidy) AS at_stake, 1 AS seekers,
              occupation_code, skill_level::text AS skill_level, NULL AS certificate_number, NULL::bigint AS provider_id
         FROM seats
        WHERE total_subsidy > 0 AND training_type <> 'NEW_APPRENTICESHIP'
        GROUP BY seeker_id, occupation_code, skill_level
       HAVING count(*) >= 2
       UNION ALL
       SELECT 'SHARED_PHONE', array_agg(id::text ORDER BY id), sum(total_subsidy), count(DISTINCT seeker_id)::int, NULL, NULL, NULL, NULL
         FROM seats
        WHERE total_subsidy > 0
        GROUP BY phone_hash
       HAVING count(DISTINCT seeker_id) >= $3
       UNION ALL
       SELECT 'REUSED_CERTIFICATE', array_agg(id::text ORDER BY id), sum(total_subsidy), count(DISTINCT seeker_id)::int, NULL, NULL, certificate_number, NULL
         FROM seats
        WHERE certificate_number IS NOT NULL
        GROUP BY certificate_number
       HAVING count(*) >= 2
       UNION ALL
       SELECT 'SELF_EMPLOYMENT', array_agg(id::text ORDER BY id), sum(total_subsidy), count(DISTINCT seeker_id)::int, NULL, NULL, NULL, provider_id
         FROM seats
        WHERE employed_by_provider
        GROUP BY provider_id
       HAVING count(*) >= $6
     )
     SELECT g.kind, g.seats, g.at_stake::numeric(14, 2)::text AS at_stake, g.seekers, g.occupation_code, o.name AS occupation_name,
            g.skill_level, g.certificate_number, p.name AS provider_name, rc.id::text AS check_id
       FROM signals g
       LEFT JOIN occupation o ON o.code = g.occupation_code
       LEFT JOIN provider p ON p.id = g.provider_id
       LEFT JOIN risk_check rc ON rc.kind::text = g.kind AND rc.enrollment_ids = g.seats::bigint[]
      WHERE ($4::text[] IS NULL OR g.kind = ANY($4::text[])) AND ($5::text[] IS NULL OR g.seats && $5::text[])
      ORDER BY g.at_stake DESC, g.kind, g.seats[1]::bigint`,
    [low, high, SHARED_PHONE_MIN_SEEKERS, kinds?.length ? kinds : null, touching ?? null, SELF_EMPLOYMENT_MIN_SEATS],
  );
  return rows.map((row) => ({
    kind: row.kind,
    label: SUBSIDY_RISK_TERMS[row.kind],
    explanation: explain(row),
    enrollmentIds: row.seats,
    subsidyAtStake: row.at_stake,
    checkId: row.check_id,
  }));
}

function explain(row: SignalRow): string {
  switch (row.kind) {
    case SubsidyRiskKind.REPEATED_SUBSIDY:
      return `同一求职者在 ${row.seats.length} 个学位上享受 ${row.occupation_name ?? row.occupation_code}（${row.occupation_code}）${SKILL_LEVEL_TERMS[row.skill_level!]} 培训补贴`;
    case SubsidyRiskKind.SHARED_PHONE:
      return `${row.seekers} 名求职者登记同一手机号，共占 ${row.seats.length} 个补贴学位`;
    case SubsidyRiskKind.REUSED_CERTIFICATE:
      return `证书编号 ${row.certificate_number} 在 ${row.seats.length} 个学位上报告（${row.seekers} 名求职者）`;
    case SubsidyRiskKind.SELF_EMPLOYMENT:
      return `${row.provider_name} 将 ${row.seats.length} 名本机构学员报告为就业于本机构（计入其就业率）`;
  }
}

/** The seats among these that a confirmed check found misused. */
export async function misusedSeats(manager: EntityManager, enrollmentIds: readonly string[]): Promise<Map<string, string>> {
  const rows: { seat: string; check_id: string }[] = await manager.query(
    `SELECT seat::text AS seat, min(id)::text AS check_id FROM risk_check, unnest(misused_enrollment_ids) AS seat
      WHERE misused_enrollment_ids && $1::bigint[] AND seat = ANY($1::bigint[]) GROUP BY seat`,
    [enrollmentIds],
  );
  return new Map(rows.map((r) => [r.seat, r.check_id]));
}

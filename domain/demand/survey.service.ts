import type { DataSource, EntityManager } from 'typeorm';
import { regionCovers, regionPrefix, type Principal } from '../../server/auth';
import { DomainError, DomainErrors, NotFoundError } from '../../server/errors';
import { assertRegionInScope } from '../access/scope';
import { auditSubject, recordAudit, type Actor } from '../audit/audit';
import type { SkillLevel } from '../skills/skill-level';
import { DemandSurvey } from './demand-survey.entity';
import { todayInChina } from './post-demand-rules';
import { assertRegionExists } from '../region/region.service';

/** Where a round stands, from its dates in China's calendar and an early close by staff. */
export enum DemandSurveyStatus {
  SCHEDULED = 'SCHEDULED',
  OPEN = 'OPEN',
  CLOSED = 'CLOSED',
}

export function surveyStatus(survey: Pick<DemandSurvey, 'opensOn' | 'closesOn' | 'closedAt'>, today = todayInChina()): DemandSurveyStatus {
  if (survey.closedAt || survey.closesOn < today) return DemandSurveyStatus.CLOSED;
  if (survey.opensOn > today) return DemandSurveyStatus.SCHEDULED;
  return DemandSurveyStatus.OPEN;
}

/** The same rule as `surveyStatus`, as SQL over alias `s`, with the date in parameter `:today`. */
const STATUS_SQL: Record<DemandSurveyStatus, string> = {
  SCHEDULED: 's.closed_at IS NULL AND s.opens_on > :today',
  OPEN: 's.closed_at IS NULL AND s.opens_on <= :today AND s.closes_on >= :today',
  CLOSED: '(s.closed_at IS NOT NULL OR s.closes_on < :today)',
};

export interface OpenSurveyInput {
  regionCode: string;
  period: string;
  title: string;
  opensOn: string;
  closesOn: string;
}

export interface SurveyFilter {
  /** Rounds of this region and of every region below it. */
  regionCode?: string;
  /** Rounds an enterprise in this region may submit to: of this region or a region above it. */
  coversRegionCode?: string;
  status?: DemandSurveyStatus;
}

export interface OccupationDemandTotal {
  occupationCode: string;
  skillLevel: SkillLevel;
  lines: number;
  headcount: number;
}

export interface SurveySummary {
  lines: number;
  headcount: number;
  byOccupation: OccupationDemandTotal[];
}

const EMPTY_SUMMARY: SurveySummary = { lines: 0, headcount: 0, byOccupation: [] };

export class SurveyService {
  constructor(private readonly dataSource: DataSource) {}

  async byIds(ids: readonly string[]): Promise<Map<string, DemandSurvey>> {
    const rows = await this.dataSource.getRepository(DemandSurvey).createQueryBuilder('s').where('s.id IN (:...ids)', { ids }).getMany();
    return new Map(rows.map((r) => [r.id, r]));
  }

  /**
   * Open lines of each round (valid today), in one query for every round asked: totals and, per
   * occupation and skill level, lines and headcount — most wanted first.
   */
  async summaries(ids: readonly string[], today = todayInChina()): Promise<Map<string, SurveySummary>> {
    const rows: { survey_id: string; occupation_code: string; skill_level: SkillLevel; lines: number; headcount: number }[] = await this.dataSource.query(
      `SELECT survey_id::text AS survey_id, occupation_code, skill_level, count(*)::int AS lines, sum(headcount)::int AS headcount
         FROM post_demand
        WHERE survey_id = ANY($1::bigint[]) AND status = 'OPEN' AND valid_until >= $2::date
        GROUP BY survey_id, occupation_code, skill_level
        ORDER BY survey_id, sum(headcount) DESC, occupation_code, skill_level`,
      [ids, today],
    );
    const result = new Map<string, SurveySummary>(ids.map((id) => [id, { ...EMPTY_SUMMARY, byOccupation: [] }]));
    for (const row of rows) {
      const summary = result.get(row.survey_id);
      if (!summary) continue;
      summary.lines += row.lines;
      summary.headcount += row.headcount;
      summary.byOccupation.push({ occupationCode: row.occupation_code, skillLevel: row.skill_level, lines: row.lines, headcount: row.headcount });
    }
    return result;
  }

  /** Newest rounds first. */
  async list(filter: SurveyFilter, offset: number, limit: number, today = todayInChina()): Promise<{ items: DemandSurvey[]; total: number }> {
    const qb = this.dataSource.getRepository(DemandSurvey).createQueryBuilder('s');
    if (filter.regionCode) qb.andWhere('s.region_code LIKE :prefix', { prefix: `${regionPrefix(filter.regionCode)}%` });
    if (filter.coversRegionCode) {
      // A round of region R covers the line's region L when L starts with R's prefix.
      qb.andWhere(
        `s.region_code IN (:...covering)`,
        { covering: coveringCodes(filter.coversRegionCode) },
      );
    }
    if (filter.status) qb.andWhere(STATUS_SQL[filter.status], { today });
    qb.orderBy('s.opens_on', 'DESC').addOrderBy('s.id', 'DESC');
    const [items, total] = await qb.skip(offset).take(limit).getManyAndCount();
    return { items, total };
  }

  /** ADMIN opens a round for a region of its scope; one round per region and period. */
  async open(principal: Principal, actor: Actor, input: OpenSurveyInput, today = todayInChina()): Promise<DemandSurvey> {
    assertRegionInScope(principal, input.regionCode, ['input', 'regionCode']);
    const errors: DomainError[] = [];
    if (input.closesOn < input.opensOn) errors.push(new DomainError('INVALID', `closesOn ${input.closesOn} is before opensOn ${input.opensOn}`, ['input', 'closesOn']));
    else if (input.closesOn < today) errors.push(new DomainError('IN_THE_PAST', `closesOn ${input.closesOn} is before today (${today})`, ['input', 'closesOn']));
    if (errors.length) throw new DomainErrors(errors);
    return this.dataSource.transaction(async (manager) => {
      await assertRegionExists(manager, input.regionCode);
      // Serialises concurrent openings of the same round, so the second gets a clear DUPLICATE.
      await manager.query(`SELECT pg_advisory_xact_lock(hashtext('demand-survey:' || $1 || ':' || $2))`, [input.regionCode, input.period]);
      if (await manager.getRepository(DemandSurvey).existsBy({ regionCode: input.regionCode, period: input.period })) {
        throw new DomainError('DUPLICATE', `region ${input.regionCode} already has a survey round for ${input.period}`, ['input', 'period']);
      }
      const survey = manager.getRepository(DemandSurvey).create({
        regionCode: input.regionCode,
        period: input.period,
        title: input.title.trim(),
        opensOn: input.opensOn,
        closesOn: input.closesOn,
        closedAt: null,
      });
      await manager.save(survey);
      await recordAudit(manager, actor, 'OPEN_SURVEY', auditSubject('DemandSurvey', survey.id, survey.regionCode), {
        regionCode: survey.regionCode,
        period: survey.period,
        title: survey.title,
        opensOn: survey.opensOn,
        closesOn: survey.closesOn,
      });
      return survey;
    });
  }

  /** ADMIN of a region covering the round closes it now; later submissions to it are refused. */
  async close(principal: Principal, actor: Actor, id: string, today = todayInChina()): Promise<DemandSurvey> {
    return this.dataSource.transaction(async (manager) => {
      const survey = await lockSurvey(manager, id, 'UPDATE');
      if (!survey) throw new NotFoundError('DemandSurvey', id, ['input', 'surveyId']);
      assertRegionInScope(principal, survey.regionCode, ['input', 'surveyId']);
      if (surveyStatus(survey, today) === DemandSurveyStatus.CLOSED) {
        throw new DomainError('ALREADY_CLOSED', `survey ${survey.period} of region ${survey.regionCode} is already closed`, ['input', 'surveyId']);
      }
      const closedAt = new Date();
      await manager.query('UPDATE demand_survey SET closed_at = $2 WHERE id = $1', [id, closedAt]);
      await recordAudit(manager, actor, 'CLOSE_SURVEY', auditSubject('DemandSurvey', id, survey.regionCode), { closedAt: { from: null, to: closedAt.toISOString() } });
      return Object.assign(survey, { closedAt });
    });
  }
}

/** The codes whose regions cover `code`: itself, its prefecture and its province (GB/T 2260 nests by prefix). */
export function coveringCodes(code: string): string[] {
  return [...new Set([code, `${code.slice(0, 4)}00`, `${code.slice(0, 2)}0000`])].filter((c) => regionCovers(c, code));
}

/** Reads a round with a row lock: `SHARE` for submissions (so a close waits for them), `UPDATE` to close it. */
export async function lockSurvey(manager: EntityManager, id: string, mode: 'SHARE' | 'UPDATE'): Promise<DemandSurvey | undefined> {
  const [row] = await manager.query(
    `SELECT id::text AS id, region_code AS "regionCode", period, title, opens_on::text AS "opensOn", closes_on::text AS "closesOn",
            closed_at AS "closedAt", created_at AS "createdAt"
       FROM demand_survey WHERE id = $1 FOR ${mode}`,
    [id],
  );
  return row ? Object.assign(new DemandSurvey(), row) : undefined;
}

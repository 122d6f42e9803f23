import { In, type DataSource } from 'typeorm';
import { regionRange, type Principal } from '../../server/auth';
import { DomainError, DomainErrors } from '../../server/errors';
import { assertRegionInScope } from '../access/scope';
import { auditSubject, diff, recordAudit, type Actor } from '../audit/audit';
import { percentOf } from '../enrollment/training-outcome.service';
import { assertRegionExists } from '../region/region.service';
import { SKILL_LEVELS, SkillLevel, skillRank } from '../skills/skill-level';
import { IndicatorTarget } from './indicator-target.entity';
import { TRAINING_INDICATOR_TERMS, TrainingIndicator } from './training-indicator';

export interface IndicatorFigure {
  indicator: TrainingIndicator;
  label: string;
  actual: number;
  target: IndicatorTarget | null;
  percentOfTarget: string | null;
}

export interface TrainingIndicators {
  regionCode: string;
  from: string;
  until: string;
  figures: IndicatorFigure[];
  /** Subsidy promised to the trainings counted (as quoted at enrolment), yuan with two places. */
  subsidyCommitted: string;
  /** Subsidy claims of the region's courses paid in the period (资金拨付), by the day paid. */
  subsidyPaid: string;
  subsidyRecovered: string;
}

export interface IndicatorTargetInput {
  regionCode: string;
  indicator: TrainingIndicator;
  periodFrom: string;
  periodUntil: string;
  target: number;
  basis?: string | null;
}

const SENIOR_OR_ABOVE = SKILL_LEVELS.filter((level) => skillRank(level) >= skillRank(SkillLevel.SENIOR));

/**
 * The bureau's indicators over a period, counted from the seats held on courses of the region (and
 * every region below it): trainings by the course's start date, certificates by the day the course
 * was finished, employment by its first day. Targets match the region and period exactly.
 */
export class TrainingIndicatorsService {
  constructor(private readonly dataSource: DataSource) {}

  async figures(principal: Principal, regionCode: string, from: string, until: string): Promise<TrainingIndicators> {
    assertRegionInScope(principal, regionCode, ['regionCode']);
    if (until < from) throw new DomainError('BAD_USER_INPUT', `until ${until} is before from ${from}`, ['until']);
    const [low, high] = regionRange(regionCode);
    const [counts]: Record<string, number | string>[] = await this.dataSource.query(
      `SELECT
         count(*) FILTER (WHERE subsidised)::int AS "SUBSIDISED_TRAININGS",
         count(*) FILTER (WHERE subsidised AND 'RURAL_MIGRANT_WORKER' = ANY(groups))::int AS "MIGRANT_WORKER_TRAININGS",
         count(*) FILTER (WHERE subsidised AND training_type = 'NEW_APPRENTICESHIP')::int AS "NEW_APPRENTICE_TRAININGS",
         count(*) FILTER (WHERE certificate_level IS NOT NULL AND finished_on BETWEEN $3 AND $4)::int AS "NEW_CERTIFICATES",
         count(*) FILTER (WHERE certificate_level::text = ANY($5::text[]) AND finished_on BETWEEN $3 AND $4)::int AS "SENIOR_CERTIFICATES",
         count(*) FILTER (WHERE employed_on BETWEEN $3 AND $4)::int AS "EMPLOYED_AFTER_TRAINING",
         coalesce(sum(total_subsidy) FILTER (WHERE subsidised), 0)::numeric(14, 2)::text AS subsidy,
         (SELECT coalesce(sum(amount), 0)::numeric(14, 2)::text FROM subsidy_claim
           WHERE status = 'PAID' AND region_code >= $1 AND region_code < $2 AND paid_on BETWEEN $3 AND $4) AS paid,
         (SELECT coalesce(sum(amount), 0)::numeric(14, 2)::text FROM subsidy_claim
           WHERE recovery_status = 'RECOVERED' AND region_code >= $1 AND region_code < $2 AND recovered_on BETWEEN $3 AND $4) AS recovered
       FROM (
         SELECT e.total_subsidy, e.certificate_level, e.finished_on, e.employed_on, c.training_type, e.trainee_groups::text[] AS groups,
                (c.starts_on BETWEEN $3 AND $4 AND e.total_subsidy > 0) AS subsidised
           FROM enrollment e
           JOIN course c ON c.id = e.course_id
          WHERE e.status = 'ENROLLED' AND c.region_code >= $1 AND c.region_code < $2
            AND (c.starts_on BETWEEN $3 AND $4 OR e.finished_on BETWEEN $3 AND $4 OR e.employed_on BETWEEN $3 AND $4)
       ) seats`,
      [low, high, from, until, SENIOR_OR_ABOVE],
    );
    const targets = await this.dataSource.getRepository(IndicatorTarget).findBy({ regionCode, periodFrom: from, periodUntil: until });
    const figures = Object.values(TrainingIndicator).map((indicator) => {
      const actual = Number(counts[indicator]);
      const target = targets.find((t) => t.indicator === indicator) ?? null;
      return { indicator, label: TRAINING_INDICATOR_TERMS[indicator], actual, target, percentOfTarget: target ? percentOf(actual, target.target) : null };
    });
    return { regionCode, from, until, figures, subsidyCommitted: String(counts.subsidy), subsidyPaid: String(counts.paid), subsidyRecovered: String(counts.recovered) };
  }

  async byIds(ids: readonly string[]): Promise<Map<string, IndicatorTarget>> {
    const numeric = ids.filter((id) => /^\d{1,18}$/.test(id));
    const rows = numeric.length ? await this.dataSource.getRepository(IndicatorTarget).findBy({ id: In(numeric) }) : [];
    return new Map(rows.map((row) => [row.id, row]));
  }

  /** setIndicatorTarget: an ADMIN covering the region sets (or corrects) the target for one indicator and period. */
  async setTarget(principal: Principal, actor: Actor, input: IndicatorTargetInput): Promise<IndicatorTarget> {
    const field = (name: keyof IndicatorTargetInput) => ['input', name];
    if (input.periodUntil < input.periodFrom) {
      throw new DomainErrors([new DomainError('INVALID', `periodUntil ${input.periodUntil} is before periodFrom ${input.periodFrom}`, field('periodUntil'))]);
    }
    assertRegionInScope(principal, input.regionCode, field('regionCode'));
    return this.dataSource.transaction(async (manager) => {
      await assertRegionExists(manager, input.regionCode, field('regionCode'));
      // Two first settings of one target queue here instead of one failing on the unique index.
      await manager.query(`SELECT pg_advisory_xact_lock(hashtext('indicator-target:' || $1 || ':' || $2 || ':' || $3 || ':' || $4))`,
        [input.regionCode, input.indicator, input.periodFrom, input.periodUntil]);
      const repo = manager.getRepository(IndicatorTarget);
      const key = { regionCode: input.regionCode, indicator: input.indicator, periodFrom: input.periodFrom, periodUntil: input.periodUntil };
      const existing = await repo.findOne({ where: key, lock: { mode: 'pessimistic_write' } });
      const values = { target: input.target, basis: input.basis?.trim() || null };
      const changes = existing ? diff({ target: existing.target, basis: existing.basis }, values) : { ...key, ...values };
      if (existing && Object.keys(changes).length === 0) return existing;
      const saved = await repo.save(Object.assign(existing ?? repo.create(key), values));
      await recordAudit(manager, actor, existing ? 'UPDATE' : 'SET', auditSubject('IndicatorTarget', saved.id, saved.regionCode), changes);
      return saved;
    });
  }
}

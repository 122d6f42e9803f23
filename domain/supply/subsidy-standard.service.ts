import type { DataSource, EntityManager } from 'typeorm';
import { regionPrefix, type Principal } from '../../server/auth';
import { DomainError, DomainErrors, NotFoundError } from '../../server/errors';
import { enqueueCourseReindex } from '../../search/courses.index';
import { regionAndAncestors } from '../../search/post-demands.index';
import { assertRegionInScope } from '../access/scope';
import { auditSubject, recordAudit, type Actor } from '../audit/audit';
import type { SkillLevel } from '../skills/skill-level';
import { formatYuan, parseYuan } from './money';
import { addDays } from './subsidy-quote';
import { SubsidyStandard } from './subsidy-standard.entity';
import { SubsidyKind, type CompetitionLevel, type SeekerGroup, type SubsidyUnit, type TrainingType } from './supply-enums';

export interface SubsidyStandardInput {
  regionCode: string;
  kind: SubsidyKind;
  occupationCode?: string | null;
  skillLevel?: SkillLevel | null;
  trainingType?: TrainingType | null;
  seekerGroup?: SeekerGroup | null;
  competitionLevel?: CompetitionLevel | null;
  amount: string;
  unit: SubsidyUnit;
  effectiveFrom: string;
  effectiveUntil?: string | null;
  basis?: string | null;
}

export interface SubsidyStandardFilter {
  /** Standards of this region and of the regions above it: what applies there, inherited ones included. */
  regionCode?: string;
  kind?: SubsidyKind;
  /** Standards for this occupation and those for every occupation. */
  occupationCode?: string;
  /** Standards in force on this day. */
  on?: string;
}

/** What decides which courses a standard applies to. */
export type StandardScope = Pick<SubsidyStandard, 'regionCode' | 'kind' | 'occupationCode' | 'skillLevel' | 'trainingType'>;

/**
 * Queues the search documents of the courses whose quote a standard can change: under its region,
 * of its occupation, level and training type where it names them, on a quote date from `from` to
 * `until` (null: open-ended). The quote date is the start for training subsidies and supplements,
 * the last day for a certificate subsidy (see `quoteSubsidy`). Call inside the writing transaction.
 */
export async function reindexCoursesQuotedBy(manager: EntityManager, scope: StandardScope, from: string, until: string | null): Promise<string[]> {
  // Competition subsidies are paid per finalist, never quoted on a course.
  if (scope.kind === SubsidyKind.COMPETITION) return [];
  const day = scope.kind === SubsidyKind.CERTIFICATE ? 'ends_on' : 'starts_on';
  const rows: { id: string }[] = await manager.query(
    `SELECT id::text AS id FROM course
      WHERE region_code LIKE $1
        AND ($2::text IS NULL OR occupation_code = $2)
        AND ($3::skill_level IS NULL OR skill_level = $3)
        AND ($4::training_type IS NULL OR training_type = $4)
        AND ${day} >= $5::date AND ($6::date IS NULL OR ${day} <= $6::date)`,
    [`${regionPrefix(scope.regionCode)}%`, scope.occupationCode, scope.skillLevel, scope.trainingType, from, until],
  );
  const ids = rows.map((r) => r.id);
  await enqueueCourseReindex(manager, ids);
  return ids;
}

export class SubsidyStandardService {
  constructor(private readonly dataSource: DataSource) {}

  async byIds(ids: readonly string[]): Promise<Map<string, SubsidyStandard>> {
    const numeric = ids.filter((id) => /^\d{1,18}$/.test(id));
    if (numeric.length === 0) return new Map();
    const rows = await this.dataSource.getRepository(SubsidyStandard).createQueryBuilder('s').where('s.id IN (:...ids)', { ids: numeric }).getMany();
    return new Map(rows.map((r) => [r.id, r]));
  }

  async list(filter: SubsidyStandardFilter, offset: number, limit: number): Promise<{ items: SubsidyStandard[]; total: number }> {
    const qb = this.dataSource.getRepository(SubsidyStandard).createQueryBuilder('s');
    if (filter.regionCode) qb.andWhere('s.region_code IN (:...regions)', { regions: regionAndAncestors(filter.regionCode) });
    if (filter.kind) qb.andWhere('s.kind = :kind', { kind: filter.kind });
    if (filter.occupationCode) qb.andWhere('(s.occupation_code = :occupation OR s.occupation_code IS NULL)', { occupation: filter.occupationCode });
    if (filter.on) qb.andWhere('s.effective_from <= :on AND (s.effective_until IS NULL OR s.effective_until >= :on)', { on: filter.on });
    qb.orderBy('s.region_code', 'ASC').addOrderBy('s.kind', 'ASC').addOrderBy('s.effective_from', 'DESC').addOrderBy('s.id', 'DESC');
    const [items, total] = await qb.skip(offset).take(limit).getManyAndCount();
    return { items, total };
  }

  /**
   * setSubsidyStandard: an ADMIN of a region covering `regionCode` puts a standard in force from
   * `effectiveFrom`. Versioning per key (region, kind, occupation, level, training type, group, competition level): a
   * standard of the same key that started earlier and is still in force on `effectiveFrom` is closed
   * the day before; one starting on or after `effectiveFrom` that overlaps the new period is an
   * OVERLAP (change that one instead). Courses whose quote can change are queued for reindexing.
   */
  async set(principal: Principal, actor: Actor, input: SubsidyStandardInput): Promise<SubsidyStandard> {
    const field = (name: keyof SubsidyStandardInput) => ['input', name];
    const errors: DomainError[] = [];
    const amount = parseYuan(input.amount);
    if (amount === null) errors.push(new DomainError('INVALID', 'amount must be a number of yuan ≥ 0 with at most two decimal places', field('amount')));
    const until = input.effectiveUntil ?? null;
    if (until !== null && until < input.effectiveFrom) {
      errors.push(new DomainError('INVALID', `effectiveUntil ${until} is before effectiveFrom ${input.effectiveFrom}`, field('effectiveUntil')));
    }
    const group = input.seekerGroup ?? null;
    if (input.kind === SubsidyKind.GROUP_SUPPLEMENT && group === null) {
      errors.push(new DomainError('INVALID', 'seekerGroup is required for a GROUP_SUPPLEMENT standard', field('seekerGroup')));
    }
    if (input.kind !== SubsidyKind.GROUP_SUPPLEMENT && group !== null) {
      errors.push(new DomainError('INVALID', `seekerGroup is only for GROUP_SUPPLEMENT standards, not ${input.kind}`, field('seekerGroup')));
    }
    const competitionLevel = input.competitionLevel ?? null;
    if ((input.kind === SubsidyKind.COMPETITION) !== (competitionLevel !== null)) {
      errors.push(new DomainError('INVALID', competitionLevel === null ? 'competitionLevel is required for a COMPETITION standard' : `competitionLevel is only for COMPETITION standards, not ${input.kind}`, field('competitionLevel')));
    }
    if (errors.length) throw new DomainErrors(errors);
    assertRegionInScope(principal, input.regionCode, field('regionCode'));

    const values = {
      regionCode: input.regionCode,
      kind: input.kind,
      occupationCode: input.occupationCode ?? null,
      skillLevel: input.skillLevel ?? null,
      trainingType: input.trainingType ?? null,
      seekerGroup: group,
      competitionLevel,
      amount: formatYuan(amount!),
      unit: input.unit,
      effectiveFrom: input.effectiveFrom,
      effectiveUntil: until,
      basis: input.basis?.trim() || null,
    };
    return this.dataSource.transaction(async (manager) => {
      const [known] = await manager.query(
        `SELECT EXISTS (SELECT 1 FROM region WHERE code = $1) AS region,
                ($2::text IS NULL OR EXISTS (SELECT 1 FROM occupation WHERE code = $2)) AS occupation`,
        [values.regionCode, values.occupationCode],
      );
      const missing: DomainError[] = [];
      if (!known.region) missing.push(new NotFoundError('Region', values.regionCode, field('regionCode')));
      if (!known.occupation) missing.push(new NotFoundError('Occupation', values.occupationCode!, field('occupationCode')));
      if (missing.length) throw new DomainErrors(missing);

      const key = [values.regionCode, values.kind, values.occupationCode, values.skillLevel, values.trainingType, values.seekerGroup, values.competitionLevel];
      // Two requests for the same key would each see no overlap and both insert.
      await manager.query(`SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`, [`subsidy_standard:${key.join('|')}`]);
      const overlapping: { id: string; effective_from: string; effective_until: string | null }[] = await manager.query(
        `SELECT id::text AS id, effective_from::text AS effective_from, effective_until::text AS effective_until
           FROM subsidy_standard
          WHERE region_code = $1 AND kind = $2::subsidy_kind AND occupation_code IS NOT DISTINCT FROM $3::text
            AND skill_level IS NOT DISTINCT FROM $4::skill_level AND training_type IS NOT DISTINCT FROM $5::training_type
            AND seeker_group IS NOT DISTINCT FROM $6::seeker_group AND competition_level IS NOT DISTINCT FROM $7::competition_level
            AND (effective_until IS NULL OR effective_until >= $8::date) AND ($9::date IS NULL OR effective_from <= $9::date)
          ORDER BY effective_from, id`,
        [...key, values.effectiveFrom, values.effectiveUntil],
      );
      const later = overlapping.find((s) => s.effective_from >= values.effectiveFrom);
      if (later) {
        throw new DomainError(
          'OVERLAP',
          `standard ${later.id} of the same region, kind, occupation, level, training type, group and competition level is in force from ${later.effective_from}` +
            ` ${later.effective_until ? `to ${later.effective_until}` : 'with no end'}, overlapping the new one: change its dates instead`,
          field('effectiveFrom'),
        );
      }
      const closedOn = addDays(values.effectiveFrom, -1);
      if (overlapping.length) {
        await manager.query(`UPDATE subsidy_standard SET effective_until = $1::date WHERE id = ANY($2::bigint[])`, [closedOn, overlapping.map((s) => s.id)]);
      }
      const standard = await manager.getRepository(SubsidyStandard).save(manager.getRepository(SubsidyStandard).create(values));
      for (const closed of overlapping) {
        await recordAudit(manager, actor, 'CLOSE', auditSubject('SubsidyStandard', closed.id, standard.regionCode), {
          effectiveUntil: { from: closed.effective_until, to: closedOn },
          supersededBy: standard.id,
        });
      }
      await recordAudit(manager, actor, 'SET', auditSubject('SubsidyStandard', standard.id, standard.regionCode), { ...values, closed: overlapping.map((s) => s.id) });
      // Quotes change from the new start up to where the new standard or a closed one would have ended.
      const ends = [values.effectiveUntil, ...overlapping.map((s) => s.effective_until)];
      const reach = ends.includes(null) ? null : (ends as string[]).reduce((a, b) => (a > b ? a : b));
      await reindexCoursesQuotedBy(manager, values, values.effectiveFrom, reach);
      return standard;
    });
  }
}

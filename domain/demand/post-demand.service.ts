import type { DataSource, EntityManager, SelectQueryBuilder } from 'typeorm';
import { POST_DEMANDS_INDEX, postDemandDocumentId, validUntilNumber } from '../../search/post-demands.index';
import type { SearchEngine } from '../../search/engine';
import { enqueueReindex } from '../../search/outbox';
import { Role, regionCovers, regionPrefix, type Principal } from '../../server/auth';
import { DomainError, DomainErrors, NotFoundError, forbidden } from '../../server/errors';
import type { Logger } from '../../server/logger';
import { assertCanActForEnterprise, assertRegionInScope } from '../access/scope';
import { auditSubject, diff, recordAudit, type Actor } from '../audit/audit';
import { Enterprise } from '../enterprise/enterprise.entity';
import { skillRank, type SkillLevel } from '../skills/skill-level';
import { recordPostDemandChanges } from './change-feed';
import { PostDemandChangeKind } from './post-demand-change.entity';
import { checkPostDemandFields, loadReferenceData, todayInChina, type PostDemandFields } from './post-demand-rules';
import { PostDemand, PostDemandStatus } from './post-demand.entity';
import { DemandSurveyStatus, lockSurvey, surveyStatus } from './survey.service';
import { markDegraded } from '../../server/request-store';

export interface SubmitPostDemandInput extends PostDemandFields {
  enterpriseId: string;
  surveyId?: string | null;
}

/** Every field may be left out; `tasks: null` clears the tasks, `surveyId: null` takes the line out of its round. */
export type UpdatePostDemandPatch = Partial<PostDemandFields> & { surveyId?: string | null };

export interface PostDemandFilter {
  /** This region and every region below it. */
  regionCode?: string;
  occupationCode?: string;
  /** Defaults to OPEN: withdrawn, filled and expired lines are listed only when asked for. */
  status?: PostDemandStatus;
  enterpriseId?: string;
  chainId?: string;
  minSkillLevel?: SkillLevel;
  surveyId?: string;
}

export interface PostDemandPage {
  items: PostDemand[];
  total: number;
  /** True when a full-text query was answered by PostgreSQL because Meilisearch was unreachable. */
  degraded?: boolean;
}

/** What the caller may read: lines at or below `regionCode`, and only `enterpriseId`'s when set. */
interface ReadScope {
  regionCode?: string;
  enterpriseId?: string;
}

const FIELDS: (keyof PostDemandFields)[] = ['occupationCode', 'jobTitle', 'headcount', 'skillLevel', 'wageMin', 'wageMax', 'regionCode', 'tasks', 'validUntil'];

/** `"8000"`, `"8000.5"` → `"8000.00"`, `"8000.50"`: stored and compared with two places. Input already checked. */
export function normalizeMoney(value: string): string {
  const [whole, fraction = ''] = value.split('.');
  return `${BigInt(whole).toString()}.${fraction.padEnd(2, '0')}`;
}

/** A line's status as people see it: an OPEN line past its valid-until date is EXPIRED, even before the expiry job ran. */
export function effectiveStatus(line: Pick<PostDemand, 'status' | 'validUntil'>, today = todayInChina()): PostDemandStatus {
  return line.status === PostDemandStatus.OPEN && line.validUntil < today ? PostDemandStatus.EXPIRED : line.status;
}

/** The more specific of two regions when one covers the other; null when they do not overlap. */
export function intersectRegions(a: string | undefined, b: string | undefined): string | undefined | null {
  if (!a) return b;
  if (!b) return a;
  if (regionCovers(a, b)) return b;
  if (regionCovers(b, a)) return a;
  return null;
}

export class PostDemandService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly search: SearchEngine,
    private readonly log: Logger,
  ) {}

  async byIds(ids: readonly string[]): Promise<Map<string, PostDemand>> {
    const rows = await this.dataSource.getRepository(PostDemand).createQueryBuilder('pd').where('pd.id IN (:...ids)', { ids }).getMany();
    return new Map(rows.map((r) => [r.id, r]));
  }

  /** One line when the caller may read it, else undefined (no difference between "missing" and "not yours"). */
  async readable(principal: Principal, id: string): Promise<PostDemand | undefined> {
    const line = await this.dataSource.getRepository(PostDemand).findOneBy({ id });
    return line && canRead(principal, line) ? line : undefined;
  }

  /**
   * Lines the caller may read that match the filter. With a query, Meilisearch ranks by relevance
   * over job title, tasks, occupation name and aliases and enterprise name; the page it returns is
   * re-checked against PostgreSQL, so a change not yet indexed never shows a line that no longer
   * matches. Without a query, PostgreSQL answers, newest first.
   */
  async find(principal: Principal, query: string | undefined, filter: PostDemandFilter, offset: number, limit: number, today = todayInChina()): Promise<PostDemandPage> {
    const scope = readScope(principal, filter);
    if (!scope) return { items: [], total: 0 };
    const text = query?.trim();
    if (text) {
      try {
        return await this.findBySearch(text, scope, filter, offset, limit, today);
      } catch (err) {
        this.log.warn('post-demand search unavailable, answering from PostgreSQL', { err });
        markDegraded();
        return { ...(await this.findInDatabase(text, scope, filter, offset, limit, today)), degraded: true };
      }
    }
    return this.findInDatabase(undefined, scope, filter, offset, limit, today);
  }

  private async findBySearch(text: string, scope: ReadScope, filter: PostDemandFilter, offset: number, limit: number, today: string): Promise<PostDemandPage> {
    const conditions = await this.searchFilter(scope, filter, today);
    if (!conditions) return { items: [], total: 0 };
    const result = await this.search.search<{ id: string }>(POST_DEMANDS_INDEX, {
      q: text,
      filter: conditions,
      offset,
      limit,
      attributesToRetrieve: ['id'],
    });
    const ids = result.hits.map((h) => h.id);
    if (ids.length === 0) return { items: [], total: result.estimatedTotalHits ?? 0 };
    const qb = this.dataSource.getRepository(PostDemand).createQueryBuilder('pd').where('pd.id IN (:...ids)', { ids });
    applyFilter(qb, scope, filter, today);
    const rows = new Map((await qb.getMany()).map((r) => [r.id, r]));
    const items = ids.map((id) => rows.get(id)).filter((r): r is PostDemand => r !== undefined);
    return { items, total: result.estimatedTotalHits ?? items.length };
  }

  private async findInDatabase(text: string | undefined, scope: ReadScope, filter: PostDemandFilter, offset: number, limit: number, today: string): Promise<PostDemandPage> {
    const qb = this.dataSource.getRepository(PostDemand).createQueryBuilder('pd');
    applyFilter(qb, scope, filter, today);
    if (text) {
      const like = `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      qb.andWhere(
        `(pd.job_title ILIKE :like OR pd.tasks ILIKE :like
          OR EXISTS (SELECT 1 FROM occupation o WHERE o.code = pd.occupation_code
                      AND (o.name ILIKE :like OR EXISTS (SELECT 1 FROM unnest(o.aliases) a WHERE a ILIKE :like)))
          OR EXISTS (SELECT 1 FROM enterprise e WHERE e.id = pd.enterprise_id AND e.name ILIKE :like))`,
        { like },
      );
    }
    qb.orderBy('pd.id', 'DESC');
    const [items, total] = await qb.skip(offset).take(limit).getManyAndCount();
    return { items, total };
  }

  /** The Meilisearch form of the filter; null when it can match nothing. */
  private async searchFilter(scope: ReadScope, filter: PostDemandFilter, today: string): Promise<string[] | null> {
    const q = JSON.stringify;
    const parts: string[] = [];
    if (scope.regionCode) parts.push(`regionCodes = ${q(scope.regionCode)}`);
    if (scope.enterpriseId) parts.push(`enterpriseId = ${q(scope.enterpriseId)}`);
    if (filter.enterpriseId) parts.push(`enterpriseId = ${q(filter.enterpriseId)}`);
    if (filter.occupationCode) parts.push(`occupationCode = ${q(filter.occupationCode)}`);
    if (filter.minSkillLevel) parts.push(`skillRank >= ${skillRank(filter.minSkillLevel)}`);
    if (filter.surveyId) parts.push(`surveyId = ${q(filter.surveyId)}`);
    if (filter.chainId) {
      const members = await chainEnterpriseIds(this.dataSource.manager, filter.chainId);
      if (members.length === 0) return null;
      parts.push(`enterpriseId IN [${members.map((m) => q(m)).join(', ')}]`);
    }
    const day = validUntilNumber(today);
    const status = filter.status ?? PostDemandStatus.OPEN;
    if (status === PostDemandStatus.OPEN) parts.push(`status = "OPEN" AND validUntil >= ${day}`);
    else if (status === PostDemandStatus.EXPIRED) parts.push(`(status = "EXPIRED" OR (status = "OPEN" AND validUntil < ${day}))`);
    else parts.push(`status = ${q(status)}`);
    return parts;
  }

  /** The enterprise itself, or an ADMIN of a region covering it and the line's region, submits a line. */
  async submit(principal: Principal, actor: Actor, input: SubmitPostDemandInput, today = todayInChina()): Promise<PostDemand> {
    return this.dataSource.transaction(async (manager) => {
      const enterprise = await manager.getRepository(Enterprise).findOneBy({ id: input.enterpriseId });
      if (!enterprise) throw new NotFoundError('Enterprise', input.enterpriseId, ['input', 'enterpriseId']);
      assertCanActForEnterprise(principal, enterprise, ['input', 'enterpriseId']);
      const reference = await loadReferenceData(manager, [input.occupationCode], [input.regionCode], today);
      const { errors, occupationCode } = checkPostDemandFields(input, reference, ['input'], writeScope(principal));
      if (input.surveyId) errors.push(...(await surveyProblems(manager, input.surveyId, input.regionCode, today, true)));
      if (errors.length) throw new DomainErrors(errors);

      const line = manager.getRepository(PostDemand).create({
        enterpriseId: enterprise.id,
        surveyId: input.surveyId ?? null,
        occupationCode,
        jobTitle: input.jobTitle.trim(),
        headcount: input.headcount,
        skillLevel: input.skillLevel,
        wageMin: normalizeMoney(input.wageMin),
        wageMax: normalizeMoney(input.wageMax),
        regionCode: input.regionCode,
        tasks: input.tasks?.trim() || null,
        validUntil: input.validUntil,
        status: PostDemandStatus.OPEN,
        source: null,
        externalId: null,
        sourceUpdatedAt: null,
      });
      await manager.save(line);
      await recordPostDemandChanges(manager, [{ postDemandId: line.id, kind: PostDemandChangeKind.CREATED, source: null }]);
      await enqueueReindex(manager, POST_DEMANDS_INDEX, [postDemandDocumentId(line.id)]);
      await recordAudit(manager, actor, 'SUBMIT', auditSubject('PostDemand', line.id, line.regionCode), {
        enterpriseId: line.enterpriseId,
        surveyId: line.surveyId,
        ...Object.fromEntries(FIELDS.map((f) => [f, line[f]])),
        ...(occupationCode !== input.occupationCode ? { submittedOccupationCode: input.occupationCode } : {}),
      });
      return line;
    });
  }

  /** Changes any of the fields of an OPEN line; every rule of a submission holds for the result. */
  async update(principal: Principal, actor: Actor, id: string, patch: UpdatePostDemandPatch, today = todayInChina()): Promise<PostDemand> {
    return this.dataSource.transaction(async (manager) => {
      const line = await this.lockForWriting(manager, principal, id);
      const current = effectiveStatus(line, today);
      if (current !== PostDemandStatus.OPEN) {
        throw new DomainError('NOT_OPEN', `post demand ${id} is ${current} and can no longer be changed`, ['input', 'postDemandId']);
      }
      const given = Object.fromEntries(FIELDS.filter((f) => f === 'tasks' ? patch.tasks !== undefined : patch[f] != null).map((f) => [f, patch[f]]));
      const merged: PostDemandFields = { ...pick(line), ...given };
      const reference = await loadReferenceData(manager, [merged.occupationCode], [merged.regionCode], today);
      const { errors, occupationCode } = checkPostDemandFields(merged, reference, ['input'], writeScope(principal));
      const surveyChanges = patch.surveyId !== undefined && patch.surveyId !== line.surveyId;
      const surveyId = surveyChanges ? patch.surveyId ?? null : line.surveyId;
      if (surveyId && (surveyChanges || merged.regionCode !== line.regionCode)) {
        errors.push(...(await surveyProblems(manager, surveyId, merged.regionCode, today, surveyChanges)));
      }
      if (errors.length) throw new DomainErrors(errors);

      const after = {
        ...merged,
        occupationCode,
        jobTitle: merged.jobTitle.trim(),
        wageMin: normalizeMoney(merged.wageMin),
        wageMax: normalizeMoney(merged.wageMax),
        tasks: merged.tasks?.trim() || null,
        surveyId,
      };
      const changes = diff({ ...pick(line), surveyId: line.surveyId }, after);
      if (Object.keys(changes).length === 0) return line;
      const subject = auditSubject('PostDemand', line.id, line.regionCode, after.regionCode);
      Object.assign(line, after);
      await manager.save(line);
      await recordPostDemandChanges(manager, [{ postDemandId: line.id, kind: PostDemandChangeKind.UPDATED, source: null }]);
      await enqueueReindex(manager, POST_DEMANDS_INDEX, [postDemandDocumentId(line.id)]);
      await recordAudit(manager, actor, 'UPDATE', subject, changes);
      return line;
    });
  }

  /** Takes a line out of open demand; it stays readable as WITHDRAWN. Withdrawing twice changes nothing. */
  async withdraw(principal: Principal, actor: Actor, id: string, today = todayInChina()): Promise<PostDemand> {
    return this.dataSource.transaction(async (manager) => {
      const line = await this.lockForWriting(manager, principal, id);
      if (line.status === PostDemandStatus.WITHDRAWN) return line;
      const current = effectiveStatus(line, today);
      if (current !== PostDemandStatus.OPEN) {
        throw new DomainError('NOT_OPEN', `post demand ${id} is ${current} and cannot be withdrawn`, ['input', 'postDemandId']);
      }
      line.status = PostDemandStatus.WITHDRAWN;
      await manager.save(line);
      await recordPostDemandChanges(manager, [{ postDemandId: line.id, kind: PostDemandChangeKind.WITHDRAWN, source: null }]);
      await enqueueReindex(manager, POST_DEMANDS_INDEX, [postDemandDocumentId(line.id)]);
      await recordAudit(manager, actor, 'WITHDRAW', auditSubject('PostDemand', line.id, line.regionCode), { status: { from: PostDemandStatus.OPEN, to: PostDemandStatus.WITHDRAWN } });
      return line;
    });
  }

  /** The line, locked, when the caller may write it; NOT_FOUND or FORBIDDEN on `postDemandId` otherwise. */
  private async lockForWriting(manager: EntityManager, principal: Principal, id: string): Promise<PostDemand> {
    const line = await manager.getRepository(PostDemand).findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
    if (!line) throw new NotFoundError('PostDemand', id, ['input', 'postDemandId']);
    const enterprise = await manager.getRepository(Enterprise).findOneByOrFail({ id: line.enterpriseId });
    assertCanActForEnterprise(principal, enterprise, ['input', 'postDemandId']);
    if (principal.role === Role.ADMIN) assertRegionInScope(principal, line.regionCode, ['input', 'postDemandId']);
    return line;
  }
}

function pick(line: PostDemand): PostDemandFields {
  return Object.fromEntries(FIELDS.map((f) => [f, line[f]])) as unknown as PostDemandFields;
}

/** The region an ADMIN may write lines in; an enterprise may post lines anywhere. */
function writeScope(principal: Principal): string | undefined {
  return principal.role === Role.ADMIN ? principal.regionCode : undefined;
}

/**
 * Staff read lines in their region; an enterprise reads its own. Null when the filter cannot
 * overlap what the caller may see.
 */
function readScope(principal: Principal, filter: PostDemandFilter): ReadScope | null {
  switch (principal.role) {
    case Role.ADMIN:
    case Role.COUNSELLOR:
    case Role.AGENCY: {
      if (!principal.regionCode) throw forbidden(`${principal.role} token carries no region`);
      const regionCode = intersectRegions(principal.regionCode, filter.regionCode);
      return regionCode === null ? null : { regionCode };
    }
    case Role.ENTERPRISE:
      if (!principal.enterpriseId) throw forbidden('ENTERPRISE token carries no enterprise');
      return { regionCode: filter.regionCode, enterpriseId: principal.enterpriseId };
    default:
      throw forbidden(`${principal.role} may not read post demand`);
  }
}

export function canRead(principal: Principal, line: Pick<PostDemand, 'enterpriseId' | 'regionCode'>): boolean {
  switch (principal.role) {
    case Role.ADMIN:
    case Role.COUNSELLOR:
    case Role.AGENCY:
      return !!principal.regionCode && regionCovers(principal.regionCode, line.regionCode);
    case Role.ENTERPRISE:
      return !!principal.enterpriseId && principal.enterpriseId === line.enterpriseId;
    default:
      return false;
  }
}

/** The status condition over alias `pd`, with `:today`; OPEN unless another status is asked for. */
function statusCondition(status: PostDemandStatus | undefined): string {
  switch (status ?? PostDemandStatus.OPEN) {
    case PostDemandStatus.OPEN:
      return `pd.status = 'OPEN' AND pd.valid_until >= :today`;
    case PostDemandStatus.EXPIRED:
      return `(pd.status = 'EXPIRED' OR (pd.status = 'OPEN' AND pd.valid_until < :today))`;
    default:
      return 'pd.status = :status';
  }
}

function applyFilter(qb: SelectQueryBuilder<PostDemand>, scope: ReadScope, filter: PostDemandFilter, today: string): void {
  if (scope.regionCode) qb.andWhere('pd.region_code LIKE :regionPrefix', { regionPrefix: `${regionPrefix(scope.regionCode)}%` });
  if (scope.enterpriseId) qb.andWhere('pd.enterprise_id = :scopeEnterpriseId', { scopeEnterpriseId: scope.enterpriseId });
  if (filter.enterpriseId) qb.andWhere('pd.enterprise_id = :enterpriseId', { enterpriseId: filter.enterpriseId });
  if (filter.occupationCode) qb.andWhere('pd.occupation_code = :occupationCode', { occupationCode: filter.occupationCode });
  if (filter.minSkillLevel) qb.andWhere('pd.skill_level >= :minSkillLevel', { minSkillLevel: filter.minSkillLevel });
  if (filter.surveyId) qb.andWhere('pd.survey_id = :surveyId', { surveyId: filter.surveyId });
  if (filter.chainId) {
    qb.andWhere(
      `pd.enterprise_id IN (SELECT m.enterprise_id FROM skill_chain_member m WHERE m.chain_id = :chainId AND m.enterprise_id IS NOT NULL
                            UNION SELECT c.leader_enterprise_id FROM skill_chain c WHERE c.id = :chainId)`,
      { chainId: filter.chainId },
    );
  }
  qb.andWhere(statusCondition(filter.status), { today, status: filter.status });
}

/** Enterprises in a skill chain: its members registered on the platform, and its leader. */
async function chainEnterpriseIds(manager: EntityManager, chainId: string): Promise<string[]> {
  const rows: { id: string }[] = await manager.query(
    `SELECT m.enterprise_id::text AS id FROM skill_chain_member m WHERE m.chain_id = $1 AND m.enterprise_id IS NOT NULL
     UNION SELECT c.leader_enterprise_id::text FROM skill_chain c WHERE c.id = $1`,
    [chainId],
  );
  return rows.map((r) => r.id);
}

/** Why a line may not be (or stay) in a survey round, as errors on `surveyId`. Locks the round against a concurrent close. */
async function surveyProblems(manager: EntityManager, surveyId: string, regionCode: string, today: string, mustBeOpen: boolean): Promise<DomainError[]> {
  const field = ['input', 'surveyId'];
  const survey = await lockSurvey(manager, surveyId, 'SHARE');
  if (!survey) return [new NotFoundError('DemandSurvey', surveyId, field)];
  const problems: DomainError[] = [];
  const status = surveyStatus(survey, today);
  if (mustBeOpen && status === DemandSurveyStatus.CLOSED) {
    problems.push(new DomainError('SURVEY_CLOSED', `survey round ${survey.period} of region ${survey.regionCode} is closed`, field));
  } else if (mustBeOpen && status === DemandSurveyStatus.SCHEDULED) {
    problems.push(new DomainError('SURVEY_NOT_OPEN', `survey round ${survey.period} of region ${survey.regionCode} opens on ${survey.opensOn}`, field));
  }
  if (/^\d{6}$/.test(regionCode) && !regionCovers(survey.regionCode, regionCode)) {
    problems.push(new DomainError('OUTSIDE_SURVEY_REGION', `survey round ${survey.period} is for region ${survey.regionCode}, not ${regionCode}`, field));
  }
  return problems;
}

const EXPIRY_ACTOR: Actor = { subject: 'system:expiry', role: 'SYSTEM' };

/**
 * Moves OPEN lines whose valid-until date has passed (in China's calendar) to EXPIRED, with their
 * change-feed, outbox and audit rows, in one transaction per batch. Safe to run on every instance
 * at once: rows another run holds are skipped. Returns how many lines expired.
 */
export async function expirePostDemands(dataSource: DataSource, today = todayInChina(), batchSize = 5000): Promise<number> {
  let total = 0;
  for (;;) {
    const expired = await dataSource.transaction(async (manager) => {
      const rows: { id: string }[] = await manager.query(
        `WITH due AS (
           SELECT id FROM post_demand WHERE status = 'OPEN' AND valid_until < $1::date
            ORDER BY id LIMIT $2 FOR UPDATE SKIP LOCKED),
         expired AS (
           UPDATE post_demand pd SET status = 'EXPIRED', updated_at = now(), version = pd.version + 1
             FROM due WHERE pd.id = due.id
           RETURNING pd.id)
         SELECT id::text AS id FROM expired ORDER BY expired.id`,
        [today, batchSize],
      );
      const ids = rows.map((r) => r.id);
      if (ids.length === 0) return 0;
      await recordPostDemandChanges(manager, ids.map((postDemandId) => ({ postDemandId, kind: PostDemandChangeKind.EXPIRED, source: null })));
      await enqueueReindex(manager, POST_DEMANDS_INDEX, ids.map(postDemandDocumentId));
      await manager.query(
        `INSERT INTO audit_entry (actor, actor_role, action, entity_type, entity_id, changes)
         SELECT $1, $2, 'EXPIRE', 'PostDemand', unnest($3::text[]), $4::jsonb`,
        [EXPIRY_ACTOR.subject, EXPIRY_ACTOR.role, ids, JSON.stringify({ status: { from: 'OPEN', to: 'EXPIRED' }, today })],
      );
      return ids.length;
    });
    total += expired;
    if (expired < batchSize) return total;
  }
}

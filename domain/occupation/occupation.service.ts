import type { DataSource } from 'typeorm';
import type { Logger } from '../../server/logger';
import type { SearchEngine } from '../../search/engine';
import { enqueueReindex } from '../../search/outbox';
import { reindexCoursesOf } from '../../search/courses.index';
import { reindexPostDemandsOf } from '../../search/post-demands.index';
import { OCCUPATIONS_INDEX, occupationDocumentId, type OccupationDocument } from '../../search/occupations.index';
import { DomainError, NotFoundError } from '../../server/errors';
import { auditSubject, diff, recordAudit, type Actor } from '../audit/audit';
import { Occupation } from './occupation.entity';
import { markDegraded } from '../../server/request-store';

export interface OccupationFilter {
  majorGroup?: number;
  isDigital?: boolean;
  isGreen?: boolean;
  includeMajorGroups?: boolean;
}

export interface Page<T> {
  items: T[];
  total: number;
  /** True when the answer came from PostgreSQL because search was unreachable. */
  degraded?: boolean;
}

export class OccupationService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly search: SearchEngine,
    private readonly log: Logger,
  ) {}

  /** On every typeahead request, so plain SQL: the query builder costs more CPU than the query. */
  async byCodes(codes: readonly string[]): Promise<Map<string, Occupation>> {
    const rows: Occupation[] = await this.dataSource.query(
      `SELECT code, name, major_group AS "majorGroup", is_digital AS "isDigital", is_green AS "isGreen",
              definition, tasks, aliases, source, updated_at AS "updatedAt"
         FROM occupation WHERE code = ANY($1::text[])`,
      [codes],
    );
    return new Map(rows.map((r) => [r.code, Object.assign(new Occupation(), r)]));
  }

  /**
   * Codes of the occupations matching, best first. With a query: Meilisearch (names, aliases as
   * synonyms, definitions); if it is unreachable, a plainer PostgreSQL match so typeahead keeps working.
   * Without a query: the classification order.
   */
  async find(query: string | undefined, filter: OccupationFilter, offset: number, limit: number): Promise<Page<string>> {
    const text = query?.trim();
    if (text) {
      try {
        const result = await this.search.search<Pick<OccupationDocument, 'code'>>(OCCUPATIONS_INDEX, {
          q: text,
          filter: meiliFilter(filter),
          offset,
          limit,
          attributesToRetrieve: ['code'],
        });
        return { items: result.hits.map((h) => h.code), total: result.estimatedTotalHits ?? result.hits.length };
      } catch (err) {
        this.log.warn('occupation search unavailable, answering from PostgreSQL', { err });
        markDegraded();
        return { ...(await this.findInDatabase(text, filter, offset, limit)), degraded: true };
      }
    }
    return this.findInDatabase(undefined, filter, offset, limit);
  }

  private async findInDatabase(text: string | undefined, filter: OccupationFilter, offset: number, limit: number): Promise<Page<string>> {
    const qb = this.dataSource.getRepository(Occupation).createQueryBuilder('o').select('o.code', 'code');
    if (!filter.includeMajorGroups) qb.andWhere(`o.code NOT LIKE '%-00-00-00'`);
    if (filter.majorGroup !== undefined) qb.andWhere('o.major_group = :majorGroup', { majorGroup: filter.majorGroup });
    if (filter.isDigital !== undefined) qb.andWhere('coalesce(o.is_digital, false) = :isDigital', { isDigital: filter.isDigital });
    if (filter.isGreen !== undefined) qb.andWhere('coalesce(o.is_green, false) = :isGreen', { isGreen: filter.isGreen });
    if (text) {
      const like = `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      qb.andWhere(`(o.name ILIKE :like OR o.code LIKE :like OR EXISTS (SELECT 1 FROM unnest(o.aliases) a WHERE a ILIKE :like))`, { like })
        .orderBy(`(o.name = :text OR :text = ANY(o.aliases))`, 'DESC')
        .addOrderBy('length(o.name)', 'ASC')
        .setParameter('text', text);
    }
    qb.addOrderBy('o.code', 'ASC');
    const [rows, total] = await Promise.all([qb.clone().offset(offset).limit(limit).getRawMany<{ code: string }>(), qb.getCount()]);
    return { items: rows.map((r) => r.code), total };
  }

  async setAliases(actor: Actor, code: string, aliases: string[]): Promise<Occupation> {
    const cleaned = [...new Set(aliases.map((a) => a.trim()).filter((a) => a !== ''))];
    return this.dataSource.transaction(async (manager) => {
      const repo = manager.getRepository(Occupation);
      const occupation = await repo.findOne({ where: { code }, lock: { mode: 'pessimistic_write' } });
      if (!occupation) throw new NotFoundError('Occupation', code, ['input', 'code']);
      if (cleaned.includes(occupation.name)) {
        throw new DomainError('ALIAS_IS_NAME', `"${occupation.name}" is the official name, not an alias`, ['input', 'aliases']);
      }
      const changes = diff(occupation, { aliases: cleaned });
      if (Object.keys(changes).length === 0) return occupation;
      occupation.aliases = cleaned;
      await repo.save(occupation);
      await enqueueReindex(manager, OCCUPATIONS_INDEX, [occupationDocumentId(code)]);
      await reindexPostDemandsOf(manager, { occupationCodes: [code] });
      await reindexCoursesOf(manager, { occupationCodes: [code] });
      await recordAudit(manager, actor, 'SET_ALIASES', auditSubject('Occupation', code), changes);
      return occupation;
    });
  }
}

function meiliFilter(filter: OccupationFilter): string[] {
  const parts: string[] = [];
  if (!filter.includeMajorGroups) parts.push('isMajorGroup = false');
  if (filter.majorGroup !== undefined) parts.push(`majorGroup = ${Number(filter.majorGroup)}`);
  if (filter.isDigital !== undefined) parts.push(`isDigital = ${filter.isDigital}`);
  if (filter.isGreen !== undefined) parts.push(`isGreen = ${filter.isGreen}`);
  return parts;
}

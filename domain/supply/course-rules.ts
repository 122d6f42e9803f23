import type { EntityManager } from 'typeorm';
import { regionCovers } from '../../server/auth';
import { DomainError, NotFoundError } from '../../server/errors';
import { effectiveStatus } from '../demand/post-demand.service';
import { PostDemandStatus } from '../demand/post-demand.entity';
import { OCCUPATION_CODE } from '../occupation/occupation.entity';
import { REGION_CODE } from '../region/region.entity';
import type { SkillLevel } from '../skills/skill-level';
import { formatYuan, parseYuan } from './money';
import { SeekerGroup, type CourseMode, type TrainingType } from './supply-enums';

/** The fields a provider writes on a course, on creation and (each optional) on update. */
export interface CourseFields {
  title: string;
  occupationCode: string;
  skillLevel: SkillLevel;
  trainingType: TrainingType;
  mode: CourseMode;
  hours: number;
  startsOn: string;
  endsOn: string;
  regionCode: string;
  address?: string | null;
  capacity: number;
  fee: string;
  eligibleGroups: SeekerGroup[];
  certificate?: string | null;
  description?: string | null;
}

export const MAX_TITLE = 200;
export const MAX_HOURS = 10_000;
export const MAX_CAPACITY = 100_000;

/** What the rules need from the database, loaded once per write. */
export interface CourseReference {
  /** Detailed occupations (not major groups) of the 2022 classification among those asked for. */
  occupations: Set<string>;
  regions: Set<string>;
  today: string;
}

export async function loadCourseReference(manager: EntityManager, occupationCode: string, regionCode: string, today: string): Promise<CourseReference> {
  const [occupations, regions]: [{ code: string }[], { code: string }[]] = await Promise.all([
    manager.query(`SELECT code FROM occupation WHERE code = $1 AND code NOT LIKE '%-00-00-00'`, [occupationCode]),
    manager.query('SELECT code FROM region WHERE code = $1', [regionCode]),
  ]);
  return { occupations: new Set(occupations.map((r) => r.code)), regions: new Set(regions.map((r) => r.code.trim())), today };
}

export interface CourseCheckOptions {
  /** Path of the input object, e.g. ['input']. */
  path: string[];
  /** The region an ADMIN may put courses in, when the region is being set; undefined otherwise. */
  scopeRegion?: string;
  /** Seats already taken: capacity may not drop below them. */
  enrolled: number;
  /** Whether the start date is being set (creation, or a changed date): it may then not be in the past. */
  startIsNew: boolean;
}

const blankToNull = (text: string | null | undefined) => text?.trim() || null;

/**
 * Every problem with a course's fields at once, each naming its field; and the values to store
 * (trimmed text, the fee with two places, groups once each in their enum order).
 */
export function checkCourseFields(fields: CourseFields, reference: CourseReference, options: CourseCheckOptions): { errors: DomainError[]; values: CourseFields } {
  const errors: DomainError[] = [];
  const problem = (field: keyof CourseFields, code: string, message: string) => errors.push(new DomainError(code, message, [...options.path, field]));

  const title = fields.title.trim();
  if (title.length === 0 || title.length > MAX_TITLE) problem('title', 'INVALID', `title must have 1 to ${MAX_TITLE} characters`);
  if (!OCCUPATION_CODE.test(fields.occupationCode)) problem('occupationCode', 'INVALID', 'occupationCode must look like 4-04-05-05 (2022 classification)');
  else if (!reference.occupations.has(fields.occupationCode)) {
    problem('occupationCode', 'NOT_FOUND', `occupation ${fields.occupationCode} is not a detailed occupation of the 2022 classification`);
  }
  if (!Number.isInteger(fields.hours) || fields.hours < 1 || fields.hours > MAX_HOURS) {
    problem('hours', 'INVALID', `hours must be a whole number from 1 to ${MAX_HOURS.toLocaleString('en')}`);
  }
  if (options.startIsNew && fields.startsOn < reference.today) problem('startsOn', 'IN_THE_PAST', `startsOn ${fields.startsOn} is before today (${reference.today})`);
  if (fields.endsOn < fields.startsOn) problem('endsOn', 'INVALID', `endsOn ${fields.endsOn} is before startsOn ${fields.startsOn}`);
  if (!REGION_CODE.test(fields.regionCode)) problem('regionCode', 'INVALID', 'regionCode must be a six-digit GB/T 2260 code');
  else if (!reference.regions.has(fields.regionCode)) problem('regionCode', 'NOT_FOUND', `region ${fields.regionCode} does not exist`);
  else if (options.scopeRegion && !regionCovers(options.scopeRegion, fields.regionCode)) {
    problem('regionCode', 'FORBIDDEN', `region ${fields.regionCode} is outside your region ${options.scopeRegion}`);
  }
  if (!Number.isInteger(fields.capacity) || fields.capacity < 1 || fields.capacity > MAX_CAPACITY) {
    problem('capacity', 'INVALID', `capacity must be a whole number from 1 to ${MAX_CAPACITY.toLocaleString('en')}`);
  } else if (fields.capacity < options.enrolled) {
    problem('capacity', 'BELOW_ENROLLED', `capacity ${fields.capacity} is below the ${options.enrolled} trainees already enrolled`);
  }
  const fee = parseYuan(fields.fee);
  if (fee === null) problem('fee', 'INVALID', 'fee must be an amount ≥ 0 with at most two decimals');

  const groups = new Set(fields.eligibleGroups);
  return {
    errors,
    values: {
      ...fields,
      title,
      address: blankToNull(fields.address),
      certificate: blankToNull(fields.certificate),
      description: blankToNull(fields.description),
      fee: fee === null ? fields.fee : formatYuan(fee),
      eligibleGroups: Object.values(SeekerGroup).filter((g) => groups.has(g)),
    },
  };
}

/**
 * Problems with the post demand a course is linked to (order-based training): each id must exist,
 * and a newly linked line must be OPEN; lines linked before may since have closed. Errors name
 * `linkedPostDemandIds.<index>`.
 */
export async function linkedDemandProblems(manager: EntityManager, ids: readonly string[], alreadyLinked: ReadonlySet<string>, path: string[], today: string): Promise<DomainError[]> {
  if (ids.length === 0) return [];
  const rows: { id: string; status: PostDemandStatus; validUntil: string }[] = await manager.query(
    `SELECT id::text AS id, status, valid_until::text AS "validUntil" FROM post_demand WHERE id = ANY($1::bigint[])`,
    [[...new Set(ids)]],
  );
  const found = new Map(rows.map((r) => [r.id, r]));
  const problems: DomainError[] = [];
  ids.forEach((id, i) => {
    const field = [...path, 'linkedPostDemandIds', String(i)];
    const line = found.get(id);
    if (!line) problems.push(new NotFoundError('PostDemand', id, field));
    else if (!alreadyLinked.has(id)) {
      const status = effectiveStatus(line, today);
      if (status !== PostDemandStatus.OPEN) problems.push(new DomainError('NOT_OPEN', `post demand ${id} is ${status}; only open demand can be linked`, field));
    }
  });
  return problems;
}

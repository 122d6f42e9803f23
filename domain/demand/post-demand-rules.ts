import type { EntityManager } from 'typeorm';
import { regionCovers } from '../../server/auth';
import { DomainError } from '../../server/errors';
import { OCCUPATION_CODE } from '../occupation/occupation.entity';
import { REGION_CODE } from '../region/region.entity';
import { SKILL_LEVELS, type SkillLevel } from '../skills/skill-level';

/** The fields every way of writing a post-demand line shares (GraphQL submit/update, agency sync, CSV). */
export interface PostDemandFields {
  occupationCode: string;
  jobTitle: string;
  headcount: number;
  skillLevel: SkillLevel;
  wageMin: string;
  wageMax: string;
  regionCode: string;
  tasks?: string | null;
  validUntil: string;
}

export const MAX_HEADCOUNT = 100_000;
const MONEY = /^\d{1,10}(\.\d{1,2})?$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** What the rules need to know, loaded once per batch rather than once per line. */
export interface ReferenceData {
  occupations: Set<string>;
  /** 2015-edition (and other) codes with the 2022 code they map to. */
  mappedCodes: Map<string, string>;
  regions: Set<string>;
  today: string;
}

export async function loadReferenceData(manager: EntityManager, occupationCodes: string[], regionCodes: string[], today: string): Promise<ReferenceData> {
  const codes = [...new Set(occupationCodes)];
  const [occupations, mappings, regions] = await Promise.all([
    manager.query(`SELECT code FROM occupation WHERE code = ANY($1::text[])`, [codes]),
    manager.query(
      `SELECT m.old_code, m.new_code FROM occupation_code_mapping m JOIN occupation o ON o.code = m.new_code
        WHERE m.old_code = ANY($1::text[])`,
      [codes],
    ),
    manager.query(`SELECT code FROM region WHERE code = ANY($1::text[])`, [[...new Set(regionCodes)]]),
  ]);
  return {
    occupations: new Set(occupations.map((r: { code: string }) => r.code)),
    mappedCodes: new Map(mappings.map((r: { old_code: string; new_code: string }) => [r.old_code, r.new_code])),
    regions: new Set(regions.map((r: { code: string }) => r.code.trim())),
    today,
  };
}

/** Today in China's calendar (UTC+8), as `YYYY-MM-DD`: validity dates are local dates. */
export function todayInChina(now = new Date()): string {
  return new Date(now.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
}

/** A calendar day that exists: month 13 and day 00 make an invalid Date, 30 February rolls over to March. */
export function isRealDate(value: string): boolean {
  if (!DATE.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}

function cents(value: string): bigint {
  const [whole, fraction = ''] = value.split('.');
  return BigInt(whole) * 100n + BigInt(fraction.padEnd(2, '0'));
}

/**
 * Checks one line against the rules of the demand-side issue and returns every problem, each
 * naming its field under `path`. Returns the occupation code to store (a mapped 2015 code becomes
 * its 2022 code). `scopeRegion`, when given, is the region the caller may write in.
 */
export function checkPostDemandFields(
  fields: PostDemandFields,
  reference: ReferenceData,
  path: string[],
  scopeRegion?: string,
): { errors: DomainError[]; occupationCode: string } {
  const errors: DomainError[] = [];
  const problem = (field: keyof PostDemandFields, code: string, message: string) => errors.push(new DomainError(code, message, [...path, field]));

  let occupationCode = fields.occupationCode;
  if (!OCCUPATION_CODE.test(fields.occupationCode)) {
    problem('occupationCode', 'INVALID', 'occupationCode must look like 4-04-05-05 (2022 classification)');
  } else if (!reference.occupations.has(fields.occupationCode)) {
    const mapped = reference.mappedCodes.get(fields.occupationCode);
    if (mapped) occupationCode = mapped;
    else problem('occupationCode', 'NOT_FOUND', `occupation ${fields.occupationCode} is not in the 2022 classification (nor mapped to it)`);
  }
  const title = fields.jobTitle?.trim() ?? '';
  if (title.length === 0 || title.length > 100) problem('jobTitle', 'INVALID', 'jobTitle must have 1 to 100 characters');
  if (!Number.isInteger(fields.headcount) || fields.headcount < 1 || fields.headcount > MAX_HEADCOUNT) {
    problem('headcount', 'INVALID', `headcount must be a whole number from 1 to ${MAX_HEADCOUNT.toLocaleString('en')}`);
  }
  if (!SKILL_LEVELS.includes(fields.skillLevel)) problem('skillLevel', 'INVALID', `skillLevel must be one of ${SKILL_LEVELS.join(', ')}`);
  const wageMinOk = MONEY.test(fields.wageMin ?? '');
  const wageMaxOk = MONEY.test(fields.wageMax ?? '');
  if (!wageMinOk) problem('wageMin', 'INVALID', 'wageMin must be an amount ≥ 0 with at most two decimals');
  if (!wageMaxOk) problem('wageMax', 'INVALID', 'wageMax must be an amount ≥ 0 with at most two decimals');
  if (wageMinOk && wageMaxOk && cents(fields.wageMin) > cents(fields.wageMax)) problem('wageMax', 'INVALID', 'wageMax must not be below wageMin');
  if (!REGION_CODE.test(fields.regionCode ?? '')) problem('regionCode', 'INVALID', 'regionCode must be a six-digit GB/T 2260 code');
  else if (!reference.regions.has(fields.regionCode)) problem('regionCode', 'NOT_FOUND', `region ${fields.regionCode} does not exist`);
  else if (scopeRegion && !regionCovers(scopeRegion, fields.regionCode)) problem('regionCode', 'FORBIDDEN', `region ${fields.regionCode} is outside your region ${scopeRegion}`);
  if ((fields.tasks ?? '').length > 2000) problem('tasks', 'INVALID', 'tasks must have at most 2,000 characters');
  if (!isRealDate(fields.validUntil ?? '')) problem('validUntil', 'INVALID', 'validUntil must be a date YYYY-MM-DD');
  else if (fields.validUntil < reference.today) problem('validUntil', 'IN_THE_PAST', `validUntil ${fields.validUntil} is before today (${reference.today})`);
  return { errors, occupationCode };
}

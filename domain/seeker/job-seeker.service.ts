import { QueryFailedError, type DataSource, type EntityManager } from 'typeorm';
import { Role, regionCovers, regionPrefix, type Principal } from '../../server/auth';
import { DomainError, DomainErrors, NotFoundError } from '../../server/errors';
import { assertRegionInScope } from '../access/scope';
import { auditSubject, diff, recordAudit, type Actor } from '../audit/audit';
import { isRealDate, todayInChina } from '../demand/post-demand-rules';
import type { SkillLevel } from '../skills/skill-level';
import { SeekerGroup } from '../supply/supply-enums';
import {
  birthDateOfIdNumber,
  graduationDateErrors,
  idNumberErrors,
  isCollegeGraduate,
  isWomansIdNumber,
  normaliseIdNumber,
  normalisePhone,
  phoneErrors,
} from './identity';
import { JobSeeker } from './job-seeker.entity';
import { decryptPii, encryptPii, maskIdNumber, maskPhone, piiHash, type PiiKeys } from './pii';
import { EducationLevel, EmploymentStatus } from './seeker-enums';

export interface JobSeekerFields {
  name: string;
  idNumber: string;
  phone: string;
  /** Left out: taken from the identity number. */
  birthDate?: string | null;
  regionCode: string;
  homeRegionCode?: string | null;
  educationLevel: EducationLevel;
  major?: string | null;
  school?: string | null;
  graduationDate?: string | null;
  employmentStatus: EmploymentStatus;
  currentSkillLevel?: SkillLevel | null;
  certificates?: string[];
  targetOccupationCodes: string[];
  groups: SeekerGroup[];
}

export interface RegisterJobSeekerInput extends JobSeekerFields {
  consent: boolean;
}

/** Left out (undefined): unchanged. Null clears an optional field; birthDate null is taken from the identity number again. */
export type JobSeekerPatch = { [K in keyof JobSeekerFields]?: JobSeekerFields[K] | null };

export interface JobSeekerFilter {
  /** This region and every region below it (inside the caller's region). */
  regionCode?: string;
  group?: SeekerGroup;
  targetOccupationCode?: string;
}

export interface RevealedPii {
  name: string;
  idNumber: string;
  phone: string;
}

const COLLEGE_LEVELS = [EducationLevel.JUNIOR_COLLEGE, EducationLevel.BACHELOR, EducationLevel.MASTER, EducationLevel.DOCTORATE];

/** Counsellors and admins of a region covering the seeker's, and the seeker themself. */
export function canReadSeeker(principal: Principal | undefined, seeker: Pick<JobSeeker, 'id' | 'regionCode'>): boolean {
  if (!principal) return false;
  if (principal.role === Role.SEEKER) return !!principal.seekerId && principal.seekerId === seeker.id;
  if (principal.role === Role.COUNSELLOR || principal.role === Role.ADMIN) return !!principal.regionCode && regionCovers(principal.regionCode, seeker.regionCode);
  return false;
}

/**
 * Only the bureau (ADMIN of the seeker's region) sees identity number and phone in full: it has the
 * documented need, checking the real-name record before subsidies are paid (001 §(二十八)). Counsellors
 * and the seeker see them masked, which is enough to confirm whom they are talking about.
 */
export function seesFullPii(principal: Principal | undefined, seeker: Pick<JobSeeker, 'regionCode'>): boolean {
  return principal?.role === Role.ADMIN && !!principal.regionCode && regionCovers(principal.regionCode, seeker.regionCode);
}

/** The groups a seeker belongs to today: the typed ones, with COLLEGE_GRADUATE only when the dates support it. */
export function effectiveGroups(seeker: Pick<JobSeeker, 'groups' | 'educationLevel' | 'graduationDate' | 'employmentStatus'>, today: string): SeekerGroup[] {
  const typed = seeker.groups.filter((g) => g !== SeekerGroup.COLLEGE_GRADUATE);
  return isCollegeGraduate(seeker, today) ? [SeekerGroup.COLLEGE_GRADUATE, ...typed] : typed;
}

/**
 * The groups a row stores: the typed ones, less the derived ones, and WOMEN when the identity number
 * says so. COLLEGE_GRADUATE is not stored: it changes with the date (see effectiveGroups); WOMEN does
 * not, and the identity number is sealed, so it is worked out whenever the number is written.
 */
export function storedGroups(typed: readonly SeekerGroup[], idNumber: string): SeekerGroup[] {
  const groups = [...new Set(typed)].filter((g) => g !== SeekerGroup.COLLEGE_GRADUATE && g !== SeekerGroup.WOMEN);
  return isWomansIdNumber(idNumber) ? [...groups, SeekerGroup.WOMEN] : groups;
}

/**
 * A seeker's groups once their employment status is `status`: UNEMPLOYED (失业人员) holds only while
 * they are out of work, so a job or a return to school ends it (the database checks the same).
 */
export function groupsFollowingStatus(groups: readonly SeekerGroup[], status: EmploymentStatus): SeekerGroup[] {
  return status === EmploymentStatus.UNEMPLOYED ? [...groups] : groups.filter((g) => g !== SeekerGroup.UNEMPLOYED);
}

const field = (name: string, ...rest: string[]) => ['input', name, ...rest];

/** Every problem of a seeker's fields that needs no database, each on its input field. Values checked are never quoted. */
export function seekerFieldErrors(fields: JobSeekerFields, today: string): DomainError[] {
  const errors: DomainError[] = [];
  if (fields.name.trim().length === 0) errors.push(new DomainError('INVALID', 'name must not be blank', field('name')));
  const idNumber = normaliseIdNumber(fields.idNumber);
  const idErrors = idNumberErrors(idNumber, today, field('idNumber'));
  errors.push(...idErrors, ...phoneErrors(normalisePhone(fields.phone), field('phone')));
  if (fields.birthDate != null) {
    if (!isRealDate(fields.birthDate)) errors.push(new DomainError('INVALID', 'birthDate is not a real date', field('birthDate')));
    else if (idErrors.length === 0 && birthDateOfIdNumber(idNumber) !== fields.birthDate) {
      errors.push(new DomainError('INVALID', 'birthDate does not match the birth date in idNumber', field('birthDate')));
    }
  }
  if (fields.graduationDate != null) errors.push(...graduationDateErrors(fields.graduationDate, today, field('graduationDate')));
  if (fields.groups.includes(SeekerGroup.UNEMPLOYED) && fields.employmentStatus !== EmploymentStatus.UNEMPLOYED) {
    errors.push(new DomainError('INVALID', `groups: UNEMPLOYED (失业人员) needs employmentStatus UNEMPLOYED, not ${fields.employmentStatus}`, field('groups')));
  }
  fields.certificates?.forEach((c, i) => {
    if (c.trim().length === 0) errors.push(new DomainError('INVALID', 'a certificate must not be blank', field('certificates', String(i))));
  });
  return errors;
}

function isUniqueViolation(err: unknown): boolean {
  return err instanceof QueryFailedError && (err as QueryFailedError & { driverError?: { code?: string } }).driverError?.code === '23505';
}

const duplicate = () => new DomainError('DUPLICATE', 'a job seeker with this identity number is already registered', field('idNumber'));

export class JobSeekerService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly keys: PiiKeys,
  ) {}

  async byIds(ids: readonly string[]): Promise<Map<string, JobSeeker>> {
    const rows = await this.dataSource.getRepository(JobSeeker).createQueryBuilder('s').where('s.id IN (:...ids)', { ids }).getMany();
    return new Map(rows.map((r) => [r.id, r]));
  }

  reveal(seeker: JobSeeker): RevealedPii {
    return {
      name: decryptPii(this.keys, seeker.nameSealed),
      idNumber: decryptPii(this.keys, seeker.idNumberSealed),
      phone: decryptPii(this.keys, seeker.phoneSealed),
    };
  }

  /** Identity number and phone as this principal may see them. */
  present(principal: Principal | undefined, seeker: JobSeeker): RevealedPii {
    const pii = this.reveal(seeker);
    return seesFullPii(principal, seeker) ? pii : { ...pii, idNumber: maskIdNumber(pii.idNumber), phone: maskPhone(pii.phone) };
  }

  /**
   * Seekers the principal may read, oldest first. `query` is a whole name, or an exact identity number
   * or phone: names are sealed too, so they are matched through their keyed hash, never by substring.
   */
  async list(principal: Principal, query: string | undefined, filter: JobSeekerFilter, offset: number, limit: number, today = todayInChina()): Promise<{ items: JobSeeker[]; total: number }> {
    const qb = this.dataSource.getRepository(JobSeeker).createQueryBuilder('s');
    if (principal.role === Role.SEEKER) {
      qb.andWhere('s.id = :self', { self: principal.seekerId && /^\d{1,18}$/.test(principal.seekerId) ? principal.seekerId : '0' });
    } else if (principal.role === Role.COUNSELLOR || principal.role === Role.ADMIN) {
      if (!principal.regionCode) throw new DomainError('FORBIDDEN', 'your token has no region', ['filter', 'regionCode']);
      qb.andWhere('s.region_code LIKE :scope', { scope: regionPrefix(principal.regionCode) + '%' });
    } else {
      throw new DomainError('FORBIDDEN', 'only counsellors, admins and the seeker themself may read job seekers');
    }
    if (filter.regionCode) {
      assertRegionInScope(principal, filter.regionCode, ['filter', 'regionCode']);
      qb.andWhere('s.region_code LIKE :prefix', { prefix: regionPrefix(filter.regionCode) + '%' });
    }
    if (filter.group === SeekerGroup.COLLEGE_GRADUATE) {
      // isCollegeGraduate in SQL; the unit tests hold the two to the same cases.
      qb.andWhere(
        `(s.education_level IN (:...collegeLevels) AND s.graduation_date IS NOT NULL AND (
            extract(year FROM s.graduation_date) = extract(year FROM CAST(:today AS date))
         OR (s.employment_status = 'STUDENT' AND s.graduation_date > CAST(:today AS date) AND s.graduation_date <= CAST(:today AS date) + interval '1 year')
         OR (s.graduation_date <= CAST(:today AS date) AND s.graduation_date >= CAST(:today AS date) - interval '3 years' AND s.employment_status <> 'EMPLOYED')))`,
        { collegeLevels: COLLEGE_LEVELS, today },
      );
    } else if (filter.group) {
      qb.andWhere(':group = ANY(s.groups)', { group: filter.group });
    }
    if (filter.targetOccupationCode) qb.andWhere(':occupation = ANY(s.target_occupation_codes)', { occupation: filter.targetOccupationCode });
    const text = query?.trim();
    if (text) {
      const idNumber = normaliseIdNumber(text);
      const phone = normalisePhone(text);
      if (/^\d{17}[\dX]$/.test(idNumber)) qb.andWhere('s.id_number_hash = :hash', { hash: piiHash(this.keys, 'idNumber', idNumber) });
      else if (/^1\d{10}$/.test(phone)) qb.andWhere('s.phone_hash = :hash', { hash: piiHash(this.keys, 'phone', phone) });
      else qb.andWhere('s.name_hash = :hash', { hash: piiHash(this.keys, 'name', text) });
    }
    qb.orderBy('s.id', 'ASC');
    const [items, total] = await qb.skip(offset).take(limit).getManyAndCount();
    return { items, total };
  }

  /** A COUNSELLOR or ADMIN of the seeker's region registers them, with their consent. */
  async register(principal: Principal, actor: Actor, input: RegisterJobSeekerInput, today = todayInChina()): Promise<JobSeeker> {
    const errors = seekerFieldErrors(input, today);
    if (!input.consent) errors.push(new DomainError('CONSENT_REQUIRED', 'the job seeker must consent to the use of their data', field('consent')));
    if (errors.length) throw new DomainErrors(errors);
    assertRegionInScope(principal, input.regionCode, field('regionCode'));
    return this.dataSource.transaction(async (manager) => {
      await this.assertReferencesExist(manager, input);
      const seeker = manager.getRepository(JobSeeker).create({ consentAt: new Date() });
      this.assign(seeker, input);
      if (await manager.getRepository(JobSeeker).existsBy({ idNumberHash: seeker.idNumberHash })) throw duplicate();
      await this.save(manager, seeker);
      const { birthDate: _birthDate, ...rest } = this.auditable(seeker);
      await recordAudit(manager, actor, 'REGISTER', auditSubject('JobSeeker', seeker.id, seeker.regionCode), { name: '(set)', idNumber: '(set)', phone: '(set)', birthDate: '(set)', ...rest, consentAt: seeker.consentAt.toISOString() });
      return seeker;
    });
  }

  /** A COUNSELLOR or ADMIN of the seeker's region (and of the new one, when it moves) corrects or completes the record. */
  async update(principal: Principal, actor: Actor, id: string, patch: JobSeekerPatch, today = todayInChina()): Promise<JobSeeker> {
    return this.dataSource.transaction(async (manager) => {
      const seeker = await manager.getRepository(JobSeeker).findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!seeker) throw new NotFoundError('JobSeeker', id, field('seekerId'));
      assertRegionInScope(principal, seeker.regionCode, field('seekerId'));
      const current = this.reveal(seeker);
      const idChanged = patch.idNumber != null && normaliseIdNumber(patch.idNumber) !== current.idNumber;
      const merged: JobSeekerFields = {
        name: patch.name ?? current.name,
        idNumber: patch.idNumber ?? current.idNumber,
        phone: patch.phone ?? current.phone,
        // A new identity number brings its own birth date unless one is given with it.
        birthDate: patch.birthDate !== undefined ? patch.birthDate : idChanged ? null : seeker.birthDate,
        regionCode: patch.regionCode ?? seeker.regionCode,
        homeRegionCode: patch.homeRegionCode !== undefined ? patch.homeRegionCode : seeker.homeRegionCode,
        educationLevel: patch.educationLevel ?? seeker.educationLevel,
        major: patch.major !== undefined ? patch.major : seeker.major,
        school: patch.school !== undefined ? patch.school : seeker.school,
        graduationDate: patch.graduationDate !== undefined ? patch.graduationDate : seeker.graduationDate,
        employmentStatus: patch.employmentStatus ?? seeker.employmentStatus,
        currentSkillLevel: patch.currentSkillLevel !== undefined ? patch.currentSkillLevel : seeker.currentSkillLevel,
        certificates: patch.certificates ?? seeker.certificates,
        targetOccupationCodes: patch.targetOccupationCodes ?? seeker.targetOccupationCodes,
        groups: patch.groups ?? groupsFollowingStatus(seeker.groups, patch.employmentStatus ?? seeker.employmentStatus),
      };
      const errors = seekerFieldErrors(merged, today);
      if (errors.length) throw new DomainErrors(errors);
      if (merged.regionCode !== seeker.regionCode) assertRegionInScope(principal, merged.regionCode, field('regionCode'));
      await this.assertReferencesExist(manager, merged);

      const before = { ...this.auditable(seeker), ...current };
      const subject = auditSubject('JobSeeker', seeker.id, seeker.regionCode, merged.regionCode);
      this.assign(seeker, merged);
      if (idChanged && (await manager.getRepository(JobSeeker).existsBy({ idNumberHash: seeker.idNumberHash }))) throw duplicate();
      const after = { ...this.auditable(seeker), name: merged.name.trim(), idNumber: normaliseIdNumber(merged.idNumber), phone: normalisePhone(merged.phone) };
      const changes: Record<string, unknown> = diff(before, after);
      if (Object.keys(changes).length === 0) return seeker;
      // Personal data is sealed in the row; the audit trail says that it changed, never what to.
      for (const key of ['name', 'idNumber', 'phone', 'birthDate']) if (key in changes) changes[key] = '(changed)';
      await this.save(manager, seeker);
      await recordAudit(manager, actor, 'UPDATE', subject, changes);
      return seeker;
    });
  }

  /** Writes validated fields into the row, sealing the personal ones; the derived groups are worked out, never taken as typed. */
  private assign(seeker: JobSeeker, fields: JobSeekerFields): void {
    const name = fields.name.trim();
    const idNumber = normaliseIdNumber(fields.idNumber);
    const phone = normalisePhone(fields.phone);
    Object.assign(seeker, {
      nameSealed: encryptPii(this.keys, name),
      nameHash: piiHash(this.keys, 'name', name),
      idNumberSealed: encryptPii(this.keys, idNumber),
      idNumberHash: piiHash(this.keys, 'idNumber', idNumber),
      phoneSealed: encryptPii(this.keys, phone),
      phoneHash: piiHash(this.keys, 'phone', phone),
      birthDate: fields.birthDate ?? birthDateOfIdNumber(idNumber),
      regionCode: fields.regionCode,
      homeRegionCode: fields.homeRegionCode ?? null,
      educationLevel: fields.educationLevel,
      major: fields.major?.trim() || null,
      school: fields.school?.trim() || null,
      graduationDate: fields.graduationDate ?? null,
      employmentStatus: fields.employmentStatus,
      currentSkillLevel: fields.currentSkillLevel ?? null,
      certificates: (fields.certificates ?? []).map((c) => c.trim()),
      targetOccupationCodes: [...new Set(fields.targetOccupationCodes)],
      groups: storedGroups(fields.groups, idNumber),
    });
  }

  /** Two registrations of one number racing past the existence check meet the unique index. */
  private async save(manager: EntityManager, seeker: JobSeeker): Promise<void> {
    try {
      await manager.save(seeker);
    } catch (err) {
      if (isUniqueViolation(err)) throw duplicate();
      throw err;
    }
  }

  /** The fields of the row that are not sealed, for audit entries. */
  private auditable(seeker: JobSeeker) {
    return {
      birthDate: seeker.birthDate,
      regionCode: seeker.regionCode,
      homeRegionCode: seeker.homeRegionCode,
      educationLevel: seeker.educationLevel,
      major: seeker.major,
      school: seeker.school,
      graduationDate: seeker.graduationDate,
      employmentStatus: seeker.employmentStatus,
      currentSkillLevel: seeker.currentSkillLevel,
      certificates: seeker.certificates,
      targetOccupationCodes: seeker.targetOccupationCodes,
      groups: seeker.groups,
    };
  }

  private async assertReferencesExist(manager: EntityManager, fields: JobSeekerFields): Promise<void> {
    const errors: DomainError[] = [];
    const regionCodes = [fields.regionCode, fields.homeRegionCode].filter((c): c is string => !!c);
    const regions: { code: string }[] = await manager.query('SELECT code FROM region WHERE code = ANY($1)', [regionCodes]);
    const knownRegions = new Set(regions.map((r) => r.code));
    if (!knownRegions.has(fields.regionCode)) errors.push(new NotFoundError('Region', fields.regionCode, field('regionCode')));
    if (fields.homeRegionCode && !knownRegions.has(fields.homeRegionCode)) errors.push(new NotFoundError('Region', fields.homeRegionCode, field('homeRegionCode')));
    const occupations: { code: string }[] = await manager.query('SELECT code FROM occupation WHERE code = ANY($1)', [fields.targetOccupationCodes]);
    const knownOccupations = new Set(occupations.map((o) => o.code));
    fields.targetOccupationCodes.forEach((code, i) => {
      if (!knownOccupations.has(code)) errors.push(new NotFoundError('Occupation', code, field('targetOccupationCodes', String(i))));
    });
    if (errors.length) throw new DomainErrors(errors);
  }
}

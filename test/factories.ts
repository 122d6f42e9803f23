import type { DataSource } from 'typeorm';
import { creditCodeCheckCharacter } from '../domain/enterprise/credit-code';
import { addDays } from '../domain/supply/subsidy-quote';

/**
 * Rows stored straight into their tables, for tests whose subject is what happens to them, not how
 * they are registered (registration has its own tests). Sealed personal columns hold a dummy byte:
 * such tests never read names, and each seeker gets its own identity and phone hashes (so supervision
 * sees no shared phone).
 */
let providers = 0;

/** A provider of `region`, admitted from 30 days before `today` for about two years unless `admitted` is false. */
export async function storeProvider(db: DataSource, spec: { region: string; today: string; admitted?: boolean; type?: string; name?: string; creditCode?: string }): Promise<string> {
  const serial = ++providers;
  const [{ id }] = await db.query(
    `INSERT INTO provider (credit_code, name, type, region_code, version) VALUES ($1, $2, $3, $4, 1) RETURNING id::text AS id`,
    [spec.creditCode ?? `F${String(serial).padStart(17, '0')}`, spec.name ?? `测试培训学校${serial}`, spec.type ?? 'PRIVATE_TRAINING_INSTITUTION', spec.region],
  );
  if (spec.admitted !== false) {
    await db.query(`INSERT INTO provider_admission (provider_id, admitted_from, admitted_until) VALUES ($1, $2::date - 30, $2::date + 700)`, [id, spec.today]);
  }
  return id as string;
}

export interface SeekerSpec {
  region: string;
  groups?: string[];
  education?: string;
  graduationDate?: string;
  status?: string;
  targets?: string[];
}

/** `count` job seekers alike, in id order; unemployed and of that group unless told otherwise. */
export async function storeSeekers(db: DataSource, count: number, spec: SeekerSpec): Promise<string[]> {
  const rows: { id: string }[] = await db.query(
    `INSERT INTO job_seeker (name_sealed, name_hash, id_number_sealed, id_number_hash, phone_sealed, phone_hash, birth_date, region_code,
                             education_level, graduation_date, employment_status, groups, target_occupation_codes, consent_at, version)
     SELECT '\\x00', '\\x00', '\\x00', uuid_send(gen_random_uuid()), '\\x00', uuid_send(gen_random_uuid()), '2000-01-01', $2, $3, $4, $5, $6::seeker_group[], $7, now(), 1
       FROM generate_series(1, $1)
     RETURNING id::text AS id`,
    [count, spec.region, spec.education ?? 'SENIOR_HIGH', spec.graduationDate ?? null, spec.status ?? 'UNEMPLOYED', spec.groups ?? ['UNEMPLOYED'], spec.targets ?? []],
  );
  return rows.map((r) => r.id).sort((a, b) => Number(a) - Number(b));
}

export interface CourseSpec {
  provider: string;
  occupation: string;
  region: string;
  startsOn: string;
  endsOn?: string;
  skillLevel?: string;
  trainingType?: string;
  mode?: string;
  fee?: string;
  capacity?: number;
  title?: string;
}

/** A PUBLISHED course, 80 hours over ten days unless told otherwise; tests move its dates into the past as time would. */
export async function storeCourse(db: DataSource, spec: CourseSpec): Promise<string> {
  const [{ id }] = await db.query(
    `INSERT INTO course (provider_id, title, occupation_code, skill_level, training_type, mode, hours, starts_on, ends_on, region_code,
                         capacity, fee, eligible_groups, status, published_at, version)
     VALUES ($1, $2, $3, $4, $5, $6, 80, $7, $8, $9, $10, $11, '{}', 'PUBLISHED', now(), 1)
     RETURNING id::text AS id`,
    [
      spec.provider,
      spec.title ?? '测试课程',
      spec.occupation,
      spec.skillLevel ?? 'JUNIOR',
      spec.trainingType ?? 'EMPLOYMENT_SKILLS',
      spec.mode ?? 'ONSITE',
      spec.startsOn,
      spec.endsOn ?? addDays(spec.startsOn, 10),
      spec.region,
      spec.capacity ?? 30,
      spec.fee ?? '1800.00',
    ],
  );
  return id as string;
}

let enterprises = 0;

/** An enterprise of `region` with a valid unified social credit code. */
export async function storeEnterprise(db: DataSource, spec: { region: string; name?: string }): Promise<string> {
  const serial = ++enterprises;
  const first17 = `91${spec.region}MA${String(serial).padStart(7, '0')}`;
  const [{ id }] = await db.query(
    `INSERT INTO enterprise (credit_code, name, region_code, version) VALUES ($1, $2, $3, 1) RETURNING id::text AS id`,
    [first17 + creditCodeCheckCharacter(first17), spec.name ?? `测试企业${serial}`, spec.region],
  );
  return id as string;
}

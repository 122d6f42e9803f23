import { DomainError } from '../../server/errors';
import { isRealDate } from '../demand/post-demand-rules';
import { EducationLevel, EmploymentStatus } from './seeker-enums';

/*
 * Pure checks of a job seeker's identity data. Messages never repeat the value checked: an identity
 * number or phone in an error message would end up in client logs and screenshots (DOMAIN rule 3).
 */

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK_CHARACTERS = '10X98765432';
/** First two digits of GB/T 2260 codes: provinces, autonomous regions, municipalities, Taiwan, Hong Kong, Macao. */
const PROVINCES = new Set(['11', '12', '13', '14', '15', '21', '22', '23', '31', '32', '33', '34', '35', '36', '37', '41', '42', '43', '44', '45', '46', '50', '51', '52', '53', '54', '61', '62', '63', '64', '65', '71', '81', '82']);

export const normaliseIdNumber = (raw: string) => raw.replace(/\s+/g, '').toUpperCase();

/** Mainland numbers only; spaces, dashes and a +86 / 0086 prefix are dropped. */
export const normalisePhone = (raw: string) => raw.replace(/[\s-]+/g, '').replace(/^(\+86|0086)/, '');

/** GB 11643 check character of the first 17 digits (ISO 7064 MOD 11-2). */
export function idCheckCharacter(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * WEIGHTS[i];
  return CHECK_CHARACTERS[sum % 11];
}



/** `YYYY-MM-DD` moved by whole years; 29 February falls back to 28 February. */
export function addYears(date: string, years: number): string {
  const year = String(Number(date.slice(0, 4)) + years).padStart(4, '0');
  const moved = `${year}${date.slice(4)}`;
  return isRealDate(moved) ? moved : `${year}-02-28`;
}

/** The birth date written in a (normalised, well-formed) identity number. */
export const birthDateOfIdNumber = (idNumber: string) => `${idNumber.slice(6, 10)}-${idNumber.slice(10, 12)}-${idNumber.slice(12, 14)}`;

/**
 * Whether the number was issued to a woman: GB 11643 gives the sex in the 17th character, the last
 * digit of the sequence code (odd for men, even for women). Expects a well-formed number.
 */
export const isWomansIdNumber = (idNumber: string) => Number(idNumber[16]) % 2 === 0;

/** Every problem with an 18-digit resident identity number, on `field`. Expects the normalised form. */
export function idNumberErrors(idNumber: string, today: string, field: string[]): DomainError[] {
  if (!/^\d{17}[\dX]$/.test(idNumber)) return [new DomainError('INVALID', 'idNumber must be an 18-character resident identity number (17 digits and a check digit 0-9 or X)', field)];
  if (!PROVINCES.has(idNumber.slice(0, 2))) return [new DomainError('INVALID', 'idNumber does not start with a region code', field)];
  const birth = birthDateOfIdNumber(idNumber);
  if (!isRealDate(birth)) return [new DomainError('INVALID', 'idNumber holds a birth date that does not exist', field)];
  if (birth > today || birth < '1900-01-01') return [new DomainError('INVALID', 'idNumber holds a birth date outside 1900 to today', field)];
  if (idCheckCharacter(idNumber) !== idNumber[17]) return [new DomainError('INVALID', 'idNumber has a wrong check digit', field)];
  return [];
}

export function phoneErrors(phone: string, field: string[]): DomainError[] {
  return /^1[3-9]\d{9}$/.test(phone) ? [] : [new DomainError('INVALID', 'phone must be an 11-digit mainland mobile number starting 13 to 19', field)];
}

/** A graduation date is planned at most one year ahead: a far-future date is a typo, and would make anyone a "graduating-year student". */
export function graduationDateErrors(graduationDate: string, today: string, field: string[]): DomainError[] {
  return graduationDate > addYears(today, 1) ? [new DomainError('INVALID', 'graduationDate must not be more than one year ahead', field)] : [];
}

const COLLEGE_LEVELS = new Set([EducationLevel.JUNIOR_COLLEGE, EducationLevel.BACHELOR, EducationLevel.MASTER, EducationLevel.DOCTORATE]);

export interface GraduateFacts {
  educationLevel: EducationLevel;
  graduationDate: string | null;
  employmentStatus: EmploymentStatus;
}

/**
 * College graduate (高校毕业生) as the documents define it (001 §(四)): graduating-year students and
 * those within 3 years of leaving school without a job. Concretely, with college education (大专 or
 * above): graduation in the current calendar year, or a STUDENT graduating within the next 12 months
 * (the academic graduating year spans the turn of the year), or graduated within the last 3 years and
 * not EMPLOYED. Technician-college senior classes (技工院校高级工班、预备技师班), which the policies
 * also count, cannot be told apart from other SECONDARY_VOCATIONAL seekers with these fields and are
 * out of scope.
 */
export function isCollegeGraduate(seeker: GraduateFacts, today: string): boolean {
  const graduated = seeker.graduationDate;
  if (!graduated || !COLLEGE_LEVELS.has(seeker.educationLevel)) return false;
  if (graduated.slice(0, 4) === today.slice(0, 4)) return true;
  if (graduated > today) return seeker.employmentStatus === EmploymentStatus.STUDENT && graduated <= addYears(today, 1);
  return graduated >= addYears(today, -3) && seeker.employmentStatus !== EmploymentStatus.EMPLOYED;
}

/**
 * A graduating-year graduate (毕业年度高校毕业生) on `day`, as `isCollegeGraduate` counts them but
 * whatever their employment: with college education, graduating in that day's calendar year, or
 * within the 12 months after it (the academic year spans the turn of the year). What lets an
 * internship count as new apprenticeship (000 §(十一)).
 */
export function isGraduatingYearStudent(seeker: Pick<GraduateFacts, 'educationLevel' | 'graduationDate'>, day: string): boolean {
  const graduates = seeker.graduationDate;
  if (!graduates || !COLLEGE_LEVELS.has(seeker.educationLevel)) return false;
  return graduates.slice(0, 4) === day.slice(0, 4) || (graduates > day && graduates <= addYears(day, 1));
}

import { EducationLevel } from '../seeker/seeker-enums';
import { addYears, isGraduatingYearStudent } from '../seeker/identity';
import { addDays } from '../supply/subsidy-quote';

/** What ties a person to an enterprise, as filed with the bureau (备案). */
export enum WorkAgreementKind {
  /** 实习协议 */
  INTERNSHIP = 'INTERNSHIP',
  /** 劳动合同 */
  LABOUR_CONTRACT = 'LABOUR_CONTRACT',
}

/** How a trainee came to be a new apprentice (企业新型学徒) of the enterprise named on their seat. */
export enum ApprenticeVia {
  /** An employee: new hire, current or transferred (002 §四). */
  LABOUR_CONTRACT = 'LABOUR_CONTRACT',
  /** A graduating-year student with an internship agreement of six months or more (000 §(十一)). */
  INTERNSHIP = 'INTERNSHIP',
}

export interface AgreementFact {
  enterpriseId: string;
  kind: WorkAgreementKind;
  startsOn: string;
  /** Null: an open-ended contract. */
  endsOn: string | null;
}

export interface ApprenticeCandidate {
  educationLevel: EducationLevel;
  graduationDate: string | null;
  agreements: readonly AgreementFact[];
}

export interface Apprenticeship {
  enterpriseId: string;
  via: ApprenticeVia;
}

/** An internship counts from six months: its last day is at least the day before the six-month anniversary. */
export const INTERNSHIP_MIN_MONTHS = 6;
/** The contract an intern signs after graduating must run at least a year for the subsidy to start. */
export const CONTRACT_MIN_YEARS = 1;

const covers = (a: AgreementFact, day: string) => a.startsOn <= day && (a.endsOn === null || a.endsOn >= day);

function addMonths(date: string, months: number): string {
  const [y, m, d] = date.split('-').map(Number);
  const total = y * 12 + (m - 1) + months;
  const year = Math.floor(total / 12);
  const month = (total % 12) + 1;
  const lastDay = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(Math.min(d, lastDay)).padStart(2, '0')}`;
}

/** Whether an internship agreement runs the six months that make an intern an apprentice. */
export const longEnoughInternship = (a: Pick<AgreementFact, 'startsOn' | 'endsOn'>) => a.endsOn !== null && a.endsOn >= addDays(addMonths(a.startsOn, INTERNSHIP_MIN_MONTHS), -1);

/**
 * Whether the person is a new apprentice of some enterprise on `day` (a course's first day), and
 * whose: a labour contract in force that day first, else an internship of six months or more in force
 * that day while they are a graduating-year student (000 §(十一), 002 §四, 003 §四). Null otherwise.
 */
export function apprenticeshipOn(person: ApprenticeCandidate, day: string): Apprenticeship | null {
  const contract = person.agreements.find((a) => a.kind === WorkAgreementKind.LABOUR_CONTRACT && covers(a, day));
  if (contract) return { enterpriseId: contract.enterpriseId, via: ApprenticeVia.LABOUR_CONTRACT };
  if (!isGraduatingYearStudent(person, day)) return null;
  const internship = person.agreements.find((a) => a.kind === WorkAgreementKind.INTERNSHIP && covers(a, day) && longEnoughInternship(a));
  return internship ? { enterpriseId: internship.enterpriseId, via: ApprenticeVia.INTERNSHIP } : null;
}

/**
 * For an intern's apprenticeship, the labour contract that starts the subsidy: with the internship's
 * enterprise, starting on or after graduation, for a year or more (open-ended counts). Null until
 * one is filed: "毕业后与实习企业签订1年以上劳动合同的，从入职开始按规定予以补贴".
 */
export function subsidisingContract(person: Pick<ApprenticeCandidate, 'graduationDate' | 'agreements'>, enterpriseId: string): AgreementFact | null {
  const graduated = person.graduationDate;
  if (!graduated) return null;
  return (
    person.agreements.find(
      (a) =>
        a.kind === WorkAgreementKind.LABOUR_CONTRACT &&
        a.enterpriseId === enterpriseId &&
        a.startsOn >= graduated &&
        (a.endsOn === null || a.endsOn >= addDays(addYears(a.startsOn, CONTRACT_MIN_YEARS), -1)),
    ) ?? null
  );
}

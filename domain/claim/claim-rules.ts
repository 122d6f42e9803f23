import { ApprenticeVia, CONTRACT_MIN_YEARS } from '../apprenticeship/apprentice-rules';
import { SKILL_LEVEL_TERMS, type SkillLevel } from '../skills/skill-level';
import { EnrollmentStatus, TrainingCompletion } from '../enrollment/enrollment-enums';
import { formatYuan, yuan } from '../supply/money';
import { SubsidyLineKind, type SubsidyQuote } from '../supply/subsidy-quote';

/** Where a claim stands: submitted by the provider, then approved or rejected by the bureau, then paid. */
export enum SubsidyClaimStatus {
  SUBMITTED = 'SUBMITTED',
  APPROVED = 'APPROVED',
  REJECTED = 'REJECTED',
  PAID = 'PAID',
}

/** Money of a PAID claim that supervision found misused: to be recovered (应追回), then recovered (已追回). */
export enum RecoveryStatus {
  DUE = 'DUE',
  RECOVERED = 'RECOVERED',
}

/**
 * Who receives a line: the enterprise whose new apprentice the trainee is (给予企业, 003 §四, 004
 * §(四)), the provider (a voucher seat is settled with it, 凭券结算) or the trainee (to their
 * social-security card).
 */
export enum SubsidyPayee {
  ENTERPRISE = 'ENTERPRISE',
  PROVIDER = 'PROVIDER',
  TRAINEE = 'TRAINEE',
}

/** Claims not rejected: each line they hold is paid at most once. */
export const LIVE_CLAIM_STATUSES: readonly SubsidyClaimStatus[] = [SubsidyClaimStatus.SUBMITTED, SubsidyClaimStatus.APPROVED, SubsidyClaimStatus.PAID];

export interface ClaimLine {
  kind: SubsidyLineKind;
  label: string;
  amount: string;
  payee: SubsidyPayee;
  standardId: string | null;
  catalogEntryId: string | null;
}

/** What a seat's claim is worked out from: its record, its course's level and whether a voucher holds it. */
export interface ClaimableSeat {
  status: EnrollmentStatus;
  completion: TrainingCompletion | null;
  finishedOn: string | null;
  certificateLevel: SkillLevel | null;
  quote: SubsidyQuote;
  courseSkillLevel: SkillLevel;
  heldByVoucher: boolean;
  /** On a new apprenticeship course: how the trainee is an apprentice, and for an intern whether the contract that starts the subsidy has begun. */
  apprenticeship: { via: ApprenticeVia; subsidisingContractBegun: boolean } | null;
}

export interface ClaimRefusal {
  code: 'NOT_CLAIMABLE' | 'ALREADY_CLAIMED';
  message: string;
}

/** One key per quoted line, so a line claimed once is never claimed again. */
export const claimLineKey = (line: Pick<ClaimLine, 'kind' | 'standardId' | 'catalogEntryId'>) => `${line.kind}:${line.standardId ?? line.catalogEntryId ?? ''}`;

const TRAINING_LINES = new Set([SubsidyLineKind.BASE, SubsidyLineKind.SHORTAGE_UPLIFT]);

/**
 * The lines of a seat's quote that can be claimed now, less those already in a live claim. The quote
 * promised at enrolment is what is paid; what the outcome decides is which of its lines fall due:
 * training subsidy, its shortage uplift and group supplements once the trainee completed the course
 * (结业), the certificate subsidy once the certificate of the course's level is reported (取证). An
 * intern's apprenticeship falls due only with the labour contract that follows graduation. Training
 * lines go to the apprentice's enterprise on new apprenticeship, else to the provider when a voucher
 * holds the seat, else to the trainee; the others always to the trainee.
 */
export function claimableLines(seat: ClaimableSeat, claimedKeys: ReadonlySet<string>): { lines: ClaimLine[] } | { refusal: ClaimRefusal } {
  const refuse = (message: string): { refusal: ClaimRefusal } => ({ refusal: { code: 'NOT_CLAIMABLE', message } });
  if (seat.status !== EnrollmentStatus.ENROLLED) return refuse('the seat was given back');
  if (seat.completion === null) return refuse('no completion is reported for the seat yet');
  if (seat.completion === TrainingCompletion.DROPPED_OUT) return refuse(`the trainee dropped out on ${seat.finishedOn}: a seat not completed earns no subsidy`);
  if (seat.apprenticeship?.via === ApprenticeVia.INTERNSHIP && !seat.apprenticeship.subsidisingContractBegun) {
    return refuse(`an intern's apprenticeship is subsidised from their first day on a labour contract of ${CONTRACT_MIN_YEARS} year or more with the enterprise, signed after graduating; none on file has begun`);
  }
  const trainingPayee = seat.apprenticeship ? SubsidyPayee.ENTERPRISE : seat.heldByVoucher ? SubsidyPayee.PROVIDER : SubsidyPayee.TRAINEE;
  const due: ClaimLine[] = [];
  let certificateWaiting: string | null = null;
  for (const line of seat.quote.lines) {
    if (yuan(line.amount) === 0n) continue;
    const base = { kind: line.kind, label: line.label, amount: line.amount, standardId: line.standardId, catalogEntryId: line.catalogEntryId };
    if (TRAINING_LINES.has(line.kind)) due.push({ ...base, payee: trainingPayee });
    else if (line.kind === SubsidyLineKind.GROUP_SUPPLEMENT) due.push({ ...base, payee: SubsidyPayee.TRAINEE });
    else if (line.kind === SubsidyLineKind.CERTIFICATE) {
      if (seat.certificateLevel === seat.courseSkillLevel) due.push({ ...base, payee: SubsidyPayee.TRAINEE });
      else certificateWaiting = `the certificate subsidy falls due with a ${SKILL_LEVEL_TERMS[seat.courseSkillLevel]} certificate, and ${seat.certificateLevel ? `a ${SKILL_LEVEL_TERMS[seat.certificateLevel]} one` : 'none'} is reported`;
    }
  }
  if (due.length === 0) return refuse(certificateWaiting ?? 'the quote recorded when the seat was taken promised no subsidy');
  const lines = due.filter((line) => !claimedKeys.has(claimLineKey(line)));
  if (lines.length === 0) {
    return { refusal: { code: 'ALREADY_CLAIMED', message: `every line due is in a claim already${certificateWaiting ? `; ${certificateWaiting}` : ''}` } };
  }
  return { lines };
}

/** Sum of the lines, per payee and in all, in yuan with two places. */
export function claimTotals(lines: readonly ClaimLine[]): { amount: string; toEnterprise: string; toProvider: string; toTrainee: string } {
  const sums: Record<SubsidyPayee, bigint> = { ENTERPRISE: 0n, PROVIDER: 0n, TRAINEE: 0n };
  for (const line of lines) sums[line.payee] += yuan(line.amount);
  return {
    amount: formatYuan(sums.ENTERPRISE + sums.PROVIDER + sums.TRAINEE),
    toEnterprise: formatYuan(sums.ENTERPRISE),
    toProvider: formatYuan(sums.PROVIDER),
    toTrainee: formatYuan(sums.TRAINEE),
  };
}

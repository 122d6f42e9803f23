import { regionCovers } from '../../server/auth';
import { todayInChina } from '../demand/post-demand-rules';
import type { SubsidyQuote } from '../supply/subsidy-quote';
import { CourseMode } from '../supply/supply-enums';

/** Where a voucher stands, worked out from its record and the day (see `voucherStatus`). */
export enum VoucherStatus {
  /** Can be used to take a seat. */
  ISSUED = 'ISSUED',
  /** Holds a seat; given back when the seat is. */
  REDEEMED = 'REDEEMED',
  /** Not used by its last day. */
  EXPIRED = 'EXPIRED',
  /** Withdrawn by the bureau before use. */
  REVOKED = 'REVOKED',
}

export function voucherStatus(voucher: { revokedAt: Date | null; enrollmentId: string | null; validUntil: string }, today: string): VoucherStatus {
  if (voucher.revokedAt) return VoucherStatus.REVOKED;
  if (voucher.enrollmentId) return VoucherStatus.REDEEMED;
  return voucher.validUntil < today ? VoucherStatus.EXPIRED : VoucherStatus.ISSUED;
}

/** The number printed on a voucher and read over the phone: city, year of issue and serial (`210200-2026-00000042`). */
export function voucherNumber(voucher: { id: string; regionCode: string; issuedAt: Date }): string {
  return `${voucher.regionCode.trim()}-${todayInChina(voucher.issuedAt).slice(0, 4)}-${voucher.id.padStart(8, '0')}`;
}

/** A course as a voucher's rule reads it. */
export interface VoucherCourse {
  id: string;
  regionCode: string;
  occupationCode: string;
  mode: CourseMode;
}

/**
 * Why a voucher does not pay for a course, or null when it does: a course of its occupation (any,
 * when it names none), of its city or online, subsidised for the trainee. Enrolment refuses on it,
 * and matching credits the courses it does pay for.
 */
export function voucherMisfit(
  voucher: { regionCode: string; occupationCode: string | null },
  course: VoucherCourse,
  quote: Pick<SubsidyQuote, 'subsidised' | 'totalSubsidy'>,
): string | null {
  if (voucher.occupationCode && voucher.occupationCode !== course.occupationCode) return `is for occupation ${voucher.occupationCode}; course ${course.id} trains ${course.occupationCode}`;
  if (course.mode !== CourseMode.ONLINE && !regionCovers(voucher.regionCode.trim(), course.regionCode)) {
    return `is issued by ${voucher.regionCode.trim()} and takes its courses or online ones; course ${course.id} is held in ${course.regionCode}`;
  }
  if (!quote.subsidised || Number(quote.totalSubsidy) === 0) return `pays for subsidised training; course ${course.id} is not subsidised for this trainee`;
  return null;
}

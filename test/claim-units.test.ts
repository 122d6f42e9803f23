import { describe, expect, it } from 'vitest';
import { claimableLines, claimLineKey, claimTotals, type ClaimableSeat } from '../domain/claim/claim-rules';
import { ApprenticeVia } from '../domain/apprenticeship/apprentice-rules';
import { EnrollmentStatus, TrainingCompletion } from '../domain/enrollment/enrollment-enums';
import { SkillLevel } from '../domain/skills/skill-level';
import { SubsidyLineKind, type SubsidyLine, type SubsidyQuote } from '../domain/supply/subsidy-quote';

const line = (kind: SubsidyLineKind, amount: string, standardId: string | null, includedInTotal = true): SubsidyLine => ({
  kind,
  label: kind,
  amount,
  includedInTotal,
  standardId,
  catalogId: kind === SubsidyLineKind.SHORTAGE_UPLIFT ? '1' : null,
  catalogEntryId: kind === SubsidyLineKind.SHORTAGE_UPLIFT ? '7' : null,
});
const quote = (lines: SubsidyLine[]): SubsidyQuote =>
  ({ courseId: '1', fee: '1800.00', baseSubsidy: '0.00', shortageUpliftPercent: '0.00', shortageUplift: '0.00', groupSupplements: '0.00', totalSubsidy: '0.00', netCost: '0.00', lines, subsidised: true }) as SubsidyQuote;
const FULL = quote([
  line(SubsidyLineKind.BASE, '1000.00', '11'),
  line(SubsidyLineKind.SHORTAGE_UPLIFT, '100.00', null),
  line(SubsidyLineKind.GROUP_SUPPLEMENT, '300.00', '12'),
  line(SubsidyLineKind.CERTIFICATE, '500.00', '13', false),
]);
const seat = (over: Partial<ClaimableSeat> = {}): ClaimableSeat => ({
  status: EnrollmentStatus.ENROLLED,
  completion: TrainingCompletion.COMPLETED,
  finishedOn: '2026-10-01',
  certificateLevel: SkillLevel.INTERMEDIATE,
  quote: FULL,
  courseSkillLevel: SkillLevel.INTERMEDIATE,
  heldByVoucher: false,
  apprenticeship: null,
  ...over,
});
const kinds = (result: ReturnType<typeof claimableLines>) => ('lines' in result ? result.lines.map((l) => `${l.kind}→${l.payee}`) : result.refusal.code);

describe('what a completed seat can claim', () => {
  it('pays every quoted line to the trainee, the training lines to the provider when a voucher holds the seat', () => {
    expect(kinds(claimableLines(seat(), new Set()))).toEqual(['BASE→TRAINEE', 'SHORTAGE_UPLIFT→TRAINEE', 'GROUP_SUPPLEMENT→TRAINEE', 'CERTIFICATE→TRAINEE']);
    expect(kinds(claimableLines(seat({ heldByVoucher: true }), new Set()))).toEqual(['BASE→PROVIDER', 'SHORTAGE_UPLIFT→PROVIDER', 'GROUP_SUPPLEMENT→TRAINEE', 'CERTIFICATE→TRAINEE']);
  });

  it('holds the certificate subsidy back until a certificate of the course level is reported', () => {
    expect(kinds(claimableLines(seat({ certificateLevel: SkillLevel.JUNIOR }), new Set()))).toEqual(['BASE→TRAINEE', 'SHORTAGE_UPLIFT→TRAINEE', 'GROUP_SUPPLEMENT→TRAINEE']);
    const onlyCertificate = seat({ certificateLevel: null, quote: quote([line(SubsidyLineKind.NO_STANDARD, '0.00', null), line(SubsidyLineKind.CERTIFICATE, '500.00', '13', false)]) });
    expect(claimableLines(onlyCertificate, new Set())).toEqual({ refusal: { code: 'NOT_CLAIMABLE', message: 'the certificate subsidy falls due with a 四级/中级工 certificate, and none is reported' } });
  });

  it('claims each line once: what a live claim holds is left out, and nothing left is ALREADY_CLAIMED', () => {
    const claimed = new Set(['BASE:11', 'SHORTAGE_UPLIFT:7', 'GROUP_SUPPLEMENT:12']);
    expect(kinds(claimableLines(seat(), claimed))).toEqual(['CERTIFICATE→TRAINEE']);
    expect(kinds(claimableLines(seat(), new Set([...claimed, claimLineKey({ kind: SubsidyLineKind.CERTIFICATE, standardId: '13', catalogEntryId: null })])))).toBe('ALREADY_CLAIMED');
  });

  it('refuses seats given back, not reported, dropped out, or promised nothing', () => {
    expect(kinds(claimableLines(seat({ status: EnrollmentStatus.WITHDRAWN }), new Set()))).toBe('NOT_CLAIMABLE');
    expect(kinds(claimableLines(seat({ completion: null }), new Set()))).toBe('NOT_CLAIMABLE');
    expect(kinds(claimableLines(seat({ completion: TrainingCompletion.DROPPED_OUT }), new Set()))).toBe('NOT_CLAIMABLE');
    expect(claimableLines(seat({ quote: quote([line(SubsidyLineKind.NOT_ADMITTED, '0.00', null)]) }), new Set())).toMatchObject({ refusal: { message: 'the quote recorded when the seat was taken promised no subsidy' } });
  });

  it('adds up exactly, per payee', () => {
    const result = claimableLines(seat({ heldByVoucher: true }), new Set());
    expect('lines' in result && claimTotals(result.lines)).toEqual({ amount: '1900.00', toEnterprise: '0.00', toProvider: '1100.00', toTrainee: '800.00' });
  });

  it("pays an apprentice's training lines to the enterprise, an intern's only once the contract after graduation is on file", () => {
    const employee = seat({ heldByVoucher: true, apprenticeship: { via: ApprenticeVia.LABOUR_CONTRACT, subsidisingContractBegun: false } });
    expect(kinds(claimableLines(employee, new Set()))).toEqual(['BASE→ENTERPRISE', 'SHORTAGE_UPLIFT→ENTERPRISE', 'GROUP_SUPPLEMENT→TRAINEE', 'CERTIFICATE→TRAINEE']);
    const waiting = claimableLines(seat({ apprenticeship: { via: ApprenticeVia.INTERNSHIP, subsidisingContractBegun: false } }), new Set());
    expect(waiting).toMatchObject({ refusal: { code: 'NOT_CLAIMABLE', message: expect.stringContaining('labour contract of 1 year or more') } });
    const hired = claimableLines(seat({ apprenticeship: { via: ApprenticeVia.INTERNSHIP, subsidisingContractBegun: true } }), new Set());
    expect('lines' in hired && claimTotals(hired.lines)).toEqual({ amount: '1900.00', toEnterprise: '1100.00', toProvider: '0.00', toTrainee: '800.00' });
  });
});

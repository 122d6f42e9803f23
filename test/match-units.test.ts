import { describe, expect, it } from 'vitest';
import { courseMatchQueries, majorTerms } from '../domain/matching/course-match.service';
import { cityOf, compareMatches, ineligibility, MatchReasonCode, nextRungRank, scoreMatch, voucherFor, type MatchCourse, type MatchSeeker, type MatchSignals } from '../domain/matching/match-scoring';
import { DEFAULT_MATCH_WEIGHTS, parseMatchWeights } from '../domain/matching/match-weights';
import { SkillLevel } from '../domain/skills/skill-level';
import { CourseMode, CourseStatus, SeekerGroup, ShortageLevel, TrainingType } from '../domain/supply/supply-enums';
import { EducationLevel } from '../domain/seeker/seeker-enums';
import { WorkAgreementKind } from '../domain/apprenticeship/apprentice-rules';
import { ConfigError, loadConfig } from '../server/config';

const TODAY = '2026-11-21';

describe('the match score', () => {
  const signals: MatchSignals = {
    relevance: { code: MatchReasonCode.TARGET_OCCUPATION, value: 1, label: '求职意向: 人工智能训练师' },
    shortage: {
      catalogId: '1',
      catalogTitle: '大连市急需紧缺职业目录（2026年）',
      catalogPeriod: '2026',
      catalogRegionName: '大连市',
      regionCode: '210200',
      entryId: '2',
      level: ShortageLevel.SEVERE,
      subsidyUpliftPercent: '10.00',
    },
    openDemandHeadcount: 50,
    linkedDemand: [{ enterpriseName: '大连星海数据智能科技有限公司', headcount: 20 }],
    netCost: '0.00',
    courseLevel: SkillLevel.JUNIOR,
    seekerLevel: null,
    startsOn: TODAY,
    placement: { completed: 20, employed: 20 },
    voucher: { number: '210200-2026-00000042', regionCode: '210200', occupationCode: '4-04-05-05', occupationName: '人工智能训练师', validUntil: '2027-03-31' },
  };

  it('is relevance times the weighted sum of the signals, each reason saying what it added', () => {
    // Every factor at 1: the score is the sum of the weights.
    const full = scoreMatch(signals, DEFAULT_MATCH_WEIGHTS, TODAY);
    expect(full.score).toBeCloseTo(Object.values(DEFAULT_MATCH_WEIGHTS).reduce((a, b) => a + b, 0), 4);
    expect(full.reasons.map((r) => [r.code, r.label])).toEqual([
      [MatchReasonCode.TARGET_OCCUPATION, '求职意向: 人工智能训练师'],
      [MatchReasonCode.NEXT_RUNG, '下一技能等级: 五级/初级工'],
      [MatchReasonCode.SHORTAGE, '急需紧缺职业（大连市 2026 目录）: 补贴上浮 10%'],
      [MatchReasonCode.LOCAL_DEMAND, '本市岗位需求 50 人'],
      [MatchReasonCode.ORDER_BASED, '订单式培训: 对接 大连星海数据智能科技有限公司 20 个岗位'],
      [MatchReasonCode.NET_COST, '补贴后个人免费'],
      [MatchReasonCode.PLACEMENT, '往期学员就业率 100%（20 人结业）'],
      [MatchReasonCode.VOUCHER, '可使用培训券 210200-2026-00000042（有效期至 2027-03-31）'],
      [MatchReasonCode.SOONER_START, '今天开班'],
    ]);

    // Half the relevance halves everything; weaker signals add less, on their documented scales.
    const weaker = scoreMatch(
      {
        ...signals,
        relevance: { ...signals.relevance, value: 0.5 },
        shortage: { ...signals.shortage!, level: ShortageLevel.MILD, subsidyUpliftPercent: '8.50' },
        openDemandHeadcount: 5,
        linkedDemand: [],
        netCost: '3000.00',
        courseLevel: SkillLevel.INTERMEDIATE,
        startsOn: '2027-01-05',
        placement: { completed: 12, employed: 9 },
      },
      DEFAULT_MATCH_WEIGHTS,
      TODAY,
    );
    const w = DEFAULT_MATCH_WEIGHTS;
    const expected =
      0.5 *
      (w.relevance + w.shortage * 0.5 + w.localDemand * (Math.log1p(5) / Math.log1p(50)) + w.netCost * 0.5 + w.nextRung * 0.35 + w.soonerStart * (1 - 45 / 90) + w.placement * 0.75 + w.voucher);
    expect(weaker.score).toBeCloseTo(expected, 3);
    expect(weaker.reasons.map((r) => r.label)).toEqual(
      expect.arrayContaining(['急需紧缺职业（大连市 2026 目录）: 补贴上浮 8.5%', '本市岗位需求 5 人', '补贴后个人自付 3000.00 元', '跨一级提升至 四级/中级工', '45 天后开班（2027-01-05）', '往期学员就业率 75%（12 人结业）']),
    );

    // A record of fewer than ten completions says little: no placement reason, nothing added.
    for (const placement of [{ completed: 9, employed: 9 }, { completed: 30, employed: 0 }, null]) {
      const scored = scoreMatch({ ...signals, placement }, DEFAULT_MATCH_WEIGHTS, TODAY);
      expect(scored.reasons.some((r) => r.code === MatchReasonCode.PLACEMENT)).toBe(false);
      expect(scored.score).toBeCloseTo(full.score - w.placement, 4);
    }
    expect(weaker.reasons.some((r) => r.code === MatchReasonCode.ORDER_BASED)).toBe(false);
    // Without a voucher that pays for the course, nothing for it.
    const noVoucher = scoreMatch({ ...signals, voucher: null }, DEFAULT_MATCH_WEIGHTS, TODAY);
    expect(noVoucher.reasons.some((r) => r.code === MatchReasonCode.VOUCHER)).toBe(false);
    expect(noVoucher.score).toBeCloseTo(full.score - w.voucher, 4);
  });

  it('follows its configured weights', () => {
    const { weights } = parseMatchWeights('relevance=1,shortage=0,localDemand=0,orderBased=0,netCost=0,nextRung=0,soonerStart=0,placement=0,voucher=0');
    expect(scoreMatch(signals, weights, TODAY)).toEqual({ score: 1, reasons: [{ code: MatchReasonCode.TARGET_OCCUPATION, label: '求职意向: 人工智能训练师', weight: 1 }] });
    expect(parseMatchWeights('shortage=0.3').weights).toEqual({ ...DEFAULT_MATCH_WEIGHTS, shortage: 0.3 });
    expect(parseMatchWeights('speed=1,shortage=-1,netCost=abc').problems).toHaveLength(3);
    expect(loadConfig({ MATCH_WEIGHTS: 'nextRung=0.2' }).matchWeights.nextRung).toBe(0.2);
    expect(() => loadConfig({ MATCH_WEIGHTS: 'nextRung=lots' })).toThrow(ConfigError);
  });

  it('breaks ties by sooner start, then by id', () => {
    const list = [
      { score: 0.5, startsOn: '2026-12-02', id: '3' },
      { score: 0.5, startsOn: '2026-12-01', id: '9' },
      { score: 0.7, startsOn: '2026-12-09', id: '5' },
      { score: 0.5, startsOn: '2026-12-01', id: '4' },
    ];
    expect([...list].sort(compareMatches).map((m) => m.id)).toEqual(['5', '4', '9', '3']);
  });
});

describe('eligibility', () => {
  const seeker: MatchSeeker = {
    id: '1',
    regionCode: '210211',
    currentSkillLevel: SkillLevel.JUNIOR,
    groups: [SeekerGroup.UNEMPLOYED],
    targetOccupationCodes: ['6-18-02-04'],
    major: null,
    bookedPeriods: [],
    vouchers: [],
    apprentice: { educationLevel: EducationLevel.SENIOR_HIGH, graduationDate: null, agreements: [] },
  };
  const course: MatchCourse = {
    id: '7',
    occupationCode: '6-18-02-04',
    skillLevel: SkillLevel.INTERMEDIATE,
    mode: CourseMode.ONSITE,
    regionCode: '210213',
    status: CourseStatus.PUBLISHED,
    capacity: 30,
    enrolled: 29,
    startsOn: TODAY,
    endsOn: '2026-12-20',
    eligibleGroups: [],
    trainingType: TrainingType.EMPLOYMENT_SKILLS,
  };
  const subsidised = { subsidised: true, lines: [] };
  const apprenticeship = { trainingType: TrainingType.NEW_APPRENTICESHIP };
  const intern = (startsOn: string, endsOn: string, graduationDate = '2027-06-30') => ({
    apprentice: { educationLevel: EducationLevel.BACHELOR, graduationDate, agreements: [{ enterpriseId: '5', kind: WorkAgreementKind.INTERNSHIP, startsOn, endsOn }] },
  });

  it.each<[string, Partial<MatchCourse>, Partial<MatchSeeker>, boolean, string | null]>([
    ['same city, next level, a seat left, starting today', {}, {}, true, null],
    ['a draft', { status: CourseStatus.DRAFT }, {}, true, 'not published'],
    ['cancelled', { status: CourseStatus.CANCELLED }, {}, true, 'not published'],
    ['started yesterday', { startsOn: '2026-11-20' }, {}, true, 'already started'],
    ['full', { enrolled: 30 }, {}, true, 'no seats left'],
    ['another city', { regionCode: '210102' }, {}, true, 'in another city'],
    ['another city but online', { regionCode: '210102', mode: CourseMode.ONLINE }, {}, true, null],
    ['another city, blended', { regionCode: '210102', mode: CourseMode.BLENDED }, {}, true, 'in another city'],
    ['for the seeker\'s group', { eligibleGroups: [SeekerGroup.VETERAN, SeekerGroup.UNEMPLOYED] }, {}, true, null],
    ['for other groups', { eligibleGroups: [SeekerGroup.VETERAN] }, {}, true, 'for other groups'],
    ['at the seeker\'s level', { skillLevel: SkillLevel.JUNIOR }, {}, true, 'not above the current level'],
    ['for someone without a level, any level', { skillLevel: SkillLevel.APPRENTICE }, { currentSkillLevel: null }, true, null],
    ['not subsidised (provider not admitted)', {}, {}, false, 'not subsidised'],
    ['overlapping a course the seeker is enrolled in', {}, { bookedPeriods: [{ startsOn: '2026-12-20', endsOn: '2027-01-10' }] }, true, 'overlaps a course the seeker is enrolled in'],
    ['before a course the seeker is enrolled in', {}, { bookedPeriods: [{ startsOn: '2026-12-21', endsOn: '2027-01-10' }] }, true, null],
    ['new apprenticeship, no agreement on file', apprenticeship, {}, true, 'new apprenticeship, and no enterprise apprentice on its first day'],
    ['new apprenticeship, an employee', apprenticeship, { apprentice: { ...seeker.apprentice, agreements: [{ enterpriseId: '5', kind: WorkAgreementKind.LABOUR_CONTRACT, startsOn: '2025-03-01', endsOn: null }] } }, true, null],
    ['new apprenticeship, a contract ended before it starts', apprenticeship, { apprentice: { ...seeker.apprentice, agreements: [{ enterpriseId: '5', kind: WorkAgreementKind.LABOUR_CONTRACT, startsOn: '2025-03-01', endsOn: '2026-11-20' }] } }, true, 'new apprenticeship, and no enterprise apprentice on its first day'],
    ['new apprenticeship, a graduating-year intern for six months', apprenticeship, intern('2026-09-01', '2027-02-28'), true, null],
    ['new apprenticeship, an internship a day short of six months', apprenticeship, intern('2026-09-01', '2027-02-27'), true, 'new apprenticeship, and no enterprise apprentice on its first day'],
    ['new apprenticeship, an intern who graduated last year', apprenticeship, intern('2026-09-01', '2027-02-28', '2025-06-30'), true, 'new apprenticeship, and no enterprise apprentice on its first day'],
])('%s', (_, courseChange, seekerChange, isSubsidised, expected) => {
    expect(ineligibility({ ...course, ...courseChange }, { ...seeker, ...seekerChange }, { ...subsidised, subsidised: isSubsidised }, TODAY)).toBe(expected);
  });

  it('knows cities and the next rung', () => {
    expect(cityOf('210204')).toBe('210200');
    expect(cityOf('210200')).toBe('210200');
    expect(cityOf('210000')).toBe('210000');
    expect(nextRungRank(null)).toBe(1);
    expect(nextRungRank(SkillLevel.INTERMEDIATE)).toBe(3); // SENIOR
  });

  it("takes a major's field words for the fallback's text match", () => {
    expect(majorTerms('计算机科学与技术')).toEqual(['计算机']);
    expect(majorTerms('网络营销与直播电商')).toEqual(['网络营销', '直播电商']);
    expect(majorTerms('护理')).toEqual(['护理']);
    expect(majorTerms(null)).toEqual([]);
  });
});

describe('the voucher a match credits', () => {
  const course = { id: '7', occupationCode: '4-10-01-05', skillLevel: SkillLevel.JUNIOR, mode: CourseMode.ONSITE, regionCode: '210202', status: CourseStatus.PUBLISHED, capacity: 30, enrolled: 0, startsOn: '2026-12-01', endsOn: '2026-12-20', eligibleGroups: [], trainingType: TrainingType.EMPLOYMENT_SKILLS };
  const subsidised = { subsidised: true, totalSubsidy: '1000.00' };
  const voucher = (number: string, occupationCode: string | null, regionCode = '210200') => ({ number, regionCode, occupationCode, occupationName: null, validUntil: '2027-03-31' });

  it('is one for the occupation before one for any, soonest to expire first; none that another city issued, or for an unsubsidised course', () => {
    const anyFirst = [voucher('any', null), voucher('care', '4-10-01-05'), voucher('care-later', '4-10-01-05')];
    expect(voucherFor({ vouchers: anyFirst }, course, subsidised)?.number).toBe('care');
    expect(voucherFor({ vouchers: [voucher('ai', '4-04-05-05'), voucher('any', null)] }, course, subsidised)?.number).toBe('any');
    expect(voucherFor({ vouchers: [voucher('ai', '4-04-05-05')] }, course, subsidised)).toBeNull();
    expect(voucherFor({ vouchers: [voucher('shenyang', null, '210100')] }, course, subsidised)).toBeNull();
    expect(voucherFor({ vouchers: [voucher('shenyang', null, '210100')] }, { ...course, mode: CourseMode.ONLINE }, subsidised)?.number).toBe('shenyang');
    expect(voucherFor({ vouchers: anyFirst }, course, { subsidised: false, totalSubsidy: '0.00' })).toBeNull();
    expect(voucherFor({ vouchers: [] }, course, subsidised)).toBeNull();
  });
});

describe('the searches a match sends', () => {
  const seeker = (vouchers: (string | null)[]) => ({
    id: '1',
    regionCode: '210202',
    currentSkillLevel: null,
    groups: [],
    targetOccupationCodes: ['4-10-01-05'],
    major: null,
    targetNames: new Map([['4-10-01-05', '养老护理员']]),
    bookedPeriods: [],
    apprentice: { educationLevel: EducationLevel.SENIOR_HIGH, graduationDate: null, agreements: [] },
    vouchers: vouchers.map((occupationCode, i) => ({ number: `v${i}`, regionCode: '210200', occupationCode, occupationName: null, validUntil: '2027-03-31' })),
  });
  const ways = (vouchers: (string | null)[]) => courseMatchQueries(seeker(vouchers), {}, 20).map((query) => [query.way, JSON.stringify(query.filter)]);

  it('add one for the occupations of vouchers beyond the targets, and none for a voucher of a target or of any occupation', () => {
    expect(ways([]).map(([way]) => way)).toEqual(['target', 'neighbour']);
    expect(ways(['4-10-01-05', null]).map(([way]) => way)).toEqual(['target', 'neighbour']);
    const widened = ways(['4-04-05-05', '4-10-01-05', '4-04-05-05']);
    expect(widened.map(([way]) => way)).toEqual(['target', 'neighbour', 'voucher']);
    expect(widened[2][1]).toContain('occupationCode IN [\\"4-04-05-05\\"]');
  });
});

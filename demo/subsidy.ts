import type { DataSource } from 'typeorm';
import { auditSubject, recordAudit, type Actor } from '../domain/audit/audit';
import { SkillLevel } from '../domain/skills/skill-level';
import { SubsidyStandard } from '../domain/supply/subsidy-standard.entity';
import { reindexCoursesQuotedBy } from '../domain/supply/subsidy-standard.service';
import { CompetitionLevel, SeekerGroup, SubsidyKind, SubsidyUnit, TrainingType } from '../domain/supply/supply-enums';

const LIAONING = '210000';
const DALIAN = '210200';
const BAOTOU = '150200';
const FROM = '2026-01-01';

const DALIAN_PLAN = '加强新时代大连高技能人才队伍建设实施方案（大政办发〔2023〕34号）(004 §(四))';
const DALIAN_COMPETITIONS = '加强新时代大连高技能人才队伍建设实施方案（大政办发〔2023〕34号）(004 §(十四))：按进入决赛人数给予选手所在企业、院校竞赛补贴';
const BAOTOU_OPINIONS = '包头市关于进一步推动技能强企工作的实施意见 (003 §四)';
const LIAONING_PLAN = '辽宁省“十四五”职业技能培训规划（辽人社发〔2022〕20号）(001 §(四))';

type DemoStandard = Pick<SubsidyStandard, 'regionCode' | 'kind' | 'amount' | 'unit' | 'basis'> &
  Partial<Pick<SubsidyStandard, 'occupationCode' | 'skillLevel' | 'trainingType' | 'seekerGroup' | 'competitionLevel'>>;

const apprenticeship = (regionCode: string, amount: string, basis: string, skillLevel: SkillLevel | null = null): DemoStandard => ({
  regionCode,
  kind: SubsidyKind.TRAINING,
  trainingType: TrainingType.NEW_APPRENTICESHIP,
  skillLevel,
  amount,
  unit: SubsidyUnit.PER_PERSON_YEAR,
  basis,
});

/**
 * The figures of the source documents, as standards in force from 2026-01-01:
 * - Dalian new apprenticeship: at least 5,000 per person per year (004 §(四)).
 * - Baotou new apprenticeship: 6,000-8,000 per person per year "by the level trained for" (003 §四).
 *   The document gives only the range, so the three steps are spread over the levels trained for:
 *   6,000 for any level without its own row (apprentice, junior, intermediate), 7,000 for senior
 *   (高级工), 8,000 for technician (技师) and above.
 * - Dalian newly certified technician 3,500 and senior technician 5,000 per person (004 §(四)).
 * - Dalian competition subsidies per finalist, to the finalist's enterprise or college: city 1,500,
 *   province 2,000, national 5,000, world 10,000 (004 §(十四)).
 * - Liaoning training subsidy by level: the documents give no figure (001 §(二十四) leaves it to
 *   each region), so these are sample data, marked 示例数据 in `basis`; Dalian inherits them.
 * - Liaoning living-cost support for labour-preparation trainees who did not continue study and for
 *   members of low-income families (001 §(四) names the subsidy, not its amount: sample amount).
 */
const STANDARDS: DemoStandard[] = [
  apprenticeship(DALIAN, '5000.00', DALIAN_PLAN),
  apprenticeship(BAOTOU, '6000.00', `${BAOTOU_OPINIONS}；初级工、中级工（及未分等级）`),
  apprenticeship(BAOTOU, '7000.00', `${BAOTOU_OPINIONS}；高级工`, SkillLevel.SENIOR),
  ...[SkillLevel.TECHNICIAN, SkillLevel.SENIOR_TECHNICIAN, SkillLevel.SPECIAL_TECHNICIAN, SkillLevel.CHIEF_TECHNICIAN].map((level) =>
    apprenticeship(BAOTOU, '8000.00', `${BAOTOU_OPINIONS}；技师及以上`, level),
  ),
  { regionCode: DALIAN, kind: SubsidyKind.CERTIFICATE, skillLevel: SkillLevel.TECHNICIAN, amount: '3500.00', unit: SubsidyUnit.PER_PERSON, basis: DALIAN_PLAN },
  { regionCode: DALIAN, kind: SubsidyKind.CERTIFICATE, skillLevel: SkillLevel.SENIOR_TECHNICIAN, amount: '5000.00', unit: SubsidyUnit.PER_PERSON, basis: DALIAN_PLAN },
  ...(
    [
      [CompetitionLevel.CITY, '1500.00'],
      [CompetitionLevel.PROVINCE, '2000.00'],
      [CompetitionLevel.NATIONAL, '5000.00'],
      [CompetitionLevel.WORLD, '10000.00'],
    ] as const
  ).map(([competitionLevel, amount]) => ({ regionCode: DALIAN, kind: SubsidyKind.COMPETITION, competitionLevel, amount, unit: SubsidyUnit.PER_PERSON, basis: DALIAN_COMPETITIONS })),
  ...(
    [
      [SkillLevel.JUNIOR, '1000.00'],
      [SkillLevel.INTERMEDIATE, '1500.00'],
      [SkillLevel.SENIOR, '2000.00'],
      [SkillLevel.TECHNICIAN, '3000.00'],
    ] as const
  ).map(([skillLevel, amount]) => ({
    regionCode: LIAONING,
    kind: SubsidyKind.TRAINING,
    skillLevel,
    amount,
    unit: SubsidyUnit.PER_PERSON,
    basis: '示例数据：文件未给出金额（辽宁省“十四五”职业技能培训规划 001 §(二十四) 要求各地综合确定）',
  })),
  ...[SeekerGroup.NON_CONTINUING_STUDENT, SeekerGroup.LOW_INCOME_FAMILY].map((seekerGroup) => ({
    regionCode: LIAONING,
    kind: SubsidyKind.GROUP_SUPPLEMENT,
    trainingType: TrainingType.LABOR_PREPARATION,
    seekerGroup,
    amount: '600.00',
    unit: SubsidyUnit.PER_PERSON,
    basis: `${LIAONING_PLAN} 生活费补贴；金额为示例数据`,
  })),
];

/**
 * Inserts the demo subsidy standards (call it when `subsidy_standard` is empty), audited, and queues
 * the courses already there whose quote they set. Returns how many standards it inserted.
 */
export async function loadSubsidyDemo(dataSource: DataSource, actor: Actor): Promise<number> {
  return dataSource.transaction(async (manager) => {
    const repo = manager.getRepository(SubsidyStandard);
    const saved = await repo.save(STANDARDS.map((s) => repo.create({ occupationCode: null, skillLevel: null, trainingType: null, seekerGroup: null, competitionLevel: null, ...s, effectiveFrom: FROM, effectiveUntil: null })));
    for (const standard of saved) await reindexCoursesQuotedBy(manager, standard, FROM, null);
    await recordAudit(manager, actor, 'DEMO', auditSubject('SubsidyStandard', '*', ...saved.map((s) => s.regionCode)), { standards: saved.length, ids: saved.map((s) => s.id) });
    return saved.length;
  });
}

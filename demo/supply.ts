import type { DataSource, EntityManager } from 'typeorm';
import { auditSubject, recordAudit, type Actor } from '../domain/audit/audit';
import { PostDemand } from '../domain/demand/post-demand.entity';
import { todayInChina } from '../domain/demand/post-demand-rules';
import { creditCodeCheckCharacter } from '../domain/enterprise/credit-code';
import { SkillLevel } from '../domain/skills/skill-level';
import { Course } from '../domain/supply/course.entity';
import { Provider, ProviderAdmission } from '../domain/supply/provider.entity';
import { CourseMode, CourseStatus, ProviderType, SeekerGroup, TrainingType } from '../domain/supply/supply-enums';
import { enqueueCourseReindex } from '../search/courses.index';
import { addDays } from '../domain/supply/subsidy-quote';


/** Fictional providers of every kind; the last is suspended (subsidy fraud), so its course shows no subsidy. */
const PROVIDERS: { body: string; name: string; type: ProviderType; regionCode: string; suspended?: string }[] = [
  { body: '12210200MB0A22345', name: '大连装备制造职业技术学院', type: ProviderType.VOCATIONAL_COLLEGE, regionCode: '210200' },
  { body: '12210200MB0B33455', name: '大连市技师学院', type: ProviderType.TECHNICAL_SCHOOL, regionCode: '210211' },
  { body: '12210200MB0C44565', name: '大连海湾理工学院继续教育学院', type: ProviderType.HIGHER_EDUCATION, regionCode: '210213' },
  { body: '52210200MJ0D55675', name: '大连颐康养老职业技能培训学校', type: ProviderType.PRIVATE_TRAINING_INSTITUTION, regionCode: '210202' },
  { body: '91210200MA0E66785', name: '大连智造重型装备企业培训中心', type: ProviderType.ENTERPRISE_TRAINING_CENTER, regionCode: '210200' },
  { body: '91210200MA0F77895', name: '星海数字技能在线学院', type: ProviderType.ONLINE_PLATFORM, regionCode: '210204' },
  { body: '12210200MB0G88905', name: '大连市公共实训基地', type: ProviderType.PUBLIC_TRAINING_BASE, regionCode: '210213' },
  { body: '52210200MJ0H99015', name: '大连速成职业培训中心', type: ProviderType.PRIVATE_TRAINING_INSTITUTION, regionCode: '210211', suspended: '虚报培训人数，套取补贴资金（001 §(三十七)）' },
];

interface DemoCourse {
  provider: number;
  title: string;
  occupationCode: string;
  skillLevel: SkillLevel;
  trainingType: TrainingType;
  mode: CourseMode;
  hours: number;
  startIn: number;
  days: number;
  regionCode: string;
  address?: string;
  capacity: number;
  fee: string;
  eligibleGroups?: SeekerGroup[];
  certificate: string;
  description: string;
  /** Order-based training: the demo post-demand line (by occupation) it trains for. */
  forDemand?: string;
  status?: CourseStatus;
}

const L = SkillLevel;
const T = TrainingType;
const M = CourseMode;

/** Courses for the occupations of Dalian's demo demand, at several levels, kinds and prices. */
const COURSES: DemoCourse[] = [
  { provider: 5, title: '人工智能训练师（四级）线上培训班', occupationCode: '4-04-05-05', skillLevel: L.INTERMEDIATE, trainingType: T.MAJOR_CONVERSION, mode: M.ONLINE, hours: 120, startIn: 20, days: 60, regionCode: '210204', capacity: 200, fee: '3800.00', eligibleGroups: [SeekerGroup.COLLEGE_GRADUATE, SeekerGroup.UNEMPLOYED], certificate: '职业技能等级证书（人工智能训练师 四级）', description: '面向高校毕业生的专业转换培训：数据标注、数据清洗、大模型语料整理与模型测试，配套企业真实标注项目。', forDemand: '4-04-05-05' },
  { provider: 0, title: '人工智能训练师（三级）提升班', occupationCode: '4-04-05-05', skillLevel: L.SENIOR, trainingType: T.SKILL_UPGRADING, mode: M.BLENDED, hours: 160, startIn: 35, days: 75, regionCode: '210200', address: '大连市甘井子区华北路', capacity: 40, fee: '4800.00', certificate: '职业技能等级证书（人工智能训练师 三级）', description: '智能训练数据处理、智能系统运维与算法测试，适合已取得四级证书的在岗人员。' },
  { provider: 5, title: '生成式人工智能系统应用员入门', occupationCode: '4-04-05-13', skillLevel: L.JUNIOR, trainingType: T.EMPLOYMENT_SKILLS, mode: M.ONLINE, hours: 64, startIn: 10, days: 30, regionCode: '210204', capacity: 300, fee: '2600.00', certificate: '专项职业能力证书（生成式人工智能应用）', description: '大模型提示词工程、智能体搭建与办公场景应用。' },
  { provider: 2, title: '商务数据分析师（四级）专业转换班', occupationCode: '4-07-02-05', skillLevel: L.INTERMEDIATE, trainingType: T.MAJOR_CONVERSION, mode: M.BLENDED, hours: 140, startIn: 25, days: 70, regionCode: '210213', capacity: 50, fee: '4200.00', eligibleGroups: [SeekerGroup.COLLEGE_GRADUATE], certificate: '职业技能等级证书（商务数据分析师 四级）', description: '数据分析、SQL 与 Python、可视化报表，面向非计算机专业毕业生。' },
  { provider: 2, title: '计算机程序设计员（四级）专业转换班', occupationCode: '4-04-05-01', skillLevel: L.INTERMEDIATE, trainingType: T.MAJOR_CONVERSION, mode: M.ONSITE, hours: 200, startIn: 30, days: 90, regionCode: '210213', address: '大连市金州区海湾理工学院实训楼', capacity: 45, fee: '5200.00', eligibleGroups: [SeekerGroup.COLLEGE_GRADUATE], certificate: '职业技能等级证书（计算机程序设计员 四级）', description: '软件编程与工业软件开发基础：Java、数据库、Web 开发与软件测试。', forDemand: '4-04-05-01' },
  { provider: 3, title: '养老护理员（五级）就业技能培训', occupationCode: '4-10-01-05', skillLevel: L.JUNIOR, trainingType: T.EMPLOYMENT_SKILLS, mode: M.ONSITE, hours: 80, startIn: 14, days: 25, regionCode: '210202', address: '大连市中山区颐康养老服务中心', capacity: 40, fee: '1800.00', certificate: '职业技能等级证书（养老护理员 五级）', description: '老年人生活照料、基础照护、康复服务与失智老人照护，结业推荐到合作养老机构就业。', forDemand: '4-10-01-05' },
  { provider: 3, title: '养老护理员（四级）岗位技能提升', occupationCode: '4-10-01-05', skillLevel: L.INTERMEDIATE, trainingType: T.SKILL_UPGRADING, mode: M.ONSITE, hours: 100, startIn: 40, days: 30, regionCode: '210202', capacity: 30, fee: '2400.00', certificate: '职业技能等级证书（养老护理员 四级）', description: '面向在岗护理员：照护评估、康复护理与护理管理。' },
  { provider: 6, title: '健康照护师（五级）培训班', occupationCode: '4-14-01-03', skillLevel: L.JUNIOR, trainingType: T.EMPLOYMENT_SKILLS, mode: M.ONSITE, hours: 90, startIn: 21, days: 30, regionCode: '210213', capacity: 40, fee: '2000.00', certificate: '职业技能等级证书（健康照护师 五级）', description: '居家与机构健康照护、慢病照护与应急救护。' },
  { provider: 6, title: '家政服务员劳动预备制培训', occupationCode: '4-10-01-06', skillLevel: L.JUNIOR, trainingType: T.LABOR_PREPARATION, mode: M.ONSITE, hours: 160, startIn: 15, days: 60, regionCode: '210213', capacity: 30, fee: '1200.00', eligibleGroups: [SeekerGroup.NON_CONTINUING_STUDENT, SeekerGroup.LOW_INCOME_FAMILY], certificate: '职业技能等级证书（家政服务员 五级）', description: '面向未继续升学的初高中毕业生：家居保洁、母婴护理与烹饪基础，培训期间可申领生活费补贴。' },
  { provider: 1, title: '保育师（四级）培训班', occupationCode: '4-10-01-03', skillLevel: L.INTERMEDIATE, trainingType: T.EMPLOYMENT_SKILLS, mode: M.ONSITE, hours: 96, startIn: 28, days: 35, regionCode: '210211', capacity: 35, fee: '1900.00', certificate: '职业技能等级证书（保育师 四级）', description: '婴幼儿生活照料、安全照护与早期学习支持。' },
  { provider: 1, title: '多工序数控机床操作调整工（三级）订单班', occupationCode: '6-18-01-07', skillLevel: L.SENIOR, trainingType: T.SKILL_UPGRADING, mode: M.ONSITE, hours: 240, startIn: 18, days: 90, regionCode: '210211', address: '大连市甘井子区技师学院数控实训中心', capacity: 24, fee: '6800.00', certificate: '职业技能等级证书（多工序数控机床操作调整工 三级）', description: '五轴加工中心编程与调整、在线测量与精度补偿，港湾数控订单培养。', forDemand: '6-18-01-07' },
  { provider: 1, title: '车工（四级）就业技能培训', occupationCode: '6-18-01-01', skillLevel: L.INTERMEDIATE, trainingType: T.EMPLOYMENT_SKILLS, mode: M.ONSITE, hours: 200, startIn: 24, days: 80, regionCode: '210211', capacity: 30, fee: '3600.00', certificate: '职业技能等级证书（车工 四级）', description: '普通车床与数控车床操作、零件识图与公差配合。' },
  { provider: 0, title: '焊工（四级）培训班', occupationCode: '6-18-02-04', skillLevel: L.INTERMEDIATE, trainingType: T.EMPLOYMENT_SKILLS, mode: M.ONSITE, hours: 180, startIn: 16, days: 60, regionCode: '210200', capacity: 30, fee: '3200.00', certificate: '职业技能等级证书（焊工 四级）', description: '焊条电弧焊、二氧化碳气体保护焊与焊接质量检验。' },
  { provider: 0, title: '焊工（三级）高级班', occupationCode: '6-18-02-04', skillLevel: L.SENIOR, trainingType: T.SKILL_UPGRADING, mode: M.ONSITE, hours: 220, startIn: 45, days: 75, regionCode: '210200', capacity: 24, fee: '4600.00', certificate: '职业技能等级证书（焊工 三级）', description: '压力容器焊接、氩弧焊与焊接工艺评定，对接重型装备企业岗位。', forDemand: '6-18-02-04' },
  { provider: 6, title: '电工（五级）就业技能培训', occupationCode: '6-31-01-03', skillLevel: L.JUNIOR, trainingType: T.EMPLOYMENT_SKILLS, mode: M.ONSITE, hours: 120, startIn: 12, days: 45, regionCode: '210213', capacity: 40, fee: '2200.00', certificate: '职业技能等级证书（电工 五级）', description: '低压电工作业、电气识图与照明线路安装。' },
  { provider: 6, title: '电工（四级）培训班', occupationCode: '6-31-01-03', skillLevel: L.INTERMEDIATE, trainingType: T.SKILL_UPGRADING, mode: M.ONSITE, hours: 160, startIn: 50, days: 60, regionCode: '210213', capacity: 35, fee: '2900.00', certificate: '职业技能等级证书（电工 四级）', description: '继电控制、PLC 基础与电机维修。' },
  { provider: 4, title: '工业机器人系统运维员企业新型学徒制', occupationCode: '6-31-07-01', skillLevel: L.SENIOR, trainingType: T.NEW_APPRENTICESHIP, mode: M.BLENDED, hours: 600, startIn: 30, days: 365, regionCode: '210200', capacity: 20, fee: '0.00', certificate: '职业技能等级证书（工业机器人系统运维员 三级）', description: '企校双师带徒：工业机器人安装调试、维护保养与故障诊断，学徒期一年。', forDemand: '6-31-07-01' },
  { provider: 0, title: '物流服务师（四级）培训班', occupationCode: '4-02-06-03', skillLevel: L.INTERMEDIATE, trainingType: T.EMPLOYMENT_SKILLS, mode: M.BLENDED, hours: 100, startIn: 22, days: 40, regionCode: '210200', capacity: 40, fee: '2300.00', certificate: '职业技能等级证书（物流服务师 四级）', description: '仓储管理、冷链物流与港口物流运营。' },
  { provider: 5, title: '互联网营销师（直播销售员）创业培训', occupationCode: '4-01-06-02', skillLevel: L.JUNIOR, trainingType: T.ENTREPRENEURSHIP, mode: M.ONLINE, hours: 56, startIn: 9, days: 21, regionCode: '210204', capacity: 300, fee: '1500.00', eligibleGroups: [SeekerGroup.RETURNEE, SeekerGroup.RURAL_MIGRANT_WORKER, SeekerGroup.COLLEGE_GRADUATE], certificate: '专项职业能力证书（直播销售）', description: '马兰花创业培训：直播选品、带货话术与农产品电商。' },
  { provider: 1, title: '化工总控工（四级）培训班', occupationCode: '6-11-01-03', skillLevel: L.INTERMEDIATE, trainingType: T.EMPLOYMENT_SKILLS, mode: M.ONSITE, hours: 160, startIn: 33, days: 60, regionCode: '210211', capacity: 30, fee: '3000.00', certificate: '职业技能等级证书（化工总控工 四级）', description: '化工单元操作、DCS 控制与安全生产，面向长兴岛石化基地。', forDemand: '6-11-01-03' },
  { provider: 1, title: '汽车维修工（四级）培训班', occupationCode: '4-12-01-01', skillLevel: L.INTERMEDIATE, trainingType: T.EMPLOYMENT_SKILLS, mode: M.ONSITE, hours: 150, startIn: 26, days: 50, regionCode: '210211', capacity: 30, fee: '2800.00', certificate: '职业技能等级证书（汽车维修工 四级）', description: '新能源汽车维护、电控系统检修。' },
  { provider: 7, title: '中式烹调师（五级）速成班', occupationCode: '4-03-02-01', skillLevel: L.JUNIOR, trainingType: T.EMPLOYMENT_SKILLS, mode: M.ONSITE, hours: 80, startIn: 11, days: 20, regionCode: '210211', capacity: 30, fee: '1600.00', certificate: '职业技能等级证书（中式烹调师 五级）', description: '刀工、火候与大连海鲜菜品制作。' },
  { provider: 6, title: '无人机驾驶员（四级）培训班（筹备中）', occupationCode: '4-02-04-06', skillLevel: L.INTERMEDIATE, trainingType: T.EMPLOYMENT_SKILLS, mode: M.ONSITE, hours: 120, startIn: 60, days: 40, regionCode: '210213', capacity: 20, fee: '5800.00', certificate: '职业技能等级证书（无人机驾驶员 四级）', description: '多旋翼无人机操控、航拍与植保作业。', status: CourseStatus.DRAFT },
];

/**
 * Providers of every kind (seven admitted for two years around today, one suspended), their
 * courses for Dalian's demo demand, several of them order-based (linked to demand lines), one draft.
 */
export async function loadSupplyDemo(dataSource: DataSource, actor: Actor): Promise<void> {
  const today = todayInChina();
  await dataSource.transaction(async (manager) => {
    const providers = await manager.getRepository(Provider).save(
      PROVIDERS.map((p) => ({ creditCode: p.body + creditCodeCheckCharacter(p.body), name: p.name, type: p.type, regionCode: p.regionCode })),
    );
    await manager.getRepository(ProviderAdmission).save(
      providers.map((p, i) => ({
        providerId: p.id,
        admittedFrom: addDays(today, -365),
        admittedUntil: addDays(today, 730),
        suspendedOn: PROVIDERS[i].suspended ? addDays(today, -30) : null,
        suspensionReason: PROVIDERS[i].suspended ?? null,
      })),
    );
    const demand = await demandByOccupation(manager);
    const courses = await manager.getRepository(Course).save(
      COURSES.map((c) => {
        const startsOn = addDays(today, c.startIn);
        const status = c.status ?? CourseStatus.PUBLISHED;
        return manager.getRepository(Course).create({
          providerId: providers[c.provider].id,
          title: c.title,
          occupationCode: c.occupationCode,
          skillLevel: c.skillLevel,
          trainingType: c.trainingType,
          mode: c.mode,
          hours: c.hours,
          startsOn,
          endsOn: addDays(startsOn, c.days - 1),
          regionCode: c.regionCode,
          address: c.address ?? null,
          capacity: c.capacity,
          fee: c.fee,
          eligibleGroups: c.eligibleGroups ?? [],
          certificate: c.certificate,
          description: c.description,
          status,
          publishedAt: status === CourseStatus.PUBLISHED ? new Date() : null,
          linkedPostDemands: c.forDemand ? (demand.get(c.forDemand) ?? []) : [],
        });
      }),
    );
    await enqueueCourseReindex(manager, courses.map((c) => c.id));
    await recordAudit(manager, actor, 'DEMO', auditSubject('Course', '*', ...courses.map((c) => c.regionCode)), { providers: providers.length, courses: courses.length });
  });
}

async function demandByOccupation(manager: EntityManager): Promise<Map<string, PostDemand[]>> {
  const lines = await manager.getRepository(PostDemand).find({ order: { id: 'ASC' } });
  const byOccupation = new Map<string, PostDemand[]>();
  for (const line of lines) byOccupation.set(line.occupationCode, [...(byOccupation.get(line.occupationCode) ?? []), line]);
  return byOccupation;
}

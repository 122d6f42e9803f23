import type { DataSource } from 'typeorm';
import { auditSubject, recordAudit, type Actor } from '../domain/audit/audit';
import { SkillChain, SkillChainMember, SkillChainMemberKind } from '../domain/demand/skill-chain.entity';
import { recordPostDemandChanges } from '../domain/demand/change-feed';
import { PostDemandChangeKind } from '../domain/demand/post-demand-change.entity';
import { todayInChina } from '../domain/demand/post-demand-rules';
import { PostDemand, PostDemandStatus } from '../domain/demand/post-demand.entity';
import { ClusterCategory, Enterprise, EnterpriseTag, IndustrialCluster } from '../domain/enterprise/enterprise.entity';
import { SkillLevel } from '../domain/skills/skill-level';
import { POST_DEMANDS_INDEX } from '../search/post-demands.index';
import { enqueueReindex } from '../search/outbox';
import { addDays } from '../domain/supply/subsidy-quote';

const DALIAN = '210200';

/** Dalian's "5+4+3+1" industrial system (004 §(二)). */
const CLUSTERS: [string, ClusterCategory][] = [
  ['绿色石化', ClusterCategory.MANUFACTURING],
  ['高端装备', ClusterCategory.MANUFACTURING],
  ['新一代信息技术', ClusterCategory.MANUFACTURING],
  ['新一代汽车', ClusterCategory.MANUFACTURING],
  ['中高端消费品', ClusterCategory.MANUFACTURING],
  ['金融', ClusterCategory.SERVICES],
  ['物流', ClusterCategory.SERVICES],
  ['商贸', ClusterCategory.SERVICES],
  ['文化旅游', ClusterCategory.SERVICES],
  ['生命安全', ClusterCategory.STRATEGIC_EMERGING],
  ['清洁能源', ClusterCategory.STRATEGIC_EMERGING],
  ['新材料', ClusterCategory.STRATEGIC_EMERGING],
  ['都市现代农业', ClusterCategory.URBAN_AGRICULTURE],
];

/** Fictional enterprises with valid credit codes, one per demo scenario. */
const ENTERPRISES: { creditCode: string; name: string; regionCode: string; industryCode: string; tags: EnterpriseTag[]; clusters: string[] }[] = [
  { creditCode: '91210200241288881A', name: '大连智造重型装备有限公司', regionCode: DALIAN, industryCode: 'C34', tags: [EnterpriseTag.CHAIN_LEADER, EnterpriseTag.STATE_OWNED], clusters: ['高端装备'] },
  { creditCode: '91210213MA0TQ2J517', name: '大连港湾数控机床有限公司', regionCode: '210213', industryCode: 'C34', tags: [EnterpriseTag.SPECIALIZED_SME], clusters: ['高端装备'] },
  { creditCode: '91210200MA0XK7P02U', name: '大连星海数据智能科技有限公司', regionCode: '210204', industryCode: 'I65', tags: [EnterpriseTag.SPECIALIZED_SME], clusters: ['新一代信息技术'] },
  { creditCode: '91210242MA10B3R665', name: '大连长兴岛绿色石化有限公司', regionCode: '210281', industryCode: 'C25', tags: [EnterpriseTag.INDUSTRY_LEADER], clusters: ['绿色石化'] },
  { creditCode: '91210200118463925H', name: '大连颐康养老服务有限公司', regionCode: '210202', industryCode: 'Q85', tags: [], clusters: [] },
];

/** Members of the equipment chain that are not enterprises on the platform. */
const OTHER_MEMBERS: { kind: SkillChainMemberKind; creditCode: string; name: string }[] = [
  { kind: SkillChainMemberKind.HIGHER_EDUCATION, creditCode: '12210200MB0A12346H', name: '大连海湾理工学院' },
  { kind: SkillChainMemberKind.VOCATIONAL_SCHOOL, creditCode: '12210200MB1C23458Q', name: '大连装备制造职业技术学院' },
  { kind: SkillChainMemberKind.TRAINING_INSTITUTION, creditCode: '91210200MA0Q4L8K3A', name: '大连匠心职业技能培训学校' },
  { kind: SkillChainMemberKind.EVALUATION_BODY, creditCode: '52210200MJ1234567U', name: '大连市装备制造技能评价中心' },
  { kind: SkillChainMemberKind.HR_SERVICE_BODY, creditCode: '91210200MA1NP8C279', name: '大连滨海人力资源服务有限公司' },
];

/** Open demand of the demo enterprises (by index in ENTERPRISES), valid for half a year from loading. */
const DEMAND: { enterprise: number; occupationCode: string; jobTitle: string; headcount: number; skillLevel: SkillLevel; wageMin: string; wageMax: string; regionCode: string; tasks: string }[] = [
  { enterprise: 1, occupationCode: '6-18-01-07', jobTitle: '五轴数控加工中心操作调整工', headcount: 20, skillLevel: SkillLevel.SENIOR, wageMin: '8000.00', wageMax: '12000.00', regionCode: '210213', tasks: '五轴加工中心编程、调整与精度检测' },
  { enterprise: 1, occupationCode: '6-18-01-01', jobTitle: '数控车工', headcount: 8, skillLevel: SkillLevel.INTERMEDIATE, wageMin: '6000.00', wageMax: '8500.00', regionCode: '210213', tasks: '轴类零件数控车削加工' },
  { enterprise: 0, occupationCode: '6-18-02-04', jobTitle: '压力容器焊工', headcount: 15, skillLevel: SkillLevel.SENIOR, wageMin: '8500.00', wageMax: '13000.00', regionCode: '210200', tasks: '压力容器氩弧焊、二保焊，持证上岗' },
  { enterprise: 0, occupationCode: '6-31-07-01', jobTitle: '工业机器人运维工程师', headcount: 10, skillLevel: SkillLevel.SENIOR, wageMin: '7500.00', wageMax: '11000.00', regionCode: '210200', tasks: '焊接机器人工作站维护保养与故障诊断' },
  { enterprise: 0, occupationCode: '6-31-01-03', jobTitle: '设备维修电工', headcount: 6, skillLevel: SkillLevel.INTERMEDIATE, wageMin: '6000.00', wageMax: '8000.00', regionCode: '210200', tasks: '车间配电与设备电气维修' },
  { enterprise: 2, occupationCode: '4-04-05-05', jobTitle: '大模型数据标注员', headcount: 35, skillLevel: SkillLevel.INTERMEDIATE, wageMin: '5500.00', wageMax: '8000.00', regionCode: '210204', tasks: '大模型语料标注、数据清洗与质检' },
  { enterprise: 2, occupationCode: '4-04-05-01', jobTitle: 'Java 开发工程师', headcount: 12, skillLevel: SkillLevel.INTERMEDIATE, wageMin: '9000.00', wageMax: '15000.00', regionCode: '210204', tasks: '工业软件后端开发' },
  { enterprise: 2, occupationCode: '4-07-02-05', jobTitle: '商务数据分析师', headcount: 5, skillLevel: SkillLevel.INTERMEDIATE, wageMin: '7000.00', wageMax: '10000.00', regionCode: '210204', tasks: '经营数据分析与可视化报表' },
  { enterprise: 3, occupationCode: '6-11-01-03', jobTitle: '化工总控工（外操）', headcount: 25, skillLevel: SkillLevel.INTERMEDIATE, wageMin: '7000.00', wageMax: '9500.00', regionCode: '210281', tasks: '装置巡检、DCS 操作与应急处置' },
  { enterprise: 4, occupationCode: '4-10-01-05', jobTitle: '养老护理员', headcount: 30, skillLevel: SkillLevel.JUNIOR, wageMin: '4500.00', wageMax: '6000.00', regionCode: '210202', tasks: '失能老人生活照料与基础护理' },
  { enterprise: 4, occupationCode: '4-14-01-03', jobTitle: '健康照护师', headcount: 8, skillLevel: SkillLevel.JUNIOR, wageMin: '5000.00', wageMax: '6500.00', regionCode: '210202', tasks: '居家上门健康照护' },
];

/** Dalian's clusters, five enterprises with open demand, and one skill-ecosystem chain with a member of every kind. */
export async function loadDemandDemo(dataSource: DataSource, actor: Actor): Promise<void> {
  await dataSource.transaction(async (manager) => {
    const clusters = await manager.getRepository(IndustrialCluster).save(CLUSTERS.map(([name, category]) => ({ regionCode: DALIAN, name, category })));
    const byName = new Map(clusters.map((c) => [c.name, c]));
    const enterprises = await manager.getRepository(Enterprise).save(
      ENTERPRISES.map((e) => ({ ...e, clusters: e.clusters.map((name) => byName.get(name)!) })),
    );
    const [leader, machineTools] = enterprises;
    const chain = await manager.getRepository(SkillChain).save({
      name: '大连高端装备技能生态链',
      regionCode: DALIAN,
      leaderEnterpriseId: leader.id,
      clusterId: byName.get('高端装备')!.id,
    });
    await manager.getRepository(SkillChainMember).save([
      ...[leader, machineTools].map((e) => ({ chainId: chain.id, kind: SkillChainMemberKind.ENTERPRISE, creditCode: e.creditCode, name: e.name, enterpriseId: e.id })),
      ...OTHER_MEMBERS.map((m) => ({ chainId: chain.id, ...m, enterpriseId: null })),
    ]);
    const validUntil = addDays(todayInChina(), 182);
    const lines = await manager.getRepository(PostDemand).save(
      DEMAND.map(({ enterprise, ...line }) => ({ ...line, enterpriseId: enterprises[enterprise].id, validUntil, status: PostDemandStatus.OPEN })),
    );
    await recordPostDemandChanges(manager, lines.map((l) => ({ postDemandId: l.id, kind: PostDemandChangeKind.CREATED, source: null })));
    await enqueueReindex(manager, POST_DEMANDS_INDEX, lines.map((l) => l.id));
    await recordAudit(manager, actor, 'DEMO', auditSubject('Enterprise', '*', ...lines.map((l) => l.regionCode)), { clusters: clusters.length, enterprises: enterprises.length, chains: 1, postDemandLines: lines.length });
  });
}

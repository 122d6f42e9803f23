import type { DataSource } from 'typeorm';
import { recordAudit, type Actor } from '../domain/audit/audit';
import { SkillChain, SkillChainMember, SkillChainMemberKind } from '../domain/demand/skill-chain.entity';
import { ClusterCategory, Enterprise, EnterpriseTag, IndustrialCluster } from '../domain/enterprise/enterprise.entity';

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

/** Dalian's clusters, five enterprises and one skill-ecosystem chain with a member of every kind. */
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
    await recordAudit(manager, actor, 'DEMO', 'Enterprise', '*', { clusters: clusters.length, enterprises: enterprises.length, chains: 1 });
  });
}

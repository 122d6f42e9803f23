import { registerEnumType } from 'type-graphql';
import { PostDemandChangeKind } from '../../domain/demand/post-demand-change.entity';
import { PostDemandStatus } from '../../domain/demand/post-demand.entity';
import { SkillChainMemberKind } from '../../domain/demand/skill-chain.entity';
import { ClusterCategory, EnterpriseTag } from '../../domain/enterprise/enterprise.entity';
import { SKILL_LEVEL_TERMS, SkillLevel } from '../../domain/skills/skill-level';

/** Every enum of the contract, registered once; each value's description carries the Chinese term. */
registerEnumType(SkillLevel, {
  name: 'SkillLevel',
  description: 'The "new eight-level worker" ladder (新八级工), lowest first.',
  valuesConfig: Object.fromEntries(Object.entries(SKILL_LEVEL_TERMS).map(([k, term]) => [k, { description: term }])),
});

registerEnumType(EnterpriseTag, {
  name: 'EnterpriseTag',
  valuesConfig: {
    CHAIN_LEADER: { description: '链主企业' },
    INDUSTRY_LEADER: { description: '行业龙头企业' },
    SPECIALIZED_SME: { description: '专精特新中小企业' },
    STATE_OWNED: { description: '国有企业' },
  },
});

registerEnumType(ClusterCategory, {
  name: 'ClusterCategory',
  description: 'Kind of industrial cluster, as in Dalian\'s "5+4+3+1" system.',
  valuesConfig: {
    MANUFACTURING: { description: '先进制造业' },
    SERVICES: { description: '现代服务业' },
    STRATEGIC_EMERGING: { description: '战略性新兴产业' },
    URBAN_AGRICULTURE: { description: '都市现代农业' },
  },
});

registerEnumType(SkillChainMemberKind, {
  name: 'SkillChainMemberKind',
  valuesConfig: {
    ENTERPRISE: { description: '企业' },
    HIGHER_EDUCATION: { description: '高等院校' },
    VOCATIONAL_SCHOOL: { description: '职业院校' },
    TRAINING_INSTITUTION: { description: '培训机构' },
    EVALUATION_BODY: { description: '技能评价机构' },
    HR_SERVICE_BODY: { description: '人力资源服务机构' },
  },
});

registerEnumType(PostDemandStatus, {
  name: 'PostDemandStatus',
  valuesConfig: {
    OPEN: { description: '招聘中' },
    FILLED: { description: '已招满' },
    WITHDRAWN: { description: '已撤回' },
    EXPIRED: { description: '已过期' },
  },
});

registerEnumType(PostDemandChangeKind, {
  name: 'PostDemandChangeKind',
  valuesConfig: {
    CREATED: { description: '新增' },
    UPDATED: { description: '更新' },
    WITHDRAWN: { description: '撤回' },
    EXPIRED: { description: '过期' },
    FILLED: { description: '招满' },
  },
});

export { ClusterCategory, EnterpriseTag, PostDemandChangeKind, PostDemandStatus, SkillChainMemberKind, SkillLevel };

import { registerEnumType } from 'type-graphql';
import { PostDemandChangeKind } from '../../domain/demand/post-demand-change.entity';
import { PostDemandStatus } from '../../domain/demand/post-demand.entity';
import { SkillChainMemberKind } from '../../domain/demand/skill-chain.entity';
import { ClusterCategory, EnterpriseTag } from '../../domain/enterprise/enterprise.entity';
import { SKILL_LEVEL_TERMS, SkillLevel } from '../../domain/skills/skill-level';
import { SubsidyLineKind } from '../../domain/supply/subsidy-quote';
import {
  COMPETITION_LEVEL_TERMS,
  CompetitionLevel,
  CourseMode,
  CourseStatus,
  ProviderType,
  SEEKER_GROUP_TERMS,
  SeekerGroup,
  ShortageCatalogStatus,
  ShortageLevel,
  SubsidyKind,
  SubsidyUnit,
  TrainingType,
} from '../../domain/supply/supply-enums';

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

registerEnumType(ProviderType, {
  name: 'ProviderType',
  valuesConfig: {
    VOCATIONAL_COLLEGE: { description: '职业院校' },
    TECHNICAL_SCHOOL: { description: '技工院校' },
    HIGHER_EDUCATION: { description: '高等学校' },
    PRIVATE_TRAINING_INSTITUTION: { description: '民办培训机构' },
    ENTERPRISE_TRAINING_CENTER: { description: '企业培训中心' },
    ONLINE_PLATFORM: { description: '线上培训平台' },
    PUBLIC_TRAINING_BASE: { description: '公共实训基地' },
  },
});

registerEnumType(TrainingType, {
  name: 'TrainingType',
  valuesConfig: {
    EMPLOYMENT_SKILLS: { description: '就业技能培训' },
    SKILL_UPGRADING: { description: '岗位技能提升培训' },
    ENTREPRENEURSHIP: { description: '创业培训' },
    NEW_APPRENTICESHIP: { description: '企业新型学徒制' },
    MAJOR_CONVERSION: { description: '专业转换培训' },
    LABOR_PREPARATION: { description: '劳动预备制培训' },
  },
});

registerEnumType(CourseMode, {
  name: 'CourseMode',
  valuesConfig: { ONSITE: { description: '线下' }, ONLINE: { description: '线上' }, BLENDED: { description: '线上线下结合' } },
});

registerEnumType(CourseStatus, {
  name: 'CourseStatus',
  valuesConfig: { DRAFT: { description: '草稿' }, PUBLISHED: { description: '已发布' }, CANCELLED: { description: '已取消' } },
});

registerEnumType(SeekerGroup, {
  name: 'SeekerGroup',
  description: 'Key groups (重点群体) named by eligibility rules and group supplements. COLLEGE_GRADUATE is derived from education and dates, WOMEN from the identity number.',
  valuesConfig: Object.fromEntries(Object.entries(SEEKER_GROUP_TERMS).map(([k, term]) => [k, { description: term }])),
});

registerEnumType(ShortageLevel, {
  name: 'ShortageLevel',
  valuesConfig: { SEVERE: { description: '特别紧缺' }, SHORT: { description: '比较紧缺' }, MILD: { description: '一般紧缺' } },
});

registerEnumType(ShortageCatalogStatus, {
  name: 'ShortageCatalogStatus',
  valuesConfig: { DRAFT: { description: '草稿' }, PUBLISHED: { description: '已发布' }, SUPERSEDED: { description: '已被新版本取代' } },
});

registerEnumType(SubsidyKind, {
  name: 'SubsidyKind',
  valuesConfig: {
    TRAINING: { description: '培训补贴' },
    GROUP_SUPPLEMENT: { description: '重点群体补贴（如生活费补贴）' },
    CERTIFICATE: { description: '取证补贴（技能提升补贴）' },
    COMPETITION: { description: '竞赛补贴：按进入决赛人数给予选手所在企业、院校' },
  },
});

registerEnumType(CompetitionLevel, {
  name: 'CompetitionLevel',
  valuesConfig: Object.fromEntries(Object.entries(COMPETITION_LEVEL_TERMS).map(([k, term]) => [k, { description: term }])),
});

registerEnumType(SubsidyUnit, {
  name: 'SubsidyUnit',
  valuesConfig: { PER_PERSON: { description: '每人' }, PER_PERSON_YEAR: { description: '每人每年' } },
});

registerEnumType(SubsidyLineKind, {
  name: 'SubsidyLineKind',
  valuesConfig: {
    BASE: { description: '培训补贴' },
    SHORTAGE_UPLIFT: { description: '急需紧缺职业上浮' },
    GROUP_SUPPLEMENT: { description: '重点群体补贴' },
    CERTIFICATE: { description: '取证补贴（另行发放）' },
    NOT_ADMITTED: { description: '机构未准入，不予补贴' },
    NO_STANDARD: { description: '无适用补贴标准' },
    COMPETITION: { description: '竞赛补贴（决赛选手，仅见于补贴申领）' },
  },
});

export {
  CompetitionLevel,
  CourseMode,
  CourseStatus,
  ProviderType,
  SeekerGroup,
  ShortageCatalogStatus,
  ShortageLevel,
  SubsidyKind,
  SubsidyLineKind,
  SubsidyUnit,
  TrainingType,
};
export { ClusterCategory, EnterpriseTag, PostDemandChangeKind, PostDemandStatus, SkillChainMemberKind, SkillLevel };

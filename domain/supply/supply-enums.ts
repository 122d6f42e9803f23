/** Kinds of training provider that may be admitted to subsidised training (两目录一系统). */
export enum ProviderType {
  VOCATIONAL_COLLEGE = 'VOCATIONAL_COLLEGE',
  TECHNICAL_SCHOOL = 'TECHNICAL_SCHOOL',
  HIGHER_EDUCATION = 'HIGHER_EDUCATION',
  PRIVATE_TRAINING_INSTITUTION = 'PRIVATE_TRAINING_INSTITUTION',
  ENTERPRISE_TRAINING_CENTER = 'ENTERPRISE_TRAINING_CENTER',
  ONLINE_PLATFORM = 'ONLINE_PLATFORM',
  PUBLIC_TRAINING_BASE = 'PUBLIC_TRAINING_BASE',
}

export enum TrainingType {
  EMPLOYMENT_SKILLS = 'EMPLOYMENT_SKILLS',
  SKILL_UPGRADING = 'SKILL_UPGRADING',
  ENTREPRENEURSHIP = 'ENTREPRENEURSHIP',
  NEW_APPRENTICESHIP = 'NEW_APPRENTICESHIP',
  MAJOR_CONVERSION = 'MAJOR_CONVERSION',
  LABOR_PREPARATION = 'LABOR_PREPARATION',
}

export enum CourseMode {
  ONSITE = 'ONSITE',
  ONLINE = 'ONLINE',
  BLENDED = 'BLENDED',
}

export enum CourseStatus {
  DRAFT = 'DRAFT',
  PUBLISHED = 'PUBLISHED',
  CANCELLED = 'CANCELLED',
}

/** Key groups (重点群体) that eligibility rules and group supplements refer to. */
export enum SeekerGroup {
  COLLEGE_GRADUATE = 'COLLEGE_GRADUATE',
  RURAL_MIGRANT_WORKER = 'RURAL_MIGRANT_WORKER',
  RETURNEE = 'RETURNEE',
  POVERTY_ALLEVIATED = 'POVERTY_ALLEVIATED',
  VETERAN = 'VETERAN',
  DISABLED = 'DISABLED',
  UNEMPLOYED = 'UNEMPLOYED',
  LOW_INCOME_FAMILY = 'LOW_INCOME_FAMILY',
  NON_CONTINUING_STUDENT = 'NON_CONTINUING_STUDENT',
  /** 妇女 (001 §(四)): derived from the identity number, never typed. */
  WOMEN = 'WOMEN',
}

/** The groups' names as the documents write them, for labels and quote lines. */
export const SEEKER_GROUP_TERMS: Record<SeekerGroup, string> = {
  COLLEGE_GRADUATE: '高校毕业生',
  RURAL_MIGRANT_WORKER: '农村转移劳动者',
  RETURNEE: '返乡入乡人员',
  POVERTY_ALLEVIATED: '脱贫人口',
  VETERAN: '退役军人',
  DISABLED: '残疾人',
  UNEMPLOYED: '失业人员',
  LOW_INCOME_FAMILY: '困难家庭成员',
  NON_CONTINUING_STUDENT: '未继续升学的初高中毕业生',
  WOMEN: '妇女',
};

export enum ShortageLevel {
  SEVERE = 'SEVERE',
  SHORT = 'SHORT',
  MILD = 'MILD',
}

export enum ShortageCatalogStatus {
  DRAFT = 'DRAFT',
  PUBLISHED = 'PUBLISHED',
  SUPERSEDED = 'SUPERSEDED',
}

/**
 * What a subsidy standard pays for. TRAINING is the per-trainee training subsidy a course quote
 * starts from; GROUP_SUPPLEMENT is added for trainees of one key group (living-cost support);
 * CERTIFICATE is paid on obtaining a skill-level certificate, shown in quotes but not in the total.
 */
export enum SubsidyKind {
  TRAINING = 'TRAINING',
  GROUP_SUPPLEMENT = 'GROUP_SUPPLEMENT',
  CERTIFICATE = 'CERTIFICATE',
  /** Per finalist of a skill competition, to the finalist's enterprise or college (004 §(十四)). */
  COMPETITION = 'COMPETITION',
}

/** Levels of vocational skill competitions (职业技能竞赛, 004 §(十四)). */
export enum CompetitionLevel {
  CITY = 'CITY',
  PROVINCE = 'PROVINCE',
  NATIONAL = 'NATIONAL',
  WORLD = 'WORLD',
}

export const COMPETITION_LEVEL_TERMS: Record<CompetitionLevel, string> = { CITY: '市级', PROVINCE: '省级', NATIONAL: '国家级', WORLD: '世界级' };

/** PER_PERSON_YEAR amounts (new apprenticeship) are paid for every started year of the course. */
export enum SubsidyUnit {
  PER_PERSON = 'PER_PERSON',
  PER_PERSON_YEAR = 'PER_PERSON_YEAR',
}

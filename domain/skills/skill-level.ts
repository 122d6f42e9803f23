/** The "new eight-level worker" ladder (新八级工), lowest first; order is meaning. */
export enum SkillLevel {
  APPRENTICE = 'APPRENTICE',
  JUNIOR = 'JUNIOR',
  INTERMEDIATE = 'INTERMEDIATE',
  SENIOR = 'SENIOR',
  TECHNICIAN = 'TECHNICIAN',
  SENIOR_TECHNICIAN = 'SENIOR_TECHNICIAN',
  SPECIAL_TECHNICIAN = 'SPECIAL_TECHNICIAN',
  CHIEF_TECHNICIAN = 'CHIEF_TECHNICIAN',
}

export const SKILL_LEVELS = Object.values(SkillLevel);

/** 0 for APPRENTICE up to 7 for CHIEF_TECHNICIAN: compare levels by rank, never by name. */
export const skillRank = (level: SkillLevel) => SKILL_LEVELS.indexOf(level);

export const SKILL_LEVEL_TERMS: Record<SkillLevel, string> = {
  APPRENTICE: '学徒工',
  JUNIOR: '五级/初级工',
  INTERMEDIATE: '四级/中级工',
  SENIOR: '三级/高级工',
  TECHNICIAN: '二级/技师',
  SENIOR_TECHNICIAN: '一级/高级技师',
  SPECIAL_TECHNICIAN: '特级技师',
  CHIEF_TECHNICIAN: '首席技师',
};

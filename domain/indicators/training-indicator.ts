/**
 * The figures a bureau watches (001 专栏1, “十四五”时期职业技能培训主要指标), counted from what the
 * platform records. Targets are data per region and period (`IndicatorTarget`), not constants.
 */
export enum TrainingIndicator {
  SUBSIDISED_TRAININGS = 'SUBSIDISED_TRAININGS',
  MIGRANT_WORKER_TRAININGS = 'MIGRANT_WORKER_TRAININGS',
  NEW_APPRENTICE_TRAININGS = 'NEW_APPRENTICE_TRAININGS',
  NEW_CERTIFICATES = 'NEW_CERTIFICATES',
  SENIOR_CERTIFICATES = 'SENIOR_CERTIFICATES',
  EMPLOYED_AFTER_TRAINING = 'EMPLOYED_AFTER_TRAINING',
}

/** The documents' own wording, in the order of 专栏1. */
export const TRAINING_INDICATOR_TERMS: Record<TrainingIndicator, string> = {
  SUBSIDISED_TRAININGS: '开展补贴性职业技能培训（人次）',
  MIGRANT_WORKER_TRAININGS: '其中：农民工参加职业培训（人次）',
  NEW_APPRENTICE_TRAININGS: '企业新型学徒制培训（人次）',
  NEW_CERTIFICATES: '新增取得职业资格证书或职业技能等级证书（人次）',
  SENIOR_CERTIFICATES: '其中：新增取得高级工以上证书（人次）',
  EMPLOYED_AFTER_TRAINING: '培训后实现就业（人数）',
};

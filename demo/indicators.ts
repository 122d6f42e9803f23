import type { DataSource } from 'typeorm';
import { auditSubject, recordAudit, type Actor } from '../domain/audit/audit';
import { IndicatorTarget } from '../domain/indicators/indicator-target.entity';
import { TrainingIndicator } from '../domain/indicators/training-indicator';

const LIAONING_PLAN = '辽宁省“十四五”职业技能培训规划（辽人社发〔2022〕20号）专栏1 (001)';

/** Liaoning's 2021–2025 training targets (001 专栏1), the province's figures to watch. */
const LIAONING_TARGETS: [TrainingIndicator, number][] = [
  [TrainingIndicator.SUBSIDISED_TRAININGS, 1_500_000],
  [TrainingIndicator.MIGRANT_WORKER_TRAININGS, 250_000],
  [TrainingIndicator.NEW_APPRENTICE_TRAININGS, 50_000],
  [TrainingIndicator.NEW_CERTIFICATES, 750_000],
  [TrainingIndicator.SENIOR_CERTIFICATES, 250_000],
];

export async function loadIndicatorDemo(dataSource: DataSource, actor: Actor): Promise<void> {
  await dataSource.transaction(async (manager) => {
    const repo = manager.getRepository(IndicatorTarget);
    const saved = await repo.save(
      LIAONING_TARGETS.map(([indicator, target]) =>
        repo.create({ regionCode: '210000', indicator, periodFrom: '2021-01-01', periodUntil: '2025-12-31', target, basis: LIAONING_PLAN }),
      ),
    );
    await recordAudit(manager, actor, 'DEMO', auditSubject('IndicatorTarget', '*', '210000'), { targets: saved.length, ids: saved.map((t) => t.id) });
  });
}

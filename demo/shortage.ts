import type { DataSource } from 'typeorm';
import type { Actor } from '../domain/audit/audit';
import { ShortageCatalogService } from '../domain/supply/shortage-catalog.service';
import { ShortageLevel } from '../domain/supply/supply-enums';
import { Role, type Principal } from '../server/auth';

const DALIAN = '210200';

/** Dalian's 2026 list: AI and elderly care first (000 §(六), 004), then machining and logistics. */
const ENTRIES: { occupationCode: string; level: ShortageLevel; subsidyUpliftPercent: string; note: string }[] = [
  { occupationCode: '4-04-05-05', level: ShortageLevel.SEVERE, subsidyUpliftPercent: '10', note: '人工智能新职业，补贴标准上浮不超过10%' },
  { occupationCode: '4-10-01-05', level: ShortageLevel.SHORT, subsidyUpliftPercent: '8', note: '养老服务人才缺口' },
  { occupationCode: '6-18-01-07', level: ShortageLevel.SHORT, subsidyUpliftPercent: '6', note: '高端装备产业链' },
  { occupationCode: '6-31-07-03', level: ShortageLevel.SHORT, subsidyUpliftPercent: '6', note: '高端装备产业链' },
  { occupationCode: '6-18-02-04', level: ShortageLevel.MILD, subsidyUpliftPercent: '5', note: '船舶与装备制造' },
  { occupationCode: '4-02-06-03', level: ShortageLevel.MILD, subsidyUpliftPercent: '5', note: '港航物流' },
];

/**
 * Publishes 大连市急需紧缺职业目录（2026年）, in force from 2026-01-01, the way the Dalian bureau
 * would: drafted from the demand gap, then its entries chosen by hand, then published (so courses
 * already loaded are reindexed). Needs the demo occupations, and no Dalian catalog yet.
 */
export async function loadShortageDemo(dataSource: DataSource, actor: Actor): Promise<void> {
  const service = new ShortageCatalogService(dataSource);
  const bureau: Principal = { subject: actor.subject, role: Role.ADMIN, regionCode: DALIAN, authenticatedBy: 'TOKEN' };
  const draft = await service.draft(bureau, actor, { regionCode: DALIAN, period: '2026', title: '大连市急需紧缺职业目录（2026年）' });
  const wanted = new Set(ENTRIES.map((e) => e.occupationCode));
  for (const entry of (await service.entriesOf([draft.id])).get(draft.id) ?? []) {
    if (!wanted.has(entry.occupationCode)) await service.removeEntry(bureau, actor, draft.id, entry.occupationCode);
  }
  for (const entry of ENTRIES) await service.setEntry(bureau, actor, { catalogId: draft.id, ...entry });
  await service.publish(bureau, actor, draft.id, '2026-01-01');
}

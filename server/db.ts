import { DataSource, type Logger as OrmLogger } from 'typeorm';
import { ApiKey } from '../domain/access/api-key.entity';
import { AuditEntry } from '../domain/audit/audit-entry.entity';
import { DemandSurvey } from '../domain/demand/demand-survey.entity';
import { PostDemandChange, SyncRequest } from '../domain/demand/post-demand-change.entity';
import { PostDemand } from '../domain/demand/post-demand.entity';
import { SkillChain, SkillChainMember } from '../domain/demand/skill-chain.entity';
import { Enterprise, IndustrialCluster } from '../domain/enterprise/enterprise.entity';
import { OccupationCodeMapping } from '../domain/occupation/occupation-code-mapping.entity';
import { Occupation } from '../domain/occupation/occupation.entity';
import { Region } from '../domain/region/region.entity';
import { JobSeeker } from '../domain/seeker/job-seeker.entity';
import { Enrollment } from '../domain/enrollment/enrollment.entity';
import { TrainingVoucher } from '../domain/voucher/training-voucher.entity';
import { SubsidyClaim } from '../domain/claim/subsidy-claim.entity';
import { RiskCheck } from '../domain/supervision/risk-check.entity';
import { WorkAgreement } from '../domain/apprenticeship/work-agreement.entity';
import { Competition, CompetitionFinalist } from '../domain/competition/competition.entity';
import { ProviderPlacement } from '../domain/enrollment/provider-placement.entity';
import { IndicatorTarget } from '../domain/indicators/indicator-target.entity';
import { Course } from '../domain/supply/course.entity';
import { Provider, ProviderAdmission } from '../domain/supply/provider.entity';
import { RegionPolicy, ShortageCatalog, ShortageCatalogEntry } from '../domain/supply/shortage-catalog.entity';
import { SubsidyStandard } from '../domain/supply/subsidy-standard.entity';
import { migrations } from '../migrations';
import { SearchIndexState, SearchOutbox } from '../search/outbox.entity';
import { DataUpgrade } from './data-upgrades';
import type { Logger } from './logger';
import { SnakeNamingStrategy } from './naming';
import { countSqlStatement } from './request-store';

export const entities = [
  DataUpgrade,
  Occupation,
  OccupationCodeMapping,
  Region,
  AuditEntry,
  ApiKey,
  SearchOutbox,
  SearchIndexState,
  Enterprise,
  IndustrialCluster,
  SkillChain,
  SkillChainMember,
  DemandSurvey,
  PostDemand,
  PostDemandChange,
  SyncRequest,
  Provider,
  ProviderAdmission,
  Course,
  SubsidyStandard,
  ShortageCatalog,
  ShortageCatalogEntry,
  RegionPolicy,
  JobSeeker,
  Enrollment,
  TrainingVoucher,
  SubsidyClaim,
  RiskCheck,
  WorkAgreement,
  Competition,
  CompetitionFinalist,
  ProviderPlacement,
  IndicatorTarget,
];

/** Counts statements per request (for the N+1 tests and the response's extensions); logs only failures. */
class CountingLogger implements OrmLogger {
  constructor(private readonly logger: Logger) {}
  logQuery(): void {
    countSqlStatement();
  }
  logQueryError(error: string | Error, query: string): void {
    // Parameters are left out: they may carry personal data.
    this.logger.warn('sql failed', { error: error instanceof Error ? error.message : error, query: query.slice(0, 500) });
  }
  logQuerySlow(time: number, query: string): void {
    this.logger.warn('sql slow', { ms: time, query: query.slice(0, 500) });
  }
  logSchemaBuild(): void {}
  logMigration(message: string): void {
    this.logger.info('migration', { message });
  }
  log(): void {}
}

export function createDataSource(url: string, log: Logger, options: { poolSize?: number; applicationName?: string } = {}): DataSource {
  return new DataSource({
    type: 'postgres',
    url,
    entities,
    migrations,
    migrationsTableName: 'schema_migrations',
    migrationsTransactionMode: 'each',
    synchronize: false,
    namingStrategy: new SnakeNamingStrategy(),
    logging: ['query', 'error', 'migration'],
    logger: new CountingLogger(log),
    maxQueryExecutionTime: 1000,
    extra: { max: options.poolSize ?? 20, application_name: options.applicationName ?? 'skills-match' },
  });
}

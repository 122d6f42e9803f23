import 'reflect-metadata';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadDemoData } from '../demo/load';
import { ChangeFeedService } from '../domain/demand/change-feed.service';
import { PostDemandSyncService } from '../domain/demand/post-demand-sync';
import { PostDemandService } from '../domain/demand/post-demand.service';
import { SurveyService } from '../domain/demand/survey.service';
import { SkillChainService } from '../domain/demand/skill-chain.service';
import { EnterpriseService } from '../domain/enterprise/enterprise.service';
import { OccupationService } from '../domain/occupation/occupation.service';
import { RegionService } from '../domain/region/region.service';
import { CourseService } from '../domain/supply/course.service';
import { ProviderService } from '../domain/supply/provider.service';
import { CandidateMatchService } from '../domain/matching/candidate-match.service';
import { CourseMatchService } from '../domain/matching/course-match.service';
import { DemandMatchService } from '../domain/matching/demand-match.service';
import { CourseSearchService } from '../domain/supply/course-search.service';
import { SubsidyQuoteService } from '../domain/supply/subsidy-quote.service';
import { SubsidyStandardService } from '../domain/supply/subsidy-standard.service';
import { DemandGapService } from '../domain/supply/demand-gap.service';
import { ShortageCatalogService } from '../domain/supply/shortage-catalog.service';
import { JobSeekerService } from '../domain/seeker/job-seeker.service';
import { EnrollmentService } from '../domain/enrollment/enrollment.service';
import { TrainingVoucherService } from '../domain/voucher/training-voucher.service';
import { SubsidyClaimService } from '../domain/claim/subsidy-claim.service';
import { WorkAgreementService } from '../domain/apprenticeship/work-agreement.service';
import { CompetitionService } from '../domain/competition/competition.service';
import { TrainingOutcomeService } from '../domain/enrollment/training-outcome.service';
import { AuditTrailService } from '../domain/audit/audit-trail.service';
import { TrainingIndicatorsService } from '../domain/indicators/training-indicators.service';
import { SubsidyRiskService } from '../domain/supervision/subsidy-risk.service';
import { RiskCheckService } from '../domain/supervision/risk-check.service';
import { derivePiiKeys } from '../domain/seeker/pii';
import { buildAppSchema } from '../schema/build';
import { searchIndexes } from '../search/registry';
import { SearchSyncWorker } from '../search/worker';
import { createApollo } from './apollo';
import { Authenticator } from './auth';
import { resolveAuthSecret, resolvePiiKey, type Config } from './config';
import type { Services } from './context';
import { startHousekeeping } from './housekeeping';
import { createHttpServer } from './http';
import { openInfrastructure, type Infrastructure } from './infrastructure';
import type { Logger } from './logger';

export interface Platform {
  url: string;
  port: number;
  services: Services;
  infrastructure: Infrastructure;
  worker?: SearchSyncWorker;
  stop(): Promise<void>;
}

export function createServices(config: Config, infrastructure: Infrastructure, log: Logger): Services {
  const { dataSource, search } = infrastructure;
  const courseSearch = new CourseSearchService(dataSource, search, log);
  const courseMatches = new CourseMatchService(dataSource, search, courseSearch, config.matchWeights, log);
  return {
    config,
    dataSource,
    search,
    log,
    authenticator: new Authenticator(dataSource, {
      secret: resolveAuthSecret(config),
      jwksUrl: config.authJwksUrl,
      issuer: config.authIssuer,
      audience: config.authAudience,
    }),
    occupations: new OccupationService(dataSource, search, log),
    regions: new RegionService(dataSource),
    enterprises: new EnterpriseService(dataSource),
    skillChains: new SkillChainService(dataSource),
    postDemandSync: new PostDemandSyncService(dataSource),
    postDemandChanges: new ChangeFeedService(dataSource),
    postDemands: new PostDemandService(dataSource, search, log),
    surveys: new SurveyService(dataSource),
    shortageCatalogs: new ShortageCatalogService(dataSource),
    demandGap: new DemandGapService(dataSource),
    providers: new ProviderService(dataSource),
    courses: new CourseService(dataSource),
    subsidyStandards: new SubsidyStandardService(dataSource),
    subsidyQuotes: new SubsidyQuoteService(dataSource),
    courseSearch,
    courseMatches,
    candidateMatches: new CandidateMatchService(dataSource, courseSearch, config.matchWeights),
    demandMatches: new DemandMatchService(dataSource, courseMatches, config.matchWeights),
    jobSeekers: new JobSeekerService(dataSource, derivePiiKeys(resolvePiiKey(config))),
    enrollments: new EnrollmentService(dataSource),
    trainingOutcomes: new TrainingOutcomeService(dataSource),
    trainingVouchers: new TrainingVoucherService(dataSource),
    subsidyClaims: new SubsidyClaimService(dataSource),
    workAgreements: new WorkAgreementService(dataSource),
    competitions: new CompetitionService(dataSource),
    auditTrail: new AuditTrailService(dataSource),
    trainingIndicators: new TrainingIndicatorsService(dataSource),
    subsidyRisks: new SubsidyRiskService(dataSource),
    riskChecks: new RiskCheckService(dataSource),
  };
}

/** Boots everything `npm start` runs: services (embedded or external), migrations, demo data, worker, HTTP. */
export async function startPlatform(config: Config, log: Logger): Promise<Platform> {
  const infrastructure = await openInfrastructure(config, log);
  let server: Server | undefined;
  let worker: SearchSyncWorker | undefined;
  let housekeeping: ReturnType<typeof startHousekeeping> | undefined;
  try {
    const services = createServices(config, infrastructure, log);
    if (config.demoData) await loadDemoData(infrastructure.dataSource, log, { onlyIfEmpty: true });
    if (config.searchWorker === 'inline') {
      worker = new SearchSyncWorker(infrastructure.dataSource, infrastructure.search, searchIndexes, log.child({ component: 'search-worker' }), infrastructure.databaseUrl);
      await worker.start();
    }
    housekeeping = startHousekeeping(infrastructure.dataSource, log.child({ component: 'housekeeping' }));
    const apollo = createApollo(await buildAppSchema(), config, log);
    await apollo.start();
    server = createHttpServer(apollo, services, [
      { name: 'postgres', check: async () => void (await infrastructure.dataSource.query('SELECT 1')) },
      {
        name: 'migrations',
        check: async () => {
          if (await infrastructure.dataSource.showMigrations()) throw new Error('migrations pending');
        },
      },
      {
        name: 'meilisearch',
        check: async () => {
          if (!(await infrastructure.search.healthy())) throw new Error('unreachable');
        },
      },
    ], log);
    server.keepAliveTimeout = 5000;
    await new Promise<void>((resolve, reject) => {
      server!.once('error', reject);
      server!.listen(config.port, config.host, () => resolve());
    });
    const port = (server.address() as AddressInfo).port;
    const shownHost = config.host === '0.0.0.0' ? 'localhost' : config.host;
    let stopping: Promise<void> | undefined;
    return {
      url: `http://${shownHost}:${port}/graphql`,
      port,
      services,
      infrastructure,
      worker,
      stop: () =>
        (stopping ??= (async () => {
          await new Promise<void>((resolve) => {
            server!.close(() => resolve());
            server!.closeIdleConnections();
            setTimeout(() => server!.closeAllConnections(), 5000).unref();
          });
          await apollo.stop();
          await worker?.stop();
          await housekeeping?.stop();
          await infrastructure.close();
        })()),
    };
  } catch (err) {
    server?.close();
    await worker?.stop();
    await housekeeping?.stop();
    await infrastructure.close();
    throw err;
  }
}

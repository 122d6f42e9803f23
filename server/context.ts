import DataLoader from 'dataloader';
import type { DataSource } from 'typeorm';
import type { Actor } from '../domain/audit/audit';
import type { AuditEntry } from '../domain/audit/audit-entry.entity';
import type { AuditTrailService } from '../domain/audit/audit-trail.service';
import type { IndicatorTarget } from '../domain/indicators/indicator-target.entity';
import type { SubsidyRiskService } from '../domain/supervision/subsidy-risk.service';
import type { RiskCheckService } from '../domain/supervision/risk-check.service';
import type { RiskCheck } from '../domain/supervision/risk-check.entity';
import type { TrainingIndicatorsService } from '../domain/indicators/training-indicators.service';
import type { Enterprise, IndustrialCluster } from '../domain/enterprise/enterprise.entity';
import type { EnterpriseService } from '../domain/enterprise/enterprise.service';
import type { ChangeFeedService } from '../domain/demand/change-feed.service';
import type { PostDemandSyncService } from '../domain/demand/post-demand-sync';
import type { SkillChain, SkillChainMember } from '../domain/demand/skill-chain.entity';
import type { SkillChainService } from '../domain/demand/skill-chain.service';
import type { DemandSurvey } from '../domain/demand/demand-survey.entity';
import type { PostDemand } from '../domain/demand/post-demand.entity';
import type { PostDemandService } from '../domain/demand/post-demand.service';
import type { SurveyService, SurveySummary } from '../domain/demand/survey.service';
import type { Occupation } from '../domain/occupation/occupation.entity';
import type { OccupationService } from '../domain/occupation/occupation.service';
import type { Region } from '../domain/region/region.entity';
import type { RegionService } from '../domain/region/region.service';
import type { Course } from '../domain/supply/course.entity';
import type { CourseService } from '../domain/supply/course.service';
import type { Provider, ProviderAdmission } from '../domain/supply/provider.entity';
import type { ProviderService } from '../domain/supply/provider.service';
import { courseLinkedPostDemandsLoader, providerCoursesLoader, type CoursePage, type ProviderCoursesKey } from '../schema/supply/course.loaders';
import { providerAdmissionsLoader } from '../schema/supply/provider.loaders';
import type { SubsidyQuote } from '../domain/supply/subsidy-quote';
import type { SubsidyQuoteService } from '../domain/supply/subsidy-quote.service';
import type { SubsidyStandard } from '../domain/supply/subsidy-standard.entity';
import type { SubsidyStandardService } from '../domain/supply/subsidy-standard.service';
import type { CourseSearchService } from '../domain/supply/course-search.service';
import type { DemandGapService } from '../domain/supply/demand-gap.service';
import type { RegionPolicy, ShortageCatalog, ShortageCatalogEntry } from '../domain/supply/shortage-catalog.entity';
import type { ShortageCatalogService } from '../domain/supply/shortage-catalog.service';
import type { JobSeeker } from '../domain/seeker/job-seeker.entity';
import type { JobSeekerService } from '../domain/seeker/job-seeker.service';
import type { CandidateMatchService } from '../domain/matching/candidate-match.service';
import type { CourseMatchService } from '../domain/matching/course-match.service';
import type { DemandMatchService } from '../domain/matching/demand-match.service';
import type { Enrollment } from '../domain/enrollment/enrollment.entity';
import type { EnrollmentService } from '../domain/enrollment/enrollment.service';
import type { TrainingOutcomeService, TrainingOutcomeSummary } from '../domain/enrollment/training-outcome.service';
import type { TrainingVoucher } from '../domain/voucher/training-voucher.entity';
import type { SubsidyClaim } from '../domain/claim/subsidy-claim.entity';
import type { WorkAgreement } from '../domain/apprenticeship/work-agreement.entity';
import type { Competition, CompetitionFinalist } from '../domain/competition/competition.entity';
import type { CompetitionService } from '../domain/competition/competition.service';
import type { WorkAgreementService } from '../domain/apprenticeship/work-agreement.service';
import type { SubsidyClaimService } from '../domain/claim/subsidy-claim.service';
import type { TrainingVoucherService } from '../domain/voucher/training-voucher.service';
import { shortageCatalogEntriesLoader } from '../schema/supply/shortage.loaders';
import type { SearchEngine } from '../search/engine';
import type { Authenticator, Principal } from './auth';
import type { Config } from './config';
import { HeldLoader } from './held-loader';
import type { Logger } from './logger';

/** Long-lived collaborators, built once per process. */
export interface Services {
  config: Config;
  dataSource: DataSource;
  search: SearchEngine;
  authenticator: Authenticator;
  occupations: OccupationService;
  regions: RegionService;
  enterprises: EnterpriseService;
  skillChains: SkillChainService;
  postDemandSync: PostDemandSyncService;
  postDemandChanges: ChangeFeedService;
  postDemands: PostDemandService;
  surveys: SurveyService;
  providers: ProviderService;
  courses: CourseService;
  subsidyStandards: SubsidyStandardService;
  subsidyQuotes: SubsidyQuoteService;
  courseSearch: CourseSearchService;
  shortageCatalogs: ShortageCatalogService;
  demandGap: DemandGapService;
  jobSeekers: JobSeekerService;
  courseMatches: CourseMatchService;
  candidateMatches: CandidateMatchService;
  demandMatches: DemandMatchService;
  enrollments: EnrollmentService;
  trainingOutcomes: TrainingOutcomeService;
  trainingVouchers: TrainingVoucherService;
  subsidyClaims: SubsidyClaimService;
  workAgreements: WorkAgreementService;
  competitions: CompetitionService;
  auditTrail: AuditTrailService;
  trainingIndicators: TrainingIndicatorsService;
  subsidyRisks: SubsidyRiskService;
  riskChecks: RiskCheckService;
  log: Logger;
}

export interface Loaders {
  occupation: HeldLoader<Occupation | undefined>;
  region: HeldLoader<Region | undefined>;
  /** Keyed by parent code; `TOP_LEVEL` ('') for the provinces (DataLoader refuses null keys). */
  regionChildren: DataLoader<string, Region[]>;
  enterprise: HeldLoader<Enterprise | undefined>;
  enterpriseClusters: DataLoader<string, IndustrialCluster[]>;
  skillChain: HeldLoader<SkillChain | undefined>;
  skillChainMember: HeldLoader<SkillChainMember | undefined>;
  skillChainMembers: DataLoader<string, SkillChainMember[]>;
  postDemand: HeldLoader<PostDemand | undefined>;
  survey: HeldLoader<DemandSurvey | undefined>;
  surveySummary: DataLoader<string, SurveySummary>;
  shortageCatalog: HeldLoader<ShortageCatalog | undefined>;
  shortageEntry: HeldLoader<ShortageCatalogEntry | undefined>;
  shortageCatalogEntries: DataLoader<string, ShortageCatalogEntry[]>;
  /** Keyed by region code: the row a region has set, not the policy it inherits. */
  regionPolicy: HeldLoader<RegionPolicy | undefined>;
  provider: HeldLoader<Provider | undefined>;
  course: HeldLoader<Course | undefined>;
  providerAdmission: HeldLoader<ProviderAdmission | undefined>;
  providerAdmissions: DataLoader<string, ProviderAdmission[]>;
  providerCourses: DataLoader<ProviderCoursesKey, CoursePage, string>;
  courseLinkedPostDemands: DataLoader<string, PostDemand[]>;
  subsidyStandard: HeldLoader<SubsidyStandard | undefined>;
  /** The quote without a trainee (base + shortage uplift) of each course, for lists. */
  courseSubsidy: DataLoader<string, SubsidyQuote>;
  jobSeeker: HeldLoader<JobSeeker | undefined>;
  enrollment: HeldLoader<Enrollment | undefined>;
  trainingVoucher: HeldLoader<TrainingVoucher | undefined>;
  /** Keyed by enrolment id: the voucher holding that seat, if any. */
  enrollmentVoucher: DataLoader<string, TrainingVoucher | null>;
  subsidyClaim: HeldLoader<SubsidyClaim | undefined>;
  riskCheck: HeldLoader<RiskCheck | undefined>;
  /** Keyed by enrolment id: its subsidy claims, oldest first. */
  enrollmentClaims: DataLoader<string, SubsidyClaim[]>;
  /** Keyed by seeker id: their internship agreements and labour contracts, earliest first. */
  seekerAgreements: DataLoader<string, WorkAgreement[]>;
  workAgreement: HeldLoader<WorkAgreement | undefined>;
  competition: HeldLoader<Competition | undefined>;
  competitionFinalist: HeldLoader<CompetitionFinalist | undefined>;
  /** Keyed by competition id: its finalists in the order recorded. */
  competitionFinalists: DataLoader<string, CompetitionFinalist[]>;
  /** Keyed by seeker id: the seats they hold, in the order taken. */
  seekerTrainings: DataLoader<string, Enrollment[]>;
  /** Keyed by seeker id: what PAID claims on their seats paid; undefined when none. */
  seekerSubsidyPaid: DataLoader<string, { toTrainee: string; amount: string } | undefined>;
  courseOutcomes: DataLoader<string, TrainingOutcomeSummary>;
  providerOutcomes: DataLoader<string, TrainingOutcomeSummary>;
  auditEntry: HeldLoader<AuditEntry | undefined>;
  indicatorTarget: HeldLoader<IndicatorTarget | undefined>;
}

export interface Context {
  requestId: string;
  principal?: Principal;
  /** The `Idempotency-Key` request header, for mutations that honour it (`syncPostDemands`). */
  idempotencyKey?: string;
  services: Services;
  loaders: Loaders;
  log: Logger;
  actor(): Actor;
}

export const TOP_LEVEL = '';

/** Fresh per request, so batching never leaks data between callers. */
export function createLoaders(services: Services): Loaders {
  const byKey = <V>(load: (keys: readonly string[]) => Promise<Map<string, V>>) =>
    new HeldLoader<V | undefined>(async (keys) => {
      const found = await load(keys);
      return keys.map((k) => found.get(k));
    });
  return {
    occupation: byKey((codes) => services.occupations.byCodes(codes)),
    region: byKey((codes) => services.regions.byCodes(codes)),
    regionChildren: new DataLoader<string, Region[]>(async (parents) => {
      const found = await services.regions.childrenOf(parents.map((p) => (p === TOP_LEVEL ? null : p)));
      return parents.map((p) => found.get(p === TOP_LEVEL ? null : p) ?? []);
    }),
    enterprise: byKey((ids) => services.enterprises.byIds(ids)),
    enterpriseClusters: new DataLoader<string, IndustrialCluster[]>(async (ids) => {
      const found = await services.enterprises.clustersOf(ids);
      return ids.map((id) => found.get(id) ?? []);
    }),
    skillChain: byKey((ids) => services.skillChains.byIds(ids)),
    skillChainMember: byKey((ids) => services.skillChains.membersByIds(ids)),
    skillChainMembers: new DataLoader<string, SkillChainMember[]>(async (ids) => {
      const found = await services.skillChains.membersOf(ids);
      return ids.map((id) => found.get(id) ?? []);
    }),
    postDemand: byKey((ids) => services.postDemands.byIds(ids)),
    survey: byKey((ids) => services.surveys.byIds(ids)),
    shortageCatalog: byKey((ids) => services.shortageCatalogs.byIds(ids)),
    shortageEntry: byKey((ids) => services.shortageCatalogs.entriesByIds(ids)),
    shortageCatalogEntries: shortageCatalogEntriesLoader(services.shortageCatalogs),
    regionPolicy: byKey((codes) => services.shortageCatalogs.policiesByRegionCodes(codes)),
    provider: byKey((ids) => services.providers.byIds(ids)),
    course: byKey((ids) => services.courses.byIds(ids)),
    providerAdmission: byKey((ids) => services.providers.admissionsByIds(ids)),
    providerAdmissions: providerAdmissionsLoader(services.providers),
    providerCourses: providerCoursesLoader(services.courses),
    courseLinkedPostDemands: courseLinkedPostDemandsLoader(services.courses),
    subsidyStandard: byKey((ids) => services.subsidyStandards.byIds(ids)),
    jobSeeker: byKey((ids) => services.jobSeekers.byIds(ids)),
    enrollment: byKey((ids) => services.enrollments.byIds(ids)),
    trainingVoucher: byKey((ids) => services.trainingVouchers.byIds(ids)),
    enrollmentVoucher: new DataLoader<string, TrainingVoucher | null>(async (ids) => {
      const found = await services.trainingVouchers.byEnrollmentIds(ids);
      return ids.map((id) => found.get(id) ?? null);
    }),
    subsidyClaim: byKey((ids) => services.subsidyClaims.byIds(ids)),
    riskCheck: byKey((ids) => services.riskChecks.byIds(ids)),
    enrollmentClaims: new DataLoader<string, SubsidyClaim[]>(async (ids) => {
      const found = await services.subsidyClaims.byEnrollmentIds(ids);
      return ids.map((id) => found.get(id) ?? []);
    }),
    seekerAgreements: new DataLoader<string, WorkAgreement[]>(async (ids) => {
      const found = await services.workAgreements.bySeekerIds(ids);
      return ids.map((id) => found.get(id) ?? []);
    }),
    workAgreement: byKey((ids) => services.workAgreements.byIds(ids)),
    competition: byKey((ids) => services.competitions.byIds(ids)),
    competitionFinalist: byKey((ids) => services.competitions.finalistsByIds(ids)),
    competitionFinalists: new DataLoader<string, CompetitionFinalist[]>(async (ids) => {
      const found = await services.competitions.finalistsOf(ids);
      return ids.map((id) => found.get(id) ?? []);
    }),
    seekerTrainings: new DataLoader<string, Enrollment[]>(async (ids) => {
      const found = await services.enrollments.heldBySeekers(ids);
      return ids.map((id) => found.get(id) ?? []);
    }),
    seekerSubsidyPaid: new DataLoader<string, { toTrainee: string; amount: string } | undefined>(async (ids) => {
      const found = await services.subsidyClaims.paidBySeekers(ids);
      return ids.map((id) => found.get(id));
    }),
    courseOutcomes: new DataLoader<string, TrainingOutcomeSummary>(async (ids) => {
      const found = await services.trainingOutcomes.outcomesOfCourses(ids);
      return ids.map((id) => found.get(id)!);
    }),
    providerOutcomes: new DataLoader<string, TrainingOutcomeSummary>(async (ids) => {
      const found = await services.trainingOutcomes.outcomesOfProviders(ids);
      return ids.map((id) => found.get(id)!);
    }),
    auditEntry: byKey((ids) => services.auditTrail.byIds(ids)),
    indicatorTarget: byKey((ids) => services.trainingIndicators.byIds(ids)),
    surveySummary: new DataLoader<string, SurveySummary>(async (ids) => {
      const found = await services.surveys.summaries(ids);
      return ids.map((id) => found.get(id)!);
    }),
    courseSubsidy: new DataLoader<string, SubsidyQuote>(async (ids) => {
      const found = await services.subsidyQuotes.quotes(ids);
      return ids.map((id) => found.get(id) ?? new Error(`course ${id} has no quote`));
    }),
  };
}

export function createContext(services: Services, requestId: string, principal: Principal | undefined): Context {
  return {
    requestId,
    principal,
    services,
    loaders: createLoaders(services),
    log: services.log.child({ requestId }),
    actor: () => {
      if (!principal) throw new Error('actor() needs an authenticated principal');
      return { subject: principal.subject, role: principal.role, requestId };
    },
  };
}

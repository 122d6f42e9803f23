import 'reflect-metadata';
import { GraphQLEnumType, GraphQLSchema, lexicographicSortSchema, printSchema, printType } from 'graphql';
import { buildSchema } from 'type-graphql';
import { authChecker } from './common/auth-checker';
import { applyErrorContract } from './common/error-contract';
import { DateScalar, DateTimeScalar, DecimalScalar } from './common/scalars';
import { validateArgument } from './common/validators';
import { EnterpriseResolver, IndustrialClusterResolver } from './enterprise/enterprise.resolver';
import { SkillChainMemberResolver, SkillChainResolver } from './enterprise/skill-chain.resolver';
import { ChangeFeedResolver } from './demand/change-feed.resolver';
import { PostDemandResolver } from './demand/post-demand.resolver';
import { DemandSurveyResolver, OccupationDemandTotalResolver } from './demand/survey.resolver';
import { SyncResolver, SyncResultResolver } from './demand/sync.resolver';
import { OccupationResolver } from './occupation/occupation.resolver';
import { RegionResolver } from './region/region.resolver';
import { CourseResolver } from './supply/course.resolver';
import { ProviderAdmissionResolver, ProviderResolver } from './supply/provider.resolver';
import { SubsidyLineResolver, SubsidyQuoteResolver, SubsidyStandardResolver } from './supply/subsidy.resolver';
import { DemandGapRowResolver, RegionPolicyResolver, ShortageCatalogEntryResolver, ShortageCatalogResolver } from './supply/shortage.resolver';
import { CourseSearchResolver } from './supply/course-search.resolver';
import { PrincipalResolver, SystemResolver } from './system/system.resolver';
import { JobSeekerResolver } from './seeker/job-seeker.resolver';
import { MatchResolver, UpliftedSeekerResolver } from './matching/match.resolver';
import { EnrollmentResolver } from './enrollment/enrollment.resolver';
import { CourseOutcomesResolver, ProviderOutcomesResolver } from './enrollment/training-outcome.resolver';
import { AuditEntryResolver } from './audit/audit.resolver';
import { IndicatorTargetResolver, TrainingIndicatorsResolver } from './indicators/indicators.resolver';
import { RiskCheckResolver, SubsidyRiskSignalResolver } from './supervision/supervision.resolver';
import { TrainingVoucherResolver } from './voucher/voucher.resolver';
import { EnrollmentClaimsResolver, SubsidyClaimResolver } from './claim/claim.resolver';
import { EnrollmentApprenticeshipResolver, JobSeekerAgreementsResolver, WorkAgreementResolver } from './apprenticeship/apprenticeship.resolver';
import { JobSeekerTrainingRecordResolver } from './enrollment/training-record.resolver';
import { CompetitionFinalistResolver, CompetitionResolver } from './competition/competition.resolver';

export const resolvers = [
  MatchResolver,
  UpliftedSeekerResolver,
  SystemResolver,
  PrincipalResolver,
  OccupationResolver,
  RegionResolver,
  EnterpriseResolver,
  IndustrialClusterResolver,
  SkillChainResolver,
  SkillChainMemberResolver,
  SyncResolver,
  SyncResultResolver,
  ChangeFeedResolver,
  PostDemandResolver,
  DemandSurveyResolver,
  OccupationDemandTotalResolver,
  ShortageCatalogResolver,
  ShortageCatalogEntryResolver,
  DemandGapRowResolver,
  RegionPolicyResolver,
  ProviderResolver,
  ProviderAdmissionResolver,
  CourseResolver,
  SubsidyStandardResolver,
  SubsidyQuoteResolver,
  SubsidyLineResolver,
  CourseSearchResolver,
  JobSeekerResolver,
  EnrollmentResolver,
  TrainingVoucherResolver,
  SubsidyClaimResolver,
  EnrollmentClaimsResolver,
  WorkAgreementResolver,
  JobSeekerAgreementsResolver,
  EnrollmentApprenticeshipResolver,
  JobSeekerTrainingRecordResolver,
  CompetitionResolver,
  CompetitionFinalistResolver,
  CourseOutcomesResolver,
  ProviderOutcomesResolver,
  AuditEntryResolver,
  TrainingIndicatorsResolver,
  IndicatorTargetResolver,
  SubsidyRiskSignalResolver,
  RiskCheckResolver,
] as const;

export async function buildAppSchema(): Promise<GraphQLSchema> {
  const schema = await buildSchema({
    resolvers,
    authChecker,
    authMode: 'error',
    validateFn: validateArgument,
    scalarsMap: [{ type: Date, scalar: DateTimeScalar }],
  });
  applyErrorContract(schema);
  // The contract's scalars exist from the first type on, even before a field uses each of them.
  const config = schema.toConfig();
  const named = new Set(config.types.map((t) => t.name));
  return new GraphQLSchema({ ...config, types: [...config.types, ...[DateScalar, DecimalScalar].filter((s) => !named.has(s.name))] });
}

/**
 * The SDL committed as schema/schema.graphql: types and fields sorted so diffs show real changes
 * only, enum values in their declared order, which means something (skill levels lowest first).
 */
export function printAppSchema(schema: GraphQLSchema): string {
  const sorted = lexicographicSortSchema(schema);
  let sdl = printSchema(sorted);
  for (const type of Object.values(sorted.getTypeMap())) {
    if (!(type instanceof GraphQLEnumType) || type.name.startsWith('__')) continue;
    sdl = sdl.replace(printType(type), printType(schema.getType(type.name)!));
  }
  return sdl + '\n';
}

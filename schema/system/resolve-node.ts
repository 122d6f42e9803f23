import { canReadAuditEntry } from '../../domain/audit/audit-trail.service';
import type { AuditEntry } from '../../domain/audit/audit-entry.entity';
import type { IndicatorTarget } from '../../domain/indicators/indicator-target.entity';
import { Role, regionCovers } from '../../server/auth';
import type { Context } from '../../server/context';
import { badInput } from '../../server/errors';
import { fromGlobalId } from '../common/node';
import { resolvePostDemandNode } from '../demand/post-demand.resolver';
import { resolveEnterpriseNode } from '../enterprise/enterprise.resolver';
import { resolveSkillChainMemberNode, resolveSkillChainNode } from '../enterprise/skill-chain.resolver';
import { resolveSurveyNode } from '../demand/survey.resolver';
import { resolveCourseNode } from '../supply/course.resolver';
import { resolveProviderAdmissionNode, resolveProviderNode } from '../supply/provider.resolver';
import { resolveRegionPolicyNode, resolveShortageCatalogNode, resolveShortageEntryNode } from '../supply/shortage.resolver';
import { resolveJobSeekerNode } from '../seeker/job-seeker.resolver';
import { resolveEnrollmentNode } from '../enrollment/enrollment.resolver';
import { resolveTrainingVoucherNode } from '../voucher/voucher.resolver';
import { resolveSubsidyClaimNode } from '../claim/claim.resolver';
import { resolveWorkAgreementNode } from '../apprenticeship/apprenticeship.resolver';
import { resolveRiskCheckNode } from '../supervision/supervision.resolver';
import { resolveCompetitionFinalistNode, resolveCompetitionNode } from '../competition/competition.resolver';

/** Any object by its global id, as the caller may see it: null when it does not exist or is not theirs to read. */
export async function resolveNode(id: string, field: string[], ctx: Context): Promise<object | null> {
  const parsed = fromGlobalId(id);
  if (!parsed) throw badInput(`${field.join('.')} is not a global id`, field);
  switch (parsed.type) {
    case 'Occupation':
      return (await ctx.loaders.occupation.load(parsed.key)) ?? null;
    case 'Region':
      return (await ctx.loaders.region.load(parsed.key)) ?? null;
    case 'Enterprise':
      return resolveEnterpriseNode(ctx, parsed.key);
    case 'SkillChain':
      return resolveSkillChainNode(ctx, parsed.key);
    case 'SkillChainMember':
      return resolveSkillChainMemberNode(ctx, parsed.key);
    case 'PostDemand':
      return resolvePostDemandNode(ctx, parsed.key);
    case 'DemandSurvey':
      return resolveSurveyNode(ctx, parsed.key);
    case 'ShortageCatalog':
      return resolveShortageCatalogNode(ctx, parsed.key);
    case 'ShortageCatalogEntry':
      return resolveShortageEntryNode(ctx, parsed.key);
    case 'RegionPolicy':
      return resolveRegionPolicyNode(ctx, parsed.key);
    case 'Provider':
      return resolveProviderNode(ctx, parsed.key);
    case 'ProviderAdmission':
      return resolveProviderAdmissionNode(ctx, parsed.key);
    case 'Course':
      return resolveCourseNode(ctx, parsed.key);
    case 'SubsidyStandard':
      return (await ctx.loaders.subsidyStandard.load(parsed.key)) ?? null;
    case 'JobSeeker':
      return resolveJobSeekerNode(ctx, parsed.key);
    case 'Enrollment':
      return resolveEnrollmentNode(ctx, parsed.key);
    case 'TrainingVoucher':
      return resolveTrainingVoucherNode(ctx, parsed.key);
    case 'SubsidyClaim':
      return resolveSubsidyClaimNode(ctx, parsed.key);
    case 'WorkAgreement':
      return resolveWorkAgreementNode(ctx, parsed.key);
    case 'RiskCheck':
      return resolveRiskCheckNode(ctx, parsed.key);
    case 'Competition':
      return resolveCompetitionNode(ctx, parsed.key);
    case 'CompetitionFinalist':
      return resolveCompetitionFinalistNode(ctx, parsed.key);
    case 'AuditEntry':
      return resolveAuditEntryNode(ctx, parsed.key);
    case 'IndicatorTarget':
      return resolveIndicatorTargetNode(ctx, parsed.key);
    default:
      return null;
  }
}

/** Targets are the bureau's working figures: shown to the ADMINs whose region covers them. */
async function resolveIndicatorTargetNode(ctx: Context, key: string): Promise<IndicatorTarget | null> {
  const target = await ctx.loaders.indicatorTarget.load(key);
  return target && ctx.principal?.role === Role.ADMIN && !!ctx.principal.regionCode && regionCovers(ctx.principal.regionCode, target.regionCode) ? target : null;
}

async function resolveAuditEntryNode(ctx: Context, key: string): Promise<AuditEntry | null> {
  if (!/^\d{1,18}$/.test(key)) return null;
  const entry = await ctx.loaders.auditEntry.load(key);
  return entry && canReadAuditEntry(ctx.principal, entry) ? entry : null;
}

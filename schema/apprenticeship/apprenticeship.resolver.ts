import { Arg, Authorized, Ctx, FieldResolver, ID, Mutation, Resolver, Root } from 'type-graphql';
import type { WorkAgreement as WorkAgreementEntity } from '../../domain/apprenticeship/work-agreement.entity';
import type { Enrollment as EnrollmentEntity } from '../../domain/enrollment/enrollment.entity';
import type { Enterprise as EnterpriseEntity } from '../../domain/enterprise/enterprise.entity';
import type { JobSeeker as JobSeekerEntity } from '../../domain/seeker/job-seeker.entity';
import { ApprenticeVia } from '../../domain/apprenticeship/apprentice-rules';
import { canReadSeeker } from '../../domain/seeker/job-seeker.service';
import { Role } from '../../server/auth';
import type { Context } from '../../server/context';
import { inputIdOf, toGlobalId } from '../common/node';
import { Enrollment } from '../enrollment/enrollment.types';
import { resolveEnterpriseNode } from '../enterprise/enterprise.resolver';
import { Enterprise } from '../enterprise/enterprise.types';
import { JobSeeker } from '../seeker/job-seeker.types';
import { EndWorkAgreementInput, RecordWorkAgreementInput, WorkAgreementPayload } from './apprenticeship.inputs';
import { WorkAgreement } from './apprenticeship.types';

/** `node(id)` for a WorkAgreement: null unless the caller may read its seeker. */
export async function resolveWorkAgreementNode(ctx: Context, key: string): Promise<WorkAgreementEntity | null> {
  const agreement = await ctx.loaders.workAgreement.load(key);
  const seeker = agreement && (await ctx.loaders.jobSeeker.load(agreement.seekerId));
  return agreement && seeker && canReadSeeker(ctx.principal, seeker) ? agreement : null;
}

@Resolver(() => WorkAgreement)
export class WorkAgreementResolver {
  @Authorized(Role.ADMIN, Role.COUNSELLOR)
  @Mutation(() => WorkAgreementPayload, {
    description:
      "File an internship agreement or labour contract of a job seeker of your region with an enterprise (备案): what makes them its new apprentice (企业新型学徒) for new apprenticeship courses. Refused: NOT_FOUND (seeker, enterprise), INVALID (an internship without its last day, a last day before the first, a start more than a year ahead), DUPLICATE (one of the same kind with the same enterprise on overlapping days).",
  })
  async recordWorkAgreement(@Arg('input') input: RecordWorkAgreementInput, @Ctx() ctx: Context): Promise<WorkAgreementPayload> {
    const seekerId = inputIdOf('JobSeeker', input.seekerId, ['input', 'seekerId']);
    const enterpriseId = inputIdOf('Enterprise', input.enterpriseId, ['input', 'enterpriseId']);
    const workAgreement = await ctx.services.workAgreements.record(ctx.principal!, ctx.actor(), { ...input, seekerId, enterpriseId });
    ctx.loaders.seekerAgreements.clear(seekerId);
    return { workAgreement, userErrors: [] };
  }

  @Authorized(Role.ADMIN, Role.COUNSELLOR)
  @Mutation(() => WorkAgreementPayload, { description: "End an agreement of a job seeker of your region early (a contract terminated, an internship cut short). Refused: NOT_FOUND, INVALID (before its first day, or after the last day on file)." })
  async endWorkAgreement(@Arg('input') input: EndWorkAgreementInput, @Ctx() ctx: Context): Promise<WorkAgreementPayload> {
    const agreementId = inputIdOf('WorkAgreement', input.agreementId, ['input', 'agreementId']);
    const workAgreement = await ctx.services.workAgreements.end(ctx.principal!, ctx.actor(), { agreementId, endsOn: input.endsOn });
    ctx.loaders.seekerAgreements.clear(workAgreement.seekerId);
    ctx.loaders.workAgreement.clear(agreementId);
    return { workAgreement, userErrors: [] };
  }

  @FieldResolver(() => ID)
  id(@Root() agreement: WorkAgreementEntity): string {
    return toGlobalId('WorkAgreement', agreement.id);
  }

  @FieldResolver(() => Enterprise, { nullable: true, description: 'Null for callers who may not read enterprises.' })
  enterprise(@Root() agreement: WorkAgreementEntity, @Ctx() ctx: Context): Promise<EnterpriseEntity | null> {
    return resolveEnterpriseNode(ctx, agreement.enterpriseId);
  }
}

@Resolver(() => JobSeeker)
export class JobSeekerAgreementsResolver {
  @FieldResolver(() => [WorkAgreement], { description: 'Internship agreements and labour contracts on file, earliest first.' })
  workAgreements(@Root() seeker: JobSeekerEntity, @Ctx() ctx: Context): Promise<WorkAgreementEntity[]> {
    return ctx.loaders.seekerAgreements.load(seeker.id);
  }
}

@Resolver(() => Enrollment)
export class EnrollmentApprenticeshipResolver {
  @FieldResolver(() => Enterprise, { nullable: true, description: 'On a new apprenticeship course: the enterprise whose apprentice the trainee is, paid the training subsidy; null otherwise and for callers who may not read enterprises.' })
  async apprenticeEmployer(@Root() enrollment: EnrollmentEntity, @Ctx() ctx: Context): Promise<EnterpriseEntity | null> {
    return enrollment.apprenticeEmployerId ? resolveEnterpriseNode(ctx, enrollment.apprenticeEmployerId) : null;
  }

  @FieldResolver(() => ApprenticeVia, { nullable: true })
  apprenticeVia(@Root() enrollment: EnrollmentEntity): ApprenticeVia | null {
    return enrollment.apprenticeVia;
  }
}

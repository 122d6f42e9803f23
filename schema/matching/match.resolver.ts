import { Args, Authorized, Ctx, FieldResolver, Query, Resolver, Root } from 'type-graphql';
import type { Occupation as OccupationEntity } from '../../domain/occupation/occupation.entity';
import type { UpliftedSeeker as UpliftedSeekerShape } from '../../domain/matching/candidate-match.service';
import type { ShortageCatalogEntry as EntryEntity } from '../../domain/supply/shortage-catalog.entity';
import { Role } from '../../server/auth';
import type { Context } from '../../server/context';
import { argIdOf } from '../common/node';
import { Occupation } from '../occupation/occupation.types';
import { primeCoursePage } from '../supply/course.loaders';
import { ShortageCatalogEntry } from '../supply/shortage.types';
import { CandidatesForCourseArgs, CourseMatchesArgs, PostDemandMatchesArgs, UpliftedSeekersArgs } from './match.inputs';
import { CandidateMatches, CourseMatches, DemandMatches, UpliftedSeeker, UpliftedSeekers } from './match.types';

@Resolver()
export class MatchResolver {
  @Authorized(Role.COUNSELLOR, Role.ADMIN, Role.SEEKER)
  @Query(() => CourseMatches, {
    description:
      'Subsidised courses a job seeker is eligible for, best first, each with its score, the reasons behind it, the subsidy for this person and the open demand for its occupation in their city. Counsellors and admins of the seeker\'s region, or the seeker themself.',
  })
  async courseMatches(@Args() { seekerId, count, filter }: CourseMatchesArgs, @Ctx() ctx: Context): Promise<CourseMatches> {
    const id = argIdOf('JobSeeker', seekerId, ['seekerId']);
    const result = await ctx.services.courseMatches.matchesFor(ctx.principal, id, count, filter ?? {});
    primeCoursePage(ctx, result.rows);
    return { nodes: result.nodes, degraded: result.degraded };
  }

  @Authorized(Role.COUNSELLOR, Role.ADMIN, Role.SEEKER)
  @Query(() => DemandMatches, {
    description: "Open post demand in the seeker's city they could fill now (`bridgingCourse` null) or after one course, best first.",
  })
  async postDemandMatches(@Args() { seekerId, count }: PostDemandMatchesArgs, @Ctx() ctx: Context): Promise<DemandMatches> {
    const id = argIdOf('JobSeeker', seekerId, ['seekerId']);
    const result = await ctx.services.demandMatches.matchesFor(ctx.principal, id, count);
    primeCoursePage(ctx, result.rows);
    for (const m of result.nodes) ctx.loaders.postDemand.prime(m.postDemand.id, m.postDemand);
    return { nodes: result.nodes, degraded: result.degraded };
  }

  @Authorized(Role.COUNSELLOR, Role.ADMIN)
  @Query(() => CandidateMatches, {
    description: 'The job seekers of your region a course fits, best first, with the same reasons and their own subsidy ("policies find people", 政策找人).',
  })
  async candidatesForCourse(@Args() { courseId, count }: CandidatesForCourseArgs, @Ctx() ctx: Context): Promise<CandidateMatches> {
    const id = argIdOf('Course', courseId, ['courseId']);
    return { nodes: await ctx.services.candidateMatches.candidatesFor(ctx.principal!, id, count) };
  }

  @Authorized(Role.COUNSELLOR, Role.ADMIN)
  @Query(() => UpliftedSeekers, {
    description: 'The job seekers of your region who target an occupation a published shortage catalog lists with a higher subsidy uplift than the catalog it superseded.',
  })
  async upliftedSeekers(@Args() { catalogId, count }: UpliftedSeekersArgs, @Ctx() ctx: Context): Promise<UpliftedSeekers> {
    const id = argIdOf('ShortageCatalog', catalogId, ['catalogId']);
    return { nodes: await ctx.services.candidateMatches.upliftedBy(ctx.principal!, id, count) };
  }
}

@Resolver(() => UpliftedSeeker)
export class UpliftedSeekerResolver {
  @FieldResolver(() => Occupation)
  occupation(@Root() uplifted: UpliftedSeekerShape, @Ctx() ctx: Context): OccupationEntity | undefined | Promise<OccupationEntity | undefined> {
    return ctx.loaders.occupation.now(uplifted.occupationCode);
  }

  @FieldResolver(() => ShortageCatalogEntry)
  entry(@Root() uplifted: UpliftedSeekerShape, @Ctx() ctx: Context): EntryEntity | undefined | Promise<EntryEntity | undefined> {
    return ctx.loaders.shortageEntry.now(uplifted.entryId);
  }
}

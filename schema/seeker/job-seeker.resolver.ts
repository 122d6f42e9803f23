import { Arg, Args, Authorized, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { todayInChina } from '../../domain/demand/post-demand-rules';
import type { Occupation as OccupationEntity } from '../../domain/occupation/occupation.entity';
import type { Region as RegionEntity } from '../../domain/region/region.entity';
import { isCollegeGraduate } from '../../domain/seeker/identity';
import type { JobSeeker as JobSeekerEntity } from '../../domain/seeker/job-seeker.entity';
import { canReadSeeker, effectiveGroups } from '../../domain/seeker/job-seeker.service';
import { Role } from '../../server/auth';
import type { Context } from '../../server/context';
import { connectionFrom, pageWindow } from '../common/connection';
import { SeekerGroup } from '../common/enums';
import { inputIdOf, toGlobalId } from '../common/node';
import { Occupation } from '../occupation/occupation.types';
import { Region } from '../region/region.types';
import { JobSeekerPayload, JobSeekersArgs, RegisterJobSeekerInput, UpdateJobSeekerInput } from './job-seeker.inputs';
import { JobSeeker, JobSeekerConnection } from './job-seeker.types';

/** `node(id)` for a JobSeeker: null unless the caller may read them, so ids reveal nothing. */
export async function resolveJobSeekerNode(ctx: Context, key: string): Promise<JobSeekerEntity | null> {
  if (!/^\d{1,18}$/.test(key)) return null;
  const seeker = await ctx.loaders.jobSeeker.load(key);
  return seeker && canReadSeeker(ctx.principal, seeker) ? seeker : null;
}

@Resolver(() => JobSeeker)
export class JobSeekerResolver {
  @Authorized(Role.ADMIN, Role.COUNSELLOR, Role.SEEKER)
  @Query(() => JobSeekerConnection, {
    description: 'Job seekers of your region (COUNSELLOR, ADMIN), or yourself (SEEKER), oldest first. `query` is a whole name or an exact identity number or phone.',
  })
  async jobSeekers(@Args() args: JobSeekersArgs, @Ctx() ctx: Context): Promise<JobSeekerConnection> {
    const window = pageWindow(args);
    const page = await ctx.services.jobSeekers.list(ctx.principal!, args.query, args.filter ?? {}, window.offset, window.limit);
    return connectionFrom(page.items, window, page.total) as unknown as JobSeekerConnection;
  }

  @Authorized(Role.ADMIN, Role.COUNSELLOR)
  @Mutation(() => JobSeekerPayload, { description: 'Register a job seeker of your region with their consent (COUNSELLOR, ADMIN). One seeker per identity number.' })
  async registerJobSeeker(@Arg('input') input: RegisterJobSeekerInput, @Ctx() ctx: Context): Promise<JobSeekerPayload> {
    const jobSeeker = await ctx.services.jobSeekers.register(ctx.principal!, ctx.actor(), input);
    return { jobSeeker, userErrors: [] };
  }

  @Authorized(Role.ADMIN, Role.COUNSELLOR)
  @Mutation(() => JobSeekerPayload, { description: "Correct or complete a job seeker's record (COUNSELLOR, ADMIN of their region)." })
  async updateJobSeeker(@Arg('input') input: UpdateJobSeekerInput, @Ctx() ctx: Context): Promise<JobSeekerPayload> {
    const { seekerId, ...patch } = input;
    const id = inputIdOf('JobSeeker', seekerId, ['input', 'seekerId']);
    const jobSeeker = await ctx.services.jobSeekers.update(ctx.principal!, ctx.actor(), id, patch);
    ctx.loaders.jobSeeker.clear(id);
    return { jobSeeker, userErrors: [] };
  }

  @FieldResolver(() => ID)
  id(@Root() seeker: JobSeekerEntity): string {
    return toGlobalId('JobSeeker', seeker.id);
  }

  @FieldResolver(() => String)
  name(@Root() seeker: JobSeekerEntity, @Ctx() ctx: Context): string {
    return ctx.services.jobSeekers.present(ctx.principal, seeker).name;
  }

  @FieldResolver(() => String, { description: 'Resident identity number, masked (`2102**********123X`) except for ADMIN of their region.' })
  idNumber(@Root() seeker: JobSeekerEntity, @Ctx() ctx: Context): string {
    return ctx.services.jobSeekers.present(ctx.principal, seeker).idNumber;
  }

  @FieldResolver(() => String, { description: 'Mobile number, masked (`138****5678`) except for ADMIN of their region.' })
  phone(@Root() seeker: JobSeekerEntity, @Ctx() ctx: Context): string {
    return ctx.services.jobSeekers.present(ctx.principal, seeker).phone;
  }

  @FieldResolver(() => Region, { nullable: true })
  region(@Root() seeker: JobSeekerEntity, @Ctx() ctx: Context): RegionEntity | undefined | Promise<RegionEntity | undefined> {
    return ctx.loaders.region.now(seeker.regionCode);
  }

  @FieldResolver(() => Region, { nullable: true, description: 'Household registration (户籍) region (`homeRegionCode`); null when not recorded.' })
  homeRegion(@Root() seeker: JobSeekerEntity, @Ctx() ctx: Context): RegionEntity | undefined | Promise<RegionEntity | undefined> {
    return seeker.homeRegionCode ? ctx.loaders.region.now(seeker.homeRegionCode) : undefined;
  }

  @FieldResolver(() => [Occupation])
  async targetOccupations(@Root() seeker: JobSeekerEntity, @Ctx() ctx: Context): Promise<OccupationEntity[]> {
    const found = await ctx.loaders.occupation.loadMany(seeker.targetOccupationCodes);
    return found.filter((o): o is OccupationEntity => !!o && !(o instanceof Error));
  }

  @FieldResolver(() => [SeekerGroup], { description: 'Typed key groups, with COLLEGE_GRADUATE exactly when `collegeGraduate` is true and WOMEN when the identity number is a woman\'s.' })
  groups(@Root() seeker: JobSeekerEntity): SeekerGroup[] {
    return effectiveGroups(seeker, todayInChina());
  }

  @FieldResolver(() => Boolean, {
    description:
      'College graduate (高校毕业生) derived from the dates: 大专 or above, and graduating this calendar year, a student graduating within 12 months, or left school within 3 years and not employed.',
  })
  collegeGraduate(@Root() seeker: JobSeekerEntity): boolean {
    return isCollegeGraduate(seeker, todayInChina());
  }
}

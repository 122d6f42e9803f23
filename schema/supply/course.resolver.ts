import { Arg, Authorized, Ctx, FieldResolver, ID, Int, Mutation, Resolver, Root } from 'type-graphql';
import type { PostDemand as PostDemandEntity } from '../../domain/demand/post-demand.entity';
import { canRead as canReadPostDemand } from '../../domain/demand/post-demand.service';
import type { Occupation as OccupationEntity } from '../../domain/occupation/occupation.entity';
import type { Region as RegionEntity } from '../../domain/region/region.entity';
import type { Course as CourseEntity } from '../../domain/supply/course.entity';
import { canReadCourse } from '../../domain/supply/course.service';
import type { Provider as ProviderEntity } from '../../domain/supply/provider.entity';
import { Role } from '../../server/auth';
import type { Context } from '../../server/context';
import { whenHeld } from '../../server/held-loader';
import { inputIdOf, toGlobalId } from '../common/node';
import { PostDemand } from '../demand/post-demand.types';
import { Occupation } from '../occupation/occupation.types';
import { Region } from '../region/region.types';
import { CancelCourseInput, CoursePayload, CreateCourseInput, PublishCourseInput, UpdateCourseInput } from './course.inputs';
import { Course } from './course.types';
import { Provider } from './provider.types';

/** `node(id)` for a Course: a PUBLISHED course for anyone, others for the provider itself and staff of its region. */
export async function resolveCourseNode(ctx: Context, key: string): Promise<CourseEntity | null> {
  if (!/^\d{1,18}$/.test(key)) return null;
  const course = await ctx.loaders.course.load(key);
  if (!course) return null;
  const provider = await ctx.loaders.provider.load(course.providerId);
  return provider && canReadCourse(ctx.principal, course, provider) ? course : null;
}

const linkIds = (ids: string[] | undefined) => ids?.map((id, i) => inputIdOf('PostDemand', id, ['input', 'linkedPostDemandIds', String(i)]));

@Resolver(() => Course)
export class CourseResolver {
  @Authorized(Role.ADMIN, Role.PROVIDER)
  @Mutation(() => CoursePayload, { description: 'Create a DRAFT course (the provider itself, or ADMIN of its region).' })
  async createCourse(@Arg('input') input: CreateCourseInput, @Ctx() ctx: Context): Promise<CoursePayload> {
    const providerId = inputIdOf('Provider', input.providerId, ['input', 'providerId']);
    const course = await ctx.services.courses.create(ctx.principal!, ctx.actor(), { ...input, providerId, linkedPostDemandIds: linkIds(input.linkedPostDemandIds) });
    return { course, userErrors: [] };
  }

  @Authorized(Role.ADMIN, Role.PROVIDER)
  @Mutation(() => CoursePayload, { description: 'Change fields of a DRAFT or PUBLISHED course; a published course stays published.' })
  async updateCourse(@Arg('input') input: UpdateCourseInput, @Ctx() ctx: Context): Promise<CoursePayload> {
    const id = inputIdOf('Course', input.courseId, ['input', 'courseId']);
    const { courseId: _, ...patch } = input;
    const course = await ctx.services.courses.update(ctx.principal!, ctx.actor(), id, { ...patch, linkedPostDemandIds: linkIds(input.linkedPostDemandIds ?? undefined) });
    ctx.loaders.course.clear(id);
    ctx.loaders.courseLinkedPostDemands.clear(id);
    return { course, userErrors: [] };
  }

  @Authorized(Role.ADMIN, Role.PROVIDER)
  @Mutation(() => CoursePayload, { description: "Offer a DRAFT course; refused (NOT_ADMITTED) unless the provider is admitted for the course's whole dates." })
  async publishCourse(@Arg('input') input: PublishCourseInput, @Ctx() ctx: Context): Promise<CoursePayload> {
    const id = inputIdOf('Course', input.courseId, ['input', 'courseId']);
    const course = await ctx.services.courses.publish(ctx.principal!, ctx.actor(), id);
    ctx.loaders.course.clear(id);
    return { course, userErrors: [] };
  }

  @Authorized(Role.ADMIN, Role.PROVIDER)
  @Mutation(() => CoursePayload, { description: 'Cancel a DRAFT or PUBLISHED course for good; its live enrolments end with it (WITHDRAWN, reason 课程已取消).' })
  async cancelCourse(@Arg('input') input: CancelCourseInput, @Ctx() ctx: Context): Promise<CoursePayload> {
    const id = inputIdOf('Course', input.courseId, ['input', 'courseId']);
    const course = await ctx.services.courses.cancel(ctx.principal!, ctx.actor(), id);
    ctx.loaders.course.clear(id);
    return { course, userErrors: [] };
  }

  @FieldResolver(() => ID)
  id(@Root() course: CourseEntity): string {
    return toGlobalId('Course', course.id);
  }

  @FieldResolver(() => Int)
  seatsLeft(@Root() course: CourseEntity): number {
    return course.capacity - course.enrolled;
  }

  @FieldResolver(() => Occupation, { nullable: true })
  occupation(@Root() course: CourseEntity, @Ctx() ctx: Context): OccupationEntity | undefined | Promise<OccupationEntity | undefined> {
    return ctx.loaders.occupation.now(course.occupationCode);
  }

  @FieldResolver(() => Region, { nullable: true })
  region(@Root() course: CourseEntity, @Ctx() ctx: Context): RegionEntity | undefined | Promise<RegionEntity | undefined> {
    return ctx.loaders.region.now(course.regionCode);
  }

  @FieldResolver(() => Provider)
  provider(@Root() course: CourseEntity, @Ctx() ctx: Context): ProviderEntity | Promise<ProviderEntity> {
    return whenHeld(ctx.loaders.provider.now(course.providerId), (provider) => {
      if (!provider) throw new Error(`provider ${course.providerId} of course ${course.id} is missing`);
      return provider;
    });
  }

  @FieldResolver(() => [PostDemand], { description: 'The post demand it trains people for (订单式培训): the lines you may read of them; empty for callers who read no post demand.' })
  async linkedPostDemands(@Root() course: CourseEntity, @Ctx() ctx: Context): Promise<PostDemandEntity[]> {
    const principal = ctx.principal;
    if (!principal) return [];
    return (await ctx.loaders.courseLinkedPostDemands.load(course.id)).filter((line) => canReadPostDemand(principal, line));
  }
}

import { Arg, Args, Authorized, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { todayInChina } from '../../domain/demand/post-demand-rules';
import type { Region as RegionEntity } from '../../domain/region/region.entity';
import { draftScopeFor } from '../../domain/supply/course.service';
import type { Provider as ProviderEntity, ProviderAdmission as AdmissionEntity } from '../../domain/supply/provider.entity';
import { isAdmittedOn } from '../../domain/supply/provider.service';
import { Role } from '../../server/auth';
import type { Context } from '../../server/context';
import { NotFoundError } from '../../server/errors';
import { connectionFrom, pageWindow } from '../common/connection';
import { inputIdOf, toGlobalId } from '../common/node';
import { DateScalar } from '../common/scalars';
import { Region } from '../region/region.types';
import { CourseConnection } from './course.types';
import {
  AdmitProviderInput,
  ProviderArgs,
  ProviderCoursesArgs,
  ProviderPayload,
  ProvidersArgs,
  RegisterProviderInput,
  SuspendProviderInput,
  UpdateProviderInput,
} from './provider.inputs';
import { Provider, ProviderAdmission, ProviderConnection } from './provider.types';

/** `node(id)` for a Provider: the admitted list is public. */
export async function resolveProviderNode(ctx: Context, key: string): Promise<ProviderEntity | null> {
  if (!/^\d{1,18}$/.test(key)) return null;
  return (await ctx.loaders.provider.load(key)) ?? null;
}

/** `node(id)` for a ProviderAdmission: public, as every provider's `admissions` are. */
export async function resolveProviderAdmissionNode(ctx: Context, key: string): Promise<AdmissionEntity | null> {
  if (!/^\d{1,18}$/.test(key)) return null;
  return (await ctx.loaders.providerAdmission.load(key)) ?? null;
}

@Resolver(() => Provider)
export class ProviderResolver {
  @Query(() => ProviderConnection, { description: 'Training providers, by name or credit code (anyone: the admitted list is public).' })
  async providers(@Args() args: ProvidersArgs, @Ctx() ctx: Context): Promise<ProviderConnection> {
    const window = pageWindow(args);
    const page = await ctx.services.providers.list(args.query, args.filter ?? {}, window.offset, window.limit);
    return connectionFrom(page.items, window, page.total) as unknown as ProviderConnection;
  }

  @Query(() => Provider, { nullable: true, description: 'One provider by credit code; NOT_FOUND on `creditCode` when unknown.' })
  async provider(@Args() { creditCode }: ProviderArgs, @Ctx() ctx: Context): Promise<ProviderEntity> {
    const provider = await ctx.services.providers.byCreditCode(creditCode);
    if (!provider) throw new NotFoundError('Provider', creditCode, ['creditCode']);
    return provider;
  }

  @Authorized(Role.ADMIN)
  @Mutation(() => ProviderPayload, { description: 'Register a training provider of your region by its unified social credit code (ADMIN).' })
  async registerProvider(@Arg('input') input: RegisterProviderInput, @Ctx() ctx: Context): Promise<ProviderPayload> {
    const provider = await ctx.services.providers.register(ctx.principal!, ctx.actor(), input);
    return { provider, userErrors: [] };
  }

  @Authorized(Role.ADMIN)
  @Mutation(() => ProviderPayload, { description: "Rename a provider or correct its type (ADMIN of its region); its courses' search documents follow." })
  async updateProvider(@Arg('input') input: UpdateProviderInput, @Ctx() ctx: Context): Promise<ProviderPayload> {
    const id = inputIdOf('Provider', input.providerId, ['input', 'providerId']);
    const provider = await ctx.services.providers.update(ctx.principal!, ctx.actor(), id, { name: input.name, type: input.type });
    return { provider, userErrors: [] };
  }

  @Authorized(Role.ADMIN)
  @Mutation(() => ProviderPayload, {
    description:
      'Put a provider on the admitted list for a period (ADMIN of its region). A period overlapping or adjoining an unsuspended admission is merged with it into one; a period already covered changes nothing.',
  })
  async admitProvider(@Arg('input') input: AdmitProviderInput, @Ctx() ctx: Context): Promise<ProviderPayload> {
    const id = inputIdOf('Provider', input.providerId, ['input', 'providerId']);
    const provider = await ctx.services.providers.admit(ctx.principal!, ctx.actor(), id, input.from, input.until);
    ctx.loaders.providerAdmissions.clear(id);
    return { provider, userErrors: [] };
  }

  @Authorized(Role.ADMIN)
  @Mutation(() => ProviderPayload, {
    description: 'Take a provider off the admitted list from today (ADMIN of its region): every admission running today or later is suspended, with the reason.',
  })
  async suspendProvider(@Arg('input') input: SuspendProviderInput, @Ctx() ctx: Context): Promise<ProviderPayload> {
    const id = inputIdOf('Provider', input.providerId, ['input', 'providerId']);
    const provider = await ctx.services.providers.suspend(ctx.principal!, ctx.actor(), id, input.reason);
    ctx.loaders.providerAdmissions.clear(id);
    return { provider, userErrors: [] };
  }

  @FieldResolver(() => ID)
  id(@Root() provider: ProviderEntity): string {
    return toGlobalId('Provider', provider.id);
  }

  @FieldResolver(() => Region, { nullable: true })
  region(@Root() provider: ProviderEntity, @Ctx() ctx: Context): RegionEntity | undefined | Promise<RegionEntity | undefined> {
    return ctx.loaders.region.now(provider.regionCode);
  }

  @FieldResolver(() => [ProviderAdmission], { description: 'Every admission period, oldest first, with any suspension.' })
  admissions(@Root() provider: ProviderEntity, @Ctx() ctx: Context): Promise<AdmissionEntity[]> {
    return ctx.loaders.providerAdmissions.load(provider.id);
  }

  @FieldResolver(() => Boolean, { description: "Whether the provider is on the admitted list on `date` (default: today in China's calendar)." })
  async admittedOn(
    @Root() provider: ProviderEntity,
    @Arg('date', () => DateScalar, { nullable: true }) date: string | undefined,
    @Ctx() ctx: Context,
  ): Promise<boolean> {
    return isAdmittedOn(await ctx.loaders.providerAdmissions.load(provider.id), date ?? todayInChina());
  }

  @FieldResolver(() => CourseConnection, {
    description: 'Its courses, newest first. The provider itself and staff of its region see every status; others see PUBLISHED courses only.',
  })
  async courses(@Root() provider: ProviderEntity, @Args() args: ProviderCoursesArgs, @Ctx() ctx: Context): Promise<CourseConnection> {
    const window = pageWindow(args);
    const page = await ctx.loaders.providerCourses.load({
      providerId: provider.id,
      status: args.status,
      drafts: draftScopeFor(ctx.principal, provider),
      offset: window.offset,
      limit: window.limit,
    });
    return connectionFrom(page.items, window, page.total) as unknown as CourseConnection;
  }
}

@Resolver(() => ProviderAdmission)
export class ProviderAdmissionResolver {
  @FieldResolver(() => ID)
  id(@Root() admission: AdmissionEntity): string {
    return toGlobalId('ProviderAdmission', admission.id);
  }
}

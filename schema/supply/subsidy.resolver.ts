import { Arg, Args, Authorized, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { Occupation as OccupationEntity } from '../../domain/occupation/occupation.entity';
import type { Region as RegionEntity } from '../../domain/region/region.entity';
import type { SubsidyLine as SubsidyLineShape, SubsidyQuote as SubsidyQuoteShape } from '../../domain/supply/subsidy-quote';
import type { SubsidyStandard as SubsidyStandardEntity } from '../../domain/supply/subsidy-standard.entity';
import { todayInChina } from '../../domain/demand/post-demand-rules';
import { canReadSeeker, effectiveGroups } from '../../domain/seeker/job-seeker.service';
import { Role } from '../../server/auth';
import type { Context } from '../../server/context';
import { NotFoundError } from '../../server/errors';
import { connectionFrom, pageWindow } from '../common/connection';
import { argIdOf, toGlobalId } from '../common/node';
import { Occupation } from '../occupation/occupation.types';
import { Region } from '../region/region.types';
import { SetSubsidyStandardInput, SubsidyQuoteArgs, SubsidyStandardPayload, SubsidyStandardsArgs } from './subsidy.inputs';
import { SubsidyLine, SubsidyQuote, SubsidyStandard, SubsidyStandardConnection } from './subsidy.types';

@Resolver(() => SubsidyStandard)
export class SubsidyStandardResolver {
  @Query(() => SubsidyStandardConnection, { description: 'Subsidy standards: published policy, readable by anyone. By region, then kind, newest first.' })
  async subsidyStandards(@Args() args: SubsidyStandardsArgs, @Ctx() ctx: Context): Promise<SubsidyStandardConnection> {
    const window = pageWindow(args);
    const page = await ctx.services.subsidyStandards.list(args.filter ?? {}, window.offset, window.limit);
    return connectionFrom(page.items, window, page.total) as unknown as SubsidyStandardConnection;
  }

  @Authorized(Role.ADMIN)
  @Mutation(() => SubsidyStandardPayload, {
    description:
      'Put a subsidy standard in force in your region from `effectiveFrom` (ADMIN). The standard of the same key running then is closed the day before; the courses whose quote changes are reindexed.',
  })
  async setSubsidyStandard(@Arg('input') input: SetSubsidyStandardInput, @Ctx() ctx: Context): Promise<SubsidyStandardPayload> {
    const subsidyStandard = await ctx.services.subsidyStandards.set(ctx.principal!, ctx.actor(), input);
    return { subsidyStandard, userErrors: [] };
  }

  @FieldResolver(() => ID)
  id(@Root() standard: SubsidyStandardEntity): string {
    return toGlobalId('SubsidyStandard', standard.id);
  }

  @FieldResolver(() => Region, { nullable: true })
  region(@Root() standard: SubsidyStandardEntity, @Ctx() ctx: Context): Promise<RegionEntity | undefined> {
    return ctx.loaders.region.load(standard.regionCode);
  }

  @FieldResolver(() => Occupation, { nullable: true, description: 'Null: every occupation.' })
  async occupation(@Root() standard: SubsidyStandardEntity, @Ctx() ctx: Context): Promise<OccupationEntity | null> {
    return standard.occupationCode ? ((await ctx.loaders.occupation.load(standard.occupationCode)) ?? null) : null;
  }
}

@Resolver(() => SubsidyQuote)
export class SubsidyQuoteResolver {
  @Query(() => SubsidyQuote, {
    description:
      "What a trainee would get and pay on a course, line by line. Anyone may ask for a published course (staff of its region and its provider for others). With `seekerId` (a job seeker you may read) the supplements are those of the seeker's key groups today; otherwise `groups` previews them.",
  })
  async subsidyQuote(@Args() { courseId, seekerId, groups }: SubsidyQuoteArgs, @Ctx() ctx: Context): Promise<SubsidyQuoteShape> {
    const id = argIdOf('Course', courseId, ['courseId']);
    if (seekerId === undefined || seekerId === null) return ctx.services.subsidyQuotes.quote(id, groups ?? [], ctx.principal);
    const seeker = await ctx.loaders.jobSeeker.load(argIdOf('JobSeeker', seekerId, ['seekerId']));
    if (!seeker || !canReadSeeker(ctx.principal, seeker)) throw new NotFoundError('JobSeeker', seekerId, ['seekerId']);
    return ctx.services.subsidyQuotes.quote(id, effectiveGroups(seeker, todayInChina()), ctx.principal);
  }
}

@Resolver(() => SubsidyLine)
export class SubsidyLineResolver {
  @FieldResolver(() => SubsidyStandard, { nullable: true, description: 'The standard the amount comes from.' })
  async standard(@Root() line: SubsidyLineShape, @Ctx() ctx: Context): Promise<SubsidyStandardEntity | null> {
    return line.standardId ? ((await ctx.loaders.subsidyStandard.load(line.standardId)) ?? null) : null;
  }

  @FieldResolver(() => ID, { nullable: true, description: 'The shortage catalog an uplift comes from (global id).' })
  catalogId(@Root() line: SubsidyLineShape): string | null {
    return line.catalogId ? toGlobalId('ShortageCatalog', line.catalogId) : null;
  }

  @FieldResolver(() => ID, { nullable: true, description: 'The shortage catalog entry an uplift comes from (global id).' })
  catalogEntryId(@Root() line: SubsidyLineShape): string | null {
    return line.catalogEntryId ? toGlobalId('ShortageCatalogEntry', line.catalogEntryId) : null;
  }
}

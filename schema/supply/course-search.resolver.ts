import { Args, Ctx, FieldResolver, Query, Resolver, Root } from 'type-graphql';
import type { Course as CourseEntity } from '../../domain/supply/course.entity';
import { CourseStatus } from '../../domain/supply/supply-enums';
import type { SubsidyQuote as QuoteShape } from '../../domain/supply/subsidy-quote';
import type { Context } from '../../server/context';
import { connectionFrom, pageWindow } from '../common/connection';
import { argIdOf } from '../common/node';
import { CoursesArgs } from './course-search.inputs';
import { primeCoursePage } from './course.loaders';
import { Course, CourseConnection } from './course.types';
import { SubsidyQuote } from './subsidy.types';

@Resolver(() => Course)
export class CourseSearchResolver {
  @Query(() => CourseConnection, {
    description:
      'Published courses, for anyone. With `query`, best match first (occupation aliases work); `sort` orders by start date or by net cost after subsidy instead. `extensions.degraded` is set when Meilisearch was down and PostgreSQL answered.',
  })
  async courses(@Args() args: CoursesArgs, @Ctx() ctx: Context): Promise<CourseConnection> {
    const window = pageWindow(args);
    const filter = { ...args.filter, providerId: args.filter?.providerId ? argIdOf('Provider', args.filter.providerId, ['filter', 'providerId']) : undefined };
    const page = await ctx.services.courseSearch.find(args.query, filter, args.sort, window.offset, window.limit);
    // The index may lag a cancellation by a moment: PostgreSQL has the last word on what is published.
    const rows = await ctx.services.courseSearch.loadPage(page.ids);
    primeCoursePage(ctx, rows);
    const byId = new Map(rows.courses.map((c) => [c.id, c]));
    let items = page.ids.map((id) => byId.get(id)).filter((c): c is CourseEntity => c?.status === CourseStatus.PUBLISHED);
    if (filter.subsidisedOnly) {
      // So is a suspension, which stops the subsidy at once: the live quote decides (and serves `subsidy` after).
      const quotes = await ctx.services.subsidyQuotes.quotesOf(items, [], rows.factsVersion);
      for (const [id, quote] of quotes) ctx.loaders.courseSubsidy.prime(id, quote);
      items = items.filter((c) => quotes.get(c.id)!.subsidised);
    }
    return connectionFrom(items, window, page.total) as unknown as CourseConnection;
  }

  @FieldResolver(() => SubsidyQuote, {
    description: 'The subsidy for a trainee without group supplements: the standard in force on the start date plus the shortage uplift. For one person, ask `subsidyQuote(courseId, seekerId)`.',
  })
  subsidy(@Root() course: CourseEntity, @Ctx() ctx: Context): Promise<QuoteShape> {
    return ctx.loaders.courseSubsidy.load(course.id);
  }
}

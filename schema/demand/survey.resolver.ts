import { Arg, Args, Authorized, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { DemandSurvey as SurveyEntity } from '../../domain/demand/demand-survey.entity';
import { DemandSurveyStatus, surveyStatus, type OccupationDemandTotal as TotalShape, type SurveySummary } from '../../domain/demand/survey.service';
import type { Occupation as OccupationEntity } from '../../domain/occupation/occupation.entity';
import type { Region as RegionEntity } from '../../domain/region/region.entity';
import { Role } from '../../server/auth';
import type { Context } from '../../server/context';
import { connectionFrom, pageWindow } from '../common/connection';
import { toGlobalId } from '../common/node';
import { Occupation } from '../occupation/occupation.types';
import { Region } from '../region/region.types';
import { inputIdOf } from '../common/node';
import {
  CloseDemandSurveyInput,
  DemandSurvey,
  DemandSurveyConnection,
  DemandSurveyPayload,
  DemandSurveySummary,
  DemandSurveysArgs,
  OccupationDemandTotal,
  OpenDemandSurveyInput,
} from './survey.types';

/** `node(id)` for a DemandSurvey: any signed-in caller; null for anonymous ones and unknown ids. */
export async function resolveSurveyNode(ctx: Context, key: string): Promise<SurveyEntity | null> {
  if (!ctx.principal || !/^\d{1,18}$/.test(key)) return null;
  return (await ctx.loaders.survey.load(key)) ?? null;
}

@Resolver(() => DemandSurvey)
export class DemandSurveyResolver {
  @Authorized()
  @Query(() => DemandSurveyConnection, { description: 'Post-demand survey rounds, newest first (any signed-in caller).' })
  async demandSurveys(@Args() args: DemandSurveysArgs, @Ctx() ctx: Context): Promise<DemandSurveyConnection> {
    const window = pageWindow(args);
    const page = await ctx.services.surveys.list(args.filter ?? {}, window.offset, window.limit);
    return connectionFrom(page.items, window, page.total) as unknown as DemandSurveyConnection;
  }

  @Authorized(Role.ADMIN)
  @Mutation(() => DemandSurveyPayload, { description: 'Open a survey round for a region of your scope and a period (ADMIN).' })
  async openDemandSurvey(@Arg('input') input: OpenDemandSurveyInput, @Ctx() ctx: Context): Promise<DemandSurveyPayload> {
    const survey = await ctx.services.surveys.open(ctx.principal!, ctx.actor(), input);
    return { survey, userErrors: [] };
  }

  @Authorized(Role.ADMIN)
  @Mutation(() => DemandSurveyPayload, { description: 'Close a round now (ADMIN of a region covering it); later submissions to it are refused.' })
  async closeDemandSurvey(@Arg('input') input: CloseDemandSurveyInput, @Ctx() ctx: Context): Promise<DemandSurveyPayload> {
    const id = inputIdOf('DemandSurvey', input.surveyId, ['input', 'surveyId']);
    const survey = await ctx.services.surveys.close(ctx.principal!, ctx.actor(), id);
    ctx.loaders.survey.clear(id);
    return { survey, userErrors: [] };
  }

  @FieldResolver(() => ID)
  id(@Root() survey: SurveyEntity): string {
    return toGlobalId('DemandSurvey', survey.id);
  }

  @FieldResolver(() => DemandSurveyStatus)
  status(@Root() survey: SurveyEntity): DemandSurveyStatus {
    return surveyStatus(survey);
  }

  @FieldResolver(() => Region, { nullable: true })
  region(@Root() survey: SurveyEntity, @Ctx() ctx: Context): Promise<RegionEntity | undefined> {
    return ctx.loaders.region.load(survey.regionCode);
  }

  @FieldResolver(() => DemandSurveySummary, { description: 'Open lines of this round (valid today): totals and per occupation and skill level.' })
  summary(@Root() survey: SurveyEntity, @Ctx() ctx: Context): Promise<SurveySummary> {
    return ctx.loaders.surveySummary.load(survey.id);
  }
}

@Resolver(() => OccupationDemandTotal)
export class OccupationDemandTotalResolver {
  @FieldResolver(() => Occupation, { nullable: true })
  occupation(@Root() total: TotalShape, @Ctx() ctx: Context): Promise<OccupationEntity | undefined> {
    return ctx.loaders.occupation.load(total.occupationCode);
  }
}

import { Args, Ctx, FieldResolver, ID, Query, Resolver, Root } from 'type-graphql';
import type { Region as RegionEntity } from '../../domain/region/region.entity';
import { TOP_LEVEL, type Context } from '../../server/context';
import { NotFoundError } from '../../server/errors';
import { connectionFrom, pageWindow } from '../common/connection';
import { toGlobalId } from '../common/node';
import { Region, RegionArgs, RegionConnection, RegionsArgs } from './region.types';

@Resolver(() => Region)
export class RegionResolver {
  @Query(() => RegionConnection, { description: 'The divisions directly below `parentCode` (the provinces when omitted), in code order.' })
  async regions(@Args() args: RegionsArgs, @Ctx() ctx: Context): Promise<RegionConnection> {
    const window = pageWindow(args);
    const parentCode = args.parentCode ?? TOP_LEVEL;
    if (parentCode && !(await ctx.loaders.region.load(parentCode))) throw new NotFoundError('Region', parentCode, ['parentCode']);
    const all = await ctx.loaders.regionChildren.load(parentCode);
    return connectionFrom(all.slice(window.offset, window.offset + window.limit), window, all.length) as unknown as RegionConnection;
  }

  @Query(() => Region, { nullable: true, description: 'One division by code; NOT_FOUND (field `code`) when there is none.' })
  async region(@Args() { code }: RegionArgs, @Ctx() ctx: Context): Promise<RegionEntity> {
    const region = await ctx.loaders.region.load(code);
    if (!region) throw new NotFoundError('Region', code, ['code']);
    return region;
  }

  @FieldResolver(() => ID)
  id(@Root() region: RegionEntity): string {
    return toGlobalId('Region', region.code);
  }

  @FieldResolver(() => Region, { nullable: true })
  parent(@Root() region: RegionEntity, @Ctx() ctx: Context): Promise<RegionEntity | undefined> | null {
    return region.parentCode ? ctx.loaders.region.load(region.parentCode) : null;
  }

  @FieldResolver(() => [Region], { description: 'The divisions directly below, in code order.' })
  children(@Root() region: RegionEntity, @Ctx() ctx: Context): Promise<RegionEntity[]> {
    return ctx.loaders.regionChildren.load(region.code);
  }
}

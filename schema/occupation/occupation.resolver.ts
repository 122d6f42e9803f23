import { Arg, Args, Authorized, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { Occupation as OccupationEntity } from '../../domain/occupation/occupation.entity';
import { Role } from '../../server/auth';
import type { Context } from '../../server/context';
import { NotFoundError } from '../../server/errors';
import { connectionFrom, pageWindow } from '../common/connection';
import { toGlobalId } from '../common/node';
import {
  Occupation,
  OccupationArgs,
  OccupationConnection,
  OccupationsArgs,
  SetOccupationAliasesInput,
  SetOccupationAliasesPayload,
} from './occupation.types';

@Resolver(() => Occupation)
export class OccupationResolver {
  @Query(() => OccupationConnection, { description: 'Search-as-you-type over names and aliases, or browse the classification in code order.' })
  async occupations(@Args() args: OccupationsArgs, @Ctx() ctx: Context): Promise<OccupationConnection> {
    const window = pageWindow(args);
    const page = await ctx.services.occupations.find(args.query, args.filter ?? {}, window.offset, window.limit);
    const found = await ctx.loaders.occupation.loadMany(page.items);
    const items = found.filter((o): o is OccupationEntity => o !== undefined && !(o instanceof Error));
    return connectionFrom(items, window, page.total) as unknown as OccupationConnection;
  }

  @Query(() => Occupation, { nullable: true, description: 'One occupation by its code; NOT_FOUND (field `code`) when there is none.' })
  async occupation(@Args() { code }: OccupationArgs, @Ctx() ctx: Context): Promise<OccupationEntity> {
    const occupation = await ctx.loaders.occupation.load(code);
    if (!occupation) throw new NotFoundError('Occupation', code, ['code']);
    return occupation;
  }

  @Authorized(Role.ADMIN)
  @Mutation(() => SetOccupationAliasesPayload, { description: 'Replace the colloquial names of an occupation (ADMIN). They become search synonyms at once.' })
  async setOccupationAliases(@Arg('input') input: SetOccupationAliasesInput, @Ctx() ctx: Context): Promise<SetOccupationAliasesPayload> {
    const occupation = await ctx.services.occupations.setAliases(ctx.actor(), input.code, input.aliases);
    ctx.loaders.occupation.clear(input.code);
    return { occupation, userErrors: [] };
  }

  @FieldResolver(() => ID)
  id(@Root() occupation: OccupationEntity): string {
    return toGlobalId('Occupation', occupation.code);
  }

  @FieldResolver()
  isDigital(@Root() occupation: OccupationEntity): boolean {
    return occupation.isDigital === true;
  }

  @FieldResolver()
  isGreen(@Root() occupation: OccupationEntity): boolean {
    return occupation.isGreen === true;
  }
}

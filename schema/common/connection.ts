import { Max, Min, MaxLength } from 'class-validator';
import { ArgsType, Field, Int, ObjectType, type ClassType } from 'type-graphql';
import { badInput } from '../../server/errors';

export const MAX_PAGE_SIZE = 100;
export const DEFAULT_PAGE_SIZE = 20;

@ArgsType()
export class PageArgs {
  @Field(() => Int, { nullable: true, description: `How many items, 1 to ${MAX_PAGE_SIZE} (default ${DEFAULT_PAGE_SIZE}). More is an error, not a silent cut.` })
  @Min(1)
  @Max(MAX_PAGE_SIZE)
  first?: number;

  @Field({ nullable: true, description: 'Cursor after which to continue (an `endCursor` or edge cursor).' })
  @MaxLength(200)
  after?: string;
}

@ObjectType({ simpleResolvers: true })
export class PageInfo {
  @Field()
  hasNextPage: boolean;

  @Field()
  hasPreviousPage: boolean;

  @Field(() => String, { nullable: true })
  startCursor: string | null;

  @Field(() => String, { nullable: true })
  endCursor: string | null;
}

export interface Edge<T> {
  cursor: string;
  node: T;
}

export interface ConnectionShape<T> {
  edges: Edge<T>[];
  nodes: T[];
  pageInfo: PageInfo;
  totalCount: number;
}

/**
 * `Connection(Occupation)` → a base class for `OccupationConnection` and its `OccupationEdge`.
 * Data-only types use `simpleResolvers`: no middleware per field, since access and errors are
 * settled at the root field that produced them.
 */
export function Connection<T extends object>(nodeType: ClassType<T>) {
  @ObjectType(`${nodeType.name}Edge`, { simpleResolvers: true })
  class EdgeType {
    @Field()
    cursor: string;

    @Field(() => nodeType)
    node: T;
  }

  @ObjectType(`${nodeType.name}ConnectionBase`, { simpleResolvers: true })
  abstract class ConnectionType {
    @Field(() => [EdgeType])
    edges: EdgeType[];

    @Field(() => [nodeType], { description: 'The nodes of `edges`, for clients that need no cursors.' })
    nodes: T[];

    @Field(() => PageInfo)
    pageInfo: PageInfo;

    @Field(() => Int, { description: 'How many items match in all (an estimate above 1,000 for full-text queries).' })
    totalCount: number;
  }
  return ConnectionType;
}

const encodeOffset = (offset: number) => Buffer.from(`offset:${offset}`).toString('base64url');

export interface PageWindow {
  offset: number;
  limit: number;
}

/** Decodes `first`/`after` into an offset window; a cursor that is not ours is a BAD_USER_INPUT on `after`. */
export function pageWindow(args: PageArgs): PageWindow {
  const limit = args.first ?? DEFAULT_PAGE_SIZE;
  if (!args.after) return { offset: 0, limit };
  const match = /^offset:(\d{1,9})$/.exec(Buffer.from(args.after, 'base64url').toString('utf8'));
  if (!match || encodeOffset(Number(match[1])) !== args.after) throw badInput('after is not a cursor this list gave out', ['after']);
  return { offset: Number(match[1]) + 1, limit };
}

export function connectionFrom<T>(items: T[], window: PageWindow, totalCount: number): ConnectionShape<T> {
  const edges = items.map((node, i) => ({ cursor: encodeOffset(window.offset + i), node }));
  return {
    edges,
    nodes: items,
    totalCount,
    pageInfo: {
      hasNextPage: window.offset + items.length < totalCount,
      hasPreviousPage: window.offset > 0,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges[edges.length - 1]?.cursor ?? null,
    },
  };
}

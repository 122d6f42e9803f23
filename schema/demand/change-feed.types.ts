import { Field, ID, ObjectType } from 'type-graphql';
import { PostDemandChangeKind } from '../common/enums';
import { PageInfo } from '../common/connection';
import { DateTimeScalar } from '../common/scalars';

@ObjectType('PostDemandChange', { description: 'One create, update, withdrawal or fill of a post-demand line, in commit order.' })
export class PostDemandChangeNode {
  @Field({ description: 'Store it: `postDemandChanges(after:)` resumes right after this change.' })
  cursor: string;

  @Field(() => PostDemandChangeKind)
  kind: PostDemandChangeKind;

  @Field(() => DateTimeScalar, { description: 'When the change was written.' })
  at: Date;

  @Field(() => String, { nullable: true, description: 'The agency source that made it; null for lines written through the enterprise API.' })
  source: string | null;

  @Field(() => ID, { description: 'Global id of the line.' })
  postDemandId: string;

  @Field(() => String, { nullable: true, description: "The agency's id of the line, for synced lines." })
  externalId: string | null;
}

@ObjectType('PostDemandChangeEdge', { simpleResolvers: true })
export class PostDemandChangeEdge {
  @Field()
  cursor: string;

  @Field(() => PostDemandChangeNode)
  node: PostDemandChangeNode;
}

@ObjectType({
  simpleResolvers: true,
  description:
    'A page of the change feed. The feed has no end: when `hasNextPage` is false, poll again later with `endCursor` ' +
    '(it stays the cursor you sent when nothing new has committed).',
})
export class PostDemandChangeConnection {
  @Field(() => [PostDemandChangeEdge])
  edges: PostDemandChangeEdge[];

  @Field(() => [PostDemandChangeNode])
  nodes: PostDemandChangeNode[];

  @Field(() => PageInfo)
  pageInfo: PageInfo;
}

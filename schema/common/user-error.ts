import { Field, ObjectType } from 'type-graphql';

@ObjectType({ simpleResolvers: true, description: 'A business rule or input check that said no; nothing was changed.' })
export class UserError {
  @Field(() => [String], { nullable: true, description: 'Path inside the arguments, e.g. `["input", "items", "3", "headcount"]`.' })
  field: string[] | null;

  @Field({ description: 'What is wrong, for people.' })
  message: string;

  @Field({ description: 'Stable machine-readable code, e.g. `NOT_FOUND`, `INVALID`.' })
  code: string;
}

/** Every mutation payload carries `userErrors`; the thing it changed is null when there are any. */
@ObjectType('PayloadBase')
export abstract class Payload {
  @Field(() => [UserError])
  userErrors: UserError[];
}

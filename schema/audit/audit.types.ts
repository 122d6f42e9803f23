import { IsOptional, MaxLength, ValidateNested } from 'class-validator';
import { ArgsType, Field, ID, InputType, ObjectType } from 'type-graphql';
import { AuditEntry as AuditEntryEntity } from '../../domain/audit/audit-entry.entity';
import { Connection, PageArgs } from '../common/connection';
import { Node, registerNodeType } from '../common/node';
import { DateTimeScalar, JSONObjectScalar } from '../common/scalars';
import { IsRegionCode } from '../common/validators';

@ObjectType({
  implements: Node,
  simpleResolvers: true,
  description:
    'One change in the audit trail (规则 4: who, when, what), written in the same transaction as the change. Personal data appears only as "(set)" or "(changed)".',
})
export class AuditEntry extends Node {
  @Field(() => DateTimeScalar)
  at: Date;

  @Field({ description: 'Who: the token subject, `api-key:<prefix>` for an agency key, or `cli:<user>` for an operator.' })
  actor: string;

  @Field({ description: 'Their role then (`OPERATOR` at the command line).' })
  actorRole: string;

  @Field({ description: 'What was done, e.g. `PUBLISH`, `ENROLL`, `SUSPEND`, `SET_SHORTAGE_ENTRY`.' })
  action: string;

  @Field({ description: 'The kind of object changed, a type name such as `Course` (`PostDemandSource` for a sync batch).' })
  entityType: string;

  @Field({ description: 'Its key: a database id, an occupation or region code, a source name; `*` for a bulk load.' })
  entityKey: string;

  @Field(() => [String], { description: 'Regions the change concerns (a course\'s and its trainee\'s); their ADMINs read it. Empty for national data.' })
  regionCodes: string[];

  @Field(() => JSONObjectScalar, { description: 'Field → `{ from, to }` for updates; what was set for creations; a summary for bulk operations.' })
  changes: Record<string, unknown>;

  @Field(() => String, { nullable: true, description: 'The request id the API logged the change under.' })
  requestId: string | null;
}
registerNodeType(AuditEntryEntity, 'AuditEntry');

@ObjectType({ simpleResolvers: true })
export class AuditEntryConnection extends Connection(AuditEntry) {}

@InputType()
export class AuditEntryFilter {
  @Field(() => ID, { nullable: true, description: "The global id of an object: its own trail (a course's, a job seeker's). Admissions are on their provider's trail, catalog entries on their catalog's." })
  entityId?: string;

  @Field(() => String, { nullable: true })
  @MaxLength(60)
  entityType?: string;

  @Field(() => String, { nullable: true, description: 'Changes made by one actor (`AuditEntry.actor`).' })
  @MaxLength(200)
  actor?: string;

  @Field(() => String, { nullable: true })
  @MaxLength(60)
  action?: string;

  @Field(() => String, { nullable: true, description: 'Changes concerning this region or one below it (within yours).' })
  @IsRegionCode()
  regionCode?: string;

  @Field(() => DateTimeScalar, { nullable: true, description: 'At or after this instant.' })
  since?: Date;

  @Field(() => DateTimeScalar, { nullable: true, description: 'Before this instant.' })
  until?: Date;
}

@ArgsType()
export class AuditEntriesArgs extends PageArgs {
  @Field(() => AuditEntryFilter, { nullable: true })
  @IsOptional()
  @ValidateNested()
  filter?: AuditEntryFilter;
}

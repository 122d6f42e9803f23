import { Field, ID, InputType, ObjectType } from 'type-graphql';
import { WorkAgreementKind } from '../../domain/apprenticeship/apprentice-rules';
import type { WorkAgreement as WorkAgreementEntity } from '../../domain/apprenticeship/work-agreement.entity';
import { DateScalar } from '../common/scalars';
import { Payload } from '../common/user-error';
import { WorkAgreement } from './apprenticeship.types';

@InputType()
export class RecordWorkAgreementInput {
  @Field(() => ID, { description: 'A job seeker of your region.' })
  seekerId: string;

  @Field(() => ID)
  enterpriseId: string;

  @Field(() => WorkAgreementKind)
  kind: WorkAgreementKind;

  @Field(() => DateScalar, { description: 'First day; at most a year ahead.' })
  startsOn: string;

  @Field(() => DateScalar, { nullable: true, description: 'Last day: required for an internship; omitted for an open-ended contract.' })
  endsOn?: string | null;
}

@InputType()
export class EndWorkAgreementInput {
  @Field(() => ID)
  agreementId: string;

  @Field(() => DateScalar, { description: 'Its new last day: not before its first, not after the last day on file.' })
  endsOn: string;
}

@ObjectType()
export class WorkAgreementPayload extends Payload {
  @Field(() => WorkAgreement, { nullable: true })
  workAgreement: WorkAgreementEntity | null;
}

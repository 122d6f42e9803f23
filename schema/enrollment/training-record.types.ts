import { Field, Int, ObjectType } from 'type-graphql';
import type { Enrollment as EnrollmentEntity } from '../../domain/enrollment/enrollment.entity';
import type { SkillLevel as SkillLevelValue } from '../../domain/skills/skill-level';
import { SkillLevel } from '../common/enums';
import { DateScalar, DecimalScalar } from '../common/scalars';
import { Enrollment } from './enrollment.types';

@ObjectType({ simpleResolvers: true, description: 'A skill certificate a training on the platform led to, as its provider reported it.' })
export class RecordedCertificate {
  @Field(() => SkillLevel)
  level: SkillLevelValue;

  @Field()
  number: string;

  @Field(() => DateScalar, { description: 'The day the course was finished.' })
  obtainedOn: string;

  @Field(() => Enrollment, { description: 'The seat that led to it; its course names the occupation.' })
  enrollment: EnrollmentEntity;
}

@ObjectType({
  simpleResolvers: true,
  description:
    "A person's lifelong vocational-training record (终身职业技能培训电子档案, 001 §(二十八)) as this platform holds it: every training taken, the certificates it led to and the subsidy paid for it. Keyed, like the social-security card it is tied to, by the person's identity number.",
})
export class TrainingRecord {
  @Field(() => [Enrollment], { description: 'Seats held, in the order taken: completed, dropped out or still running (seats given back were no training).' })
  trainings: EnrollmentEntity[];

  @Field(() => Int, { description: 'Trainings completed (结业).' })
  completed: number;

  @Field(() => [RecordedCertificate], { description: 'Certificates the trainings led to, in the order obtained.' })
  certificates: RecordedCertificate[];

  @Field(() => DecimalScalar, { description: 'Subsidy paid to the person on their trainings (PAID claims, less any recovered after a supervision check), yuan.' })
  subsidyReceived: string;

  @Field(() => DecimalScalar, { description: 'All subsidy paid on their trainings, to them, providers and enterprises, less any recovered, yuan.' })
  subsidyPaidOnTrainings: string;
}

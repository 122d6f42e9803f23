import { Field, ObjectType, registerEnumType } from 'type-graphql';
import { ApprenticeVia, WorkAgreementKind } from '../../domain/apprenticeship/apprentice-rules';
import { WorkAgreement as WorkAgreementEntity } from '../../domain/apprenticeship/work-agreement.entity';
import { Node, registerNodeType } from '../common/node';
import { DateScalar, DateTimeScalar } from '../common/scalars';

registerEnumType(WorkAgreementKind, {
  name: 'WorkAgreementKind',
  valuesConfig: {
    INTERNSHIP: { description: '实习协议: makes a graduating-year student a new apprentice of the enterprise from six months on' },
    LABOUR_CONTRACT: { description: '劳动合同: makes the person an employee, and so a possible new apprentice, of the enterprise' },
  },
});

registerEnumType(ApprenticeVia, {
  name: 'ApprenticeVia',
  description: 'How a trainee on a new apprenticeship course (企业新型学徒制) is the enterprise’s apprentice.',
  valuesConfig: {
    LABOUR_CONTRACT: { description: 'an employee: new hire, current or transferred (002 §四)' },
    INTERNSHIP: { description: 'a graduating-year student interning six months or more (000 §(十一)); subsidised once a contract of a year or more follows graduation' },
  },
});

@ObjectType({
  implements: Node,
  simpleResolvers: true,
  description: 'An internship agreement or labour contract between a job seeker and an enterprise, as filed with the bureau (备案). Visible with the seeker.',
})
export class WorkAgreement extends Node {
  @Field(() => WorkAgreementKind)
  kind: WorkAgreementKind;

  @Field(() => DateScalar)
  startsOn: string;

  @Field(() => DateScalar, { nullable: true, description: 'Null: an open-ended contract.' })
  endsOn: string | null;

  @Field(() => DateTimeScalar)
  recordedAt: Date;
}
registerNodeType(WorkAgreementEntity, 'WorkAgreement');

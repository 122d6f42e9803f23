import { registerEnumType } from 'type-graphql';
import { EducationLevel, EmploymentStatus } from '../../domain/seeker/seeker-enums';

registerEnumType(EducationLevel, {
  name: 'EducationLevel',
  description: 'Highest education completed, or being completed by a student.',
  valuesConfig: {
    JUNIOR_HIGH: { description: '初中' },
    SENIOR_HIGH: { description: '高中' },
    SECONDARY_VOCATIONAL: { description: '中职/技校' },
    JUNIOR_COLLEGE: { description: '大专' },
    BACHELOR: { description: '本科' },
    MASTER: { description: '硕士' },
    DOCTORATE: { description: '博士' },
  },
});

registerEnumType(EmploymentStatus, {
  name: 'EmploymentStatus',
  valuesConfig: { EMPLOYED: { description: '在职' }, UNEMPLOYED: { description: '失业/未就业' }, STUDENT: { description: '在校学生' } },
});

export { EducationLevel, EmploymentStatus };

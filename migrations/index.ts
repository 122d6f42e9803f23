import { AuditRegions1795270421076 } from './1795270421076-AuditRegions';
import { ProviderPlacement1795269418412 } from './1795269418412-ProviderPlacement';
import { TrainingOutcomes1795268816072 } from './1795268816072-TrainingOutcomes';
import { ReferenceRowsVersion1795248200000 } from './1795248200000-ReferenceRowsVersion';
import { CourseEnrolmentSweep1795248100000 } from './1795248100000-CourseEnrolmentSweep';
import { QuoteFactsVersion1795248000000 } from './1795248000000-QuoteFactsVersion';
import { OpenDemandByOccupation1795247077038 } from './1795247077038-OpenDemandByOccupation';
import { Enrollments1795245604545 } from './1795245604545-Enrollments';
import { JobSeekers1795244612696 } from './1795244612696-JobSeekers';
import { SupplySide1795243674547 } from './1795243674547-SupplySide';
import { PostDemandChangeLeanIndexes1795243521576 } from './1795243521576-PostDemandChangeLeanIndexes';
import { PostDemandChangeBySource1795241952622 } from './1795241952622-PostDemandChangeBySource';
import { PostDemandExpiryIndex1795240959662 } from './1795240959662-PostDemandExpiryIndex';
import { OccupationCodeMapping1795240081059 } from './1795240081059-OccupationCodeMapping';
import { DemandSide1795239767753 } from './1795239767753-DemandSide';
import { OutboxNotify1795238600000 } from './1795238600000-OutboxNotify';
import { Initial1795238534200 } from './1795238534200-Initial';
/** In order of application; `npm run migration:generate -- Name` appends to this list. */
export const migrations: Function[] = [Initial1795238534200, OutboxNotify1795238600000, DemandSide1795239767753, OccupationCodeMapping1795240081059, PostDemandExpiryIndex1795240959662, PostDemandChangeBySource1795241952622, PostDemandChangeLeanIndexes1795243521576, SupplySide1795243674547, JobSeekers1795244612696, Enrollments1795245604545, OpenDemandByOccupation1795247077038, QuoteFactsVersion1795248000000, CourseEnrolmentSweep1795248100000, ReferenceRowsVersion1795248200000, TrainingOutcomes1795268816072, ProviderPlacement1795269418412, AuditRegions1795270421076];

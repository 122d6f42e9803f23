import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import { TrainingCompletion } from '../../domain/enrollment/enrollment-enums';
import type { JobSeeker as JobSeekerEntity } from '../../domain/seeker/job-seeker.entity';
import type { Context } from '../../server/context';
import { JobSeeker } from '../seeker/job-seeker.types';
import { TrainingRecord } from './training-record.types';

@Resolver(() => JobSeeker)
export class JobSeekerTrainingRecordResolver {
  @FieldResolver(() => TrainingRecord, { description: 'Their lifelong vocational-training record (终身职业技能培训电子档案).' })
  async trainingRecord(@Root() seeker: JobSeekerEntity, @Ctx() ctx: Context): Promise<TrainingRecord> {
    const [trainings, paid] = await Promise.all([ctx.loaders.seekerTrainings.load(seeker.id), ctx.loaders.seekerSubsidyPaid.load(seeker.id)]);
    const certified = trainings.filter((e) => e.certificateLevel !== null).sort((a, b) => a.finishedOn!.localeCompare(b.finishedOn!) || Number(a.id) - Number(b.id));
    return {
      trainings,
      completed: trainings.filter((e) => e.completion === TrainingCompletion.COMPLETED).length,
      certificates: certified.map((e) => ({ level: e.certificateLevel!, number: e.certificateNumber!, obtainedOn: e.finishedOn!, enrollment: e })),
      subsidyReceived: paid?.toTrainee ?? '0.00',
      subsidyPaidOnTrainings: paid?.amount ?? '0.00',
    };
  }
}

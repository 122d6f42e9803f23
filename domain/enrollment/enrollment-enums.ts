export enum EnrollmentStatus {
  ENROLLED = 'ENROLLED',
  WITHDRAWN = 'WITHDRAWN',
}

/** How a trainee's seat ended, as the provider reports it (结业 or not). */
export enum TrainingCompletion {
  COMPLETED = 'COMPLETED',
  DROPPED_OUT = 'DROPPED_OUT',
}

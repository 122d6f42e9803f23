import type { DataSource } from 'typeorm';
import { forgetOldSyncRequests } from '../domain/demand/post-demand-sync';
import { expirePostDemands } from '../domain/demand/post-demand.service';
import { sweepStartedCourses } from '../search/courses.index';
import type { Logger } from './logger';

/**
 * Date-driven upkeep, now and then every `intervalMs`, on every instance (each job is safe to run
 * on several at once): OPEN post demand past its valid-until date becomes EXPIRED, finished sync
 * requests past their retention are forgotten, and courses that started leave the set matching
 * offers. `stop()` waits for a run in progress.
 */
export function startHousekeeping(dataSource: DataSource, log: Logger, intervalMs = 10 * 60_000): { stop(): Promise<void> } {
  let running: Promise<void> | undefined;
  const run = () => {
    if (running) return;
    running = Promise.all([expirePostDemands(dataSource), forgetOldSyncRequests(dataSource), sweepStartedCourses(dataSource)])
      .then(
        ([expiredLines, forgottenSyncRequests, startedCourses]) =>
          expiredLines + forgottenSyncRequests + startedCourses > 0 ? log.info('housekeeping', { expiredLines, forgottenSyncRequests, startedCourses }) : undefined,
        (err: unknown) => log.error('housekeeping failed', { err }),
      )
      .finally(() => (running = undefined));
  };
  const timer = setInterval(run, intervalMs);
  timer.unref();
  run();
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}

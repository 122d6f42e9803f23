import DataLoader from 'dataloader';
import type { PostDemand } from '../../domain/demand/post-demand.entity';
import type { Course } from '../../domain/supply/course.entity';
import type { CoursePageRows } from '../../domain/supply/course-search.service';
import type { CourseService, DraftScope } from '../../domain/supply/course.service';
import type { Context } from '../../server/context';
import type { CourseStatus } from '../../domain/supply/supply-enums';

export interface ProviderCoursesKey {
  providerId: string;
  status?: CourseStatus;
  drafts: DraftScope;
  offset: number;
  limit: number;
}

export type CoursePage = { items: Course[]; total: number };

/**
 * A page of courses per provider. Keys asking for the same page (status, visibility, window) are
 * answered together, so a page of providers with their courses costs one batch, not one per provider.
 */
export function providerCoursesLoader(courses: CourseService): DataLoader<ProviderCoursesKey, CoursePage, string> {
  return new DataLoader<ProviderCoursesKey, CoursePage, string>(
    async (keys) => {
      const groups = new Map<string, ProviderCoursesKey[]>();
      for (const key of keys) {
        const { providerId: _, ...page } = key;
        const group = JSON.stringify(page);
        groups.set(group, [...(groups.get(group) ?? []), key]);
      }
      const pages = new Map<string, CoursePage>();
      await Promise.all(
        [...groups.values()].map(async (group) => {
          const { status, drafts, offset, limit } = group[0];
          const found = await courses.listForProviders(group.map((k) => k.providerId), status, drafts, offset, limit);
          for (const key of group) pages.set(JSON.stringify(key), found.get(key.providerId)!);
        }),
      );
      return keys.map((key) => pages.get(JSON.stringify(key))!);
    },
    { cacheKeyFn: (key) => JSON.stringify(key) },
  );
}

export function courseLinkedPostDemandsLoader(courses: CourseService): DataLoader<string, PostDemand[]> {
  return new DataLoader<string, PostDemand[]>(async (ids) => {
    const found = await courses.linkedPostDemandsOf(ids);
    return ids.map((id) => found.get(id) ?? []);
  });
}

/** A loaded page of courses with its providers, occupations and regions, so the list's fields cost no further queries. */
export function primeCoursePage(ctx: Context, rows: CoursePageRows): void {
  for (const c of rows.courses) ctx.loaders.course.prime(c.id, c);
  for (const p of rows.providers) ctx.loaders.provider.prime(p.id, p);
  for (const o of rows.occupations) ctx.loaders.occupation.prime(o.code, o);
  for (const r of rows.regions) ctx.loaders.region.prime(r.code, r);
}

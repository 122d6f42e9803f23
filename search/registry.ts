import type { SearchIndexDefinition } from './definition';
import { coursesIndex } from './courses.index';
import { occupationsIndex } from './occupations.index';
import { postDemandsIndex } from './post-demands.index';

/** Every index the platform keeps; later domains add theirs here. */
export const searchIndexes: SearchIndexDefinition<any>[] = [occupationsIndex, postDemandsIndex, coursesIndex];

export function findSearchIndex(name: string): SearchIndexDefinition<any> | undefined {
  return searchIndexes.find((d) => d.name === name);
}

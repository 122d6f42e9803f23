import type { Settings } from 'meilisearch';
import type { EntityManager } from 'typeorm';
import { In, MoreThan } from 'typeorm';
import { Occupation } from '../domain/occupation/occupation.entity';
import type { SearchIndexDefinition } from './definition';

export interface OccupationDocument {
  id: string;
  code: string;
  name: string;
  aliases: string[];
  definition: string | null;
  tasks: string | null;
  majorGroup: number;
  isDigital: boolean;
  isGreen: boolean;
  isMajorGroup: boolean;
}

export const OCCUPATIONS_INDEX = 'occupations';

/** Meilisearch ids allow letters, digits, `-` and `_`: the code itself fits. */
export const occupationDocumentId = (code: string) => code;

export function toOccupationDocument(o: Occupation): OccupationDocument {
  return {
    id: occupationDocumentId(o.code),
    code: o.code,
    name: o.name,
    aliases: o.aliases,
    definition: o.definition,
    tasks: o.tasks,
    majorGroup: o.majorGroup,
    isDigital: o.isDigital === true,
    isGreen: o.isGreen === true,
    isMajorGroup: o.code.endsWith('-00-00-00'),
  };
}

/**
 * Alias → official names, one way: "数标员" also searches "人工智能训练师", never the reverse
 * (a name must not pull in every colloquial variant of unrelated occupations).
 */
export async function occupationSynonyms(manager: EntityManager): Promise<Record<string, string[]>> {
  const rows: { alias: string; names: string[] }[] = await manager.query(
    `SELECT alias, array_agg(DISTINCT name ORDER BY name) AS names
       FROM occupation, unnest(aliases) AS alias
      WHERE alias <> name
      GROUP BY alias`,
  );
  return Object.fromEntries(rows.map((r) => [r.alias, r.names]));
}

/**
 * Synonyms of the indexes whose documents carry their occupation's aliases as searchable text
 * (courses, post demand): none. The documents are rebuilt when aliases change, and Meilisearch 1.21
 * reads the whole synonym map for every word and word pair of a query: with the 1,643 aliases of
 * the classification that was ~0.6 ms of its CPU per word (a five-word major: 8.3 ms against 1.1
 * without), for the same hits on the match benchmark. The occupations index keeps them, so a
 * colloquial name also finds the official name's words.
 */
export const ALIASES_AS_TEXT: Readonly<Record<string, string[]>> = Object.freeze({});

export const occupationsIndex: SearchIndexDefinition<OccupationDocument> = {
  name: OCCUPATIONS_INDEX,
  async settings(manager): Promise<Settings> {
    return {
      searchableAttributes: ['name', 'aliases', 'code', 'definition', 'tasks'],
      filterableAttributes: ['majorGroup', 'isDigital', 'isGreen', 'isMajorGroup', 'code'],
      sortableAttributes: ['code'],
      // Every field, unlike courses and post demand (`keyOnly`): on this index's ten-hit searches the
      // key alone measured no gain in the typeahead benchmark (26.1 vs 23.9 ms p95, single runs).
      displayedAttributes: ['*'],
      // `attribute` before `proximity`: a hit in the name or an alias beats one buried in a definition.
      rankingRules: ['words', 'typo', 'attribute', 'exactness', 'proximity', 'sort'],
      synonyms: await occupationSynonyms(manager),
      typoTolerance: { minWordSizeForTypos: { oneTypo: 4, twoTypos: 8 } },
      pagination: { maxTotalHits: 2000 },
    };
  },
  async buildDocuments(manager, ids) {
    const rows = await manager.getRepository(Occupation).findBy({ code: In([...ids]) });
    return rows.map(toOccupationDocument);
  },
  async allIds(manager, afterId, limit) {
    const rows = await manager.getRepository(Occupation).find({
      select: { code: true },
      where: afterId ? { code: MoreThan(afterId) } : {},
      order: { code: 'ASC' },
      take: limit,
    });
    return rows.map((r) => r.code);
  },
};

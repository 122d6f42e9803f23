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

export const occupationsIndex: SearchIndexDefinition<OccupationDocument> = {
  name: OCCUPATIONS_INDEX,
  settingsFollowDocuments: true,
  async settings(manager): Promise<Settings> {
    return {
      searchableAttributes: ['name', 'aliases', 'code', 'definition', 'tasks'],
      filterableAttributes: ['majorGroup', 'isDigital', 'isGreen', 'isMajorGroup', 'code'],
      sortableAttributes: ['code'],
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

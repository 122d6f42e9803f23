import type { Settings } from 'meilisearch';
import type { EntityManager } from 'typeorm';
import type { PostDemandStatus } from '../domain/demand/post-demand.entity';
import { skillRank, type SkillLevel } from '../domain/skills/skill-level';
import { keyOnly, type SearchIndexDefinition } from './definition';
import { ALIASES_AS_TEXT } from './occupations.index';
import { enqueueReindex } from './outbox';

export interface PostDemandDocument {
  id: string;
  jobTitle: string;
  tasks: string | null;
  occupationCode: string;
  occupationName: string | null;
  occupationAliases: string[];
  enterpriseId: string;
  enterpriseName: string;
  regionCode: string;
  /** The line's region and every region above it: `regionCodes = 210200` finds lines in Dalian's districts. */
  regionCodes: string[];
  status: PostDemandStatus;
  skillLevel: SkillLevel;
  skillRank: number;
  surveyId: string | null;
  headcount: number;
  /** `YYYYMMDD` as a number, so "still valid today" is a filter. */
  validUntil: number;
  createdAt: number;
}

export const POST_DEMANDS_INDEX = 'postDemands';

/** Meilisearch ids allow digits: the line's database id fits. */
export const postDemandDocumentId = (id: string) => id;

export const validUntilNumber = (date: string) => Number(date.replaceAll('-', ''));

/** A region code and the codes of the regions above it (GB/T 2260 nests by prefix). */
export function regionAndAncestors(code: string): string[] {
  if (code.endsWith('0000')) return [code];
  const province = `${code.slice(0, 2)}0000`;
  return code.endsWith('00') ? [code, province] : [code, `${code.slice(0, 4)}00`, province];
}

interface Row {
  id: string;
  job_title: string;
  tasks: string | null;
  occupation_code: string;
  occupation_name: string | null;
  occupation_aliases: string[] | null;
  enterprise_id: string;
  enterprise_name: string;
  region_code: string;
  status: PostDemandStatus;
  skill_level: SkillLevel;
  survey_id: string | null;
  headcount: number;
  valid_until: string;
  created_at: Date;
}

export function toPostDemandDocument(r: Row): PostDemandDocument {
  return {
    id: postDemandDocumentId(r.id),
    jobTitle: r.job_title,
    tasks: r.tasks,
    occupationCode: r.occupation_code,
    occupationName: r.occupation_name,
    occupationAliases: r.occupation_aliases ?? [],
    enterpriseId: r.enterprise_id,
    enterpriseName: r.enterprise_name,
    regionCode: r.region_code,
    regionCodes: regionAndAncestors(r.region_code),
    status: r.status,
    skillLevel: r.skill_level,
    skillRank: skillRank(r.skill_level),
    surveyId: r.survey_id,
    headcount: r.headcount,
    validUntil: validUntilNumber(r.valid_until),
    createdAt: Math.floor(new Date(r.created_at).getTime() / 1000),
  };
}

/**
 * Post-demand lines of every status (searches filter on `status`), with the names people search
 * by read afresh: the occupation's name and aliases and the enterprise's name.
 */
export const postDemandsIndex: SearchIndexDefinition<PostDemandDocument> = {
  name: POST_DEMANDS_INDEX,
  async settings(): Promise<Settings> {
    return {
      searchableAttributes: ['jobTitle', 'occupationName', 'occupationAliases', 'enterpriseName', 'tasks'],
      filterableAttributes: ['regionCodes', 'status', 'occupationCode', 'enterpriseId', 'skillRank', 'surveyId', 'validUntil'],
      sortableAttributes: ['createdAt', 'validUntil'],
      displayedAttributes: keyOnly('id'),
      rankingRules: ['words', 'typo', 'attribute', 'exactness', 'proximity', 'sort'],
      synonyms: ALIASES_AS_TEXT,
      typoTolerance: { minWordSizeForTypos: { oneTypo: 4, twoTypos: 8 } },
      pagination: { maxTotalHits: 2000 },
    };
  },
  async buildDocuments(manager, ids) {
    const numeric = ids.filter((id) => /^\d{1,18}$/.test(id));
    if (numeric.length === 0) return [];
    const rows: Row[] = await manager.query(
      `SELECT pd.id::text AS id, pd.job_title, pd.tasks, pd.occupation_code, o.name AS occupation_name, o.aliases AS occupation_aliases,
              pd.enterprise_id::text AS enterprise_id, e.name AS enterprise_name, pd.region_code, pd.status, pd.skill_level,
              pd.survey_id::text AS survey_id, pd.headcount, pd.valid_until::text AS valid_until, pd.created_at
         FROM post_demand pd
         JOIN enterprise e ON e.id = pd.enterprise_id
         LEFT JOIN occupation o ON o.code = pd.occupation_code
        WHERE pd.id = ANY($1::bigint[])`,
      [numeric],
    );
    return rows.map(toPostDemandDocument);
  },
  async allIds(manager, afterId, limit) {
    // `t.id`, the number: `ORDER BY id` would sort the text alias ('10' before '9') and paging would skip ids.
    const rows: { id: string }[] = await manager.query(
      `SELECT t.id::text AS id FROM post_demand t WHERE ($1::bigint IS NULL OR t.id > $1::bigint) ORDER BY t.id LIMIT $2`,
      [afterId, limit],
    );
    return rows.map((r) => r.id);
  },
};

/**
 * Queues the lines whose documents carry a name that changed: call it in the transaction that
 * renames an enterprise or changes an occupation's name or aliases.
 */
export async function reindexPostDemandsOf(manager: EntityManager, by: { enterpriseIds?: string[]; occupationCodes?: string[] }): Promise<void> {
  const rows: { id: string }[] = await manager.query(
    `SELECT id::text AS id FROM post_demand WHERE enterprise_id = ANY($1::bigint[]) OR occupation_code = ANY($2::text[])`,
    [by.enterpriseIds ?? [], by.occupationCodes ?? []],
  );
  await enqueueReindex(manager, POST_DEMANDS_INDEX, rows.map((r) => postDemandDocumentId(r.id)));
}

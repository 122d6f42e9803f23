import type { DataSource } from 'typeorm';
import type { Principal } from '../../server/auth';
import { regionPrefix } from '../../server/auth';
import { todayInChina } from '../demand/post-demand-rules';
import { PostDemand } from '../demand/post-demand.entity';
import { SKILL_LEVEL_TERMS, skillRank } from '../skills/skill-level';
import type { CoursePageRows } from '../supply/course-search.service';
import type { Course } from '../supply/course.entity';
import type { CourseMatch, CourseMatchService } from './course-match.service';
import type { SeekerForMatching } from './match-context';
import { cityOf, demandFactor, MatchReasonCode, RELEVANCE, round4, type MatchReason } from './match-scoring';
import type { MatchWeights } from './match-weights';

export interface DemandMatch {
  postDemand: PostDemand;
  score: number;
  rank: number;
  reasons: MatchReason[];
  bridgingCourse: Course | null;
}

/** Courses considered as bridges: every eligible course match, not only a first page. */
const BRIDGE_CANDIDATES = 50;
/** Open lines considered; the closest occupations first. */
const LINE_CEILING = 1000;
/** A bridge is a step away: a post one course ahead counts this much of being ready now. */
const BRIDGE_READINESS = 0.5;

/**
 * Open post demand in the seeker's city they could fill now (an occupation they target, at or below
 * their level) or after one course (a course they are eligible for, of the post's occupation, at or
 * above the level it asks for), best first. The score uses the course-match weights:
 * - ready now: relevance (a target) + next rung (the level is there) + local demand (this line's headcount);
 * - bridged: the bridging course's relevance and shortage contributions + half the next-rung weight
 *   + local demand + order-based when the course trains for this very line.
 */
export class DemandMatchService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly courseMatches: CourseMatchService,
    private readonly weights: MatchWeights,
  ) {}

  async matchesFor(principal: Principal | undefined, seekerId: string, first: number, today = todayInChina()): Promise<{ nodes: DemandMatch[]; degraded: boolean; rows: CoursePageRows }> {
    const seeker = await this.courseMatches.seekerFor(principal, seekerId, ['seekerId'], today);
    const bridges = await this.courseMatches.matches(seeker, BRIDGE_CANDIDATES, {}, today);
    const occupations = [...new Set([...seeker.targetOccupationCodes, ...bridges.nodes.map((m) => m.course.occupationCode)])];
    if (occupations.length === 0) return { nodes: [], degraded: bridges.degraded, rows: bridges.rows };
    const lines = await this.dataSource
      .getRepository(PostDemand)
      .createQueryBuilder('d')
      .where(`d.status = 'OPEN' AND d.validUntil >= :today AND d.regionCode LIKE :city AND d.occupationCode IN (:...occupations)`, {
        today,
        city: `${regionPrefix(cityOf(seeker.regionCode))}%`,
        occupations,
      })
      .orderBy('d.id')
      .take(LINE_CEILING)
      .getMany();
    const links: { course_id: string; post_demand_id: string }[] = await this.dataSource.query(
      `SELECT course_id::text, post_demand_id::text FROM course_post_demand WHERE course_id = ANY($1::bigint[]) AND post_demand_id = ANY($2::bigint[])`,
      [bridges.nodes.map((m) => m.course.id), lines.map((l) => l.id)],
    );
    const linked = new Set(links.map((l) => `${l.course_id}:${l.post_demand_id}`));

    const matches: Omit<DemandMatch, 'rank'>[] = [];
    for (const line of lines) {
      const match = this.readyNow(seeker, line) ?? this.bridged(line, bridges.nodes, linked);
      if (match) matches.push(match);
    }
    matches.sort((a, b) => b.score - a.score || Number(a.postDemand.id) - Number(b.postDemand.id));
    return { nodes: matches.slice(0, first).map((m, i) => ({ ...m, rank: i + 1 })), degraded: bridges.degraded, rows: bridges.rows };
  }

  private readyNow(seeker: SeekerForMatching, line: PostDemand): Omit<DemandMatch, 'rank'> | null {
    if (!seeker.targetOccupationCodes.includes(line.occupationCode) || seeker.currentSkillLevel === null) return null;
    if (skillRank(seeker.currentSkillLevel) < skillRank(line.skillLevel)) return null;
    const reasons = [
      { code: MatchReasonCode.TARGET_OCCUPATION, label: `求职意向: ${seeker.targetNames.get(line.occupationCode) ?? line.occupationCode}`, weight: round4(this.weights.relevance * RELEVANCE.target) },
      { code: MatchReasonCode.READY_NOW, label: `已具备${SKILL_LEVEL_TERMS[seeker.currentSkillLevel]}，达到岗位要求的${SKILL_LEVEL_TERMS[line.skillLevel]}`, weight: round4(this.weights.nextRung) },
      this.demandReason(line),
    ];
    return this.withScore(line, reasons, null);
  }

  private bridged(line: PostDemand, bridges: readonly CourseMatch[], linked: Set<string>): Omit<DemandMatch, 'rank'> | null {
    const fits = bridges.filter((m) => m.course.occupationCode === line.occupationCode && skillRank(m.course.skillLevel) >= skillRank(line.skillLevel));
    if (fits.length === 0) return null;
    // A course that trains for this very line first, then the best match (they come best first).
    const bridge = fits.find((m) => linked.has(`${m.course.id}:${line.id}`)) ?? fits[0];
    const carried = bridge.reasons.filter((r) =>
      [MatchReasonCode.TARGET_OCCUPATION, MatchReasonCode.MAJOR, MatchReasonCode.RELATED_OCCUPATION, MatchReasonCode.GROUP_TARGETED, MatchReasonCode.SHORTAGE].includes(r.code),
    );
    const reasons: MatchReason[] = [
      ...carried,
      {
        code: MatchReasonCode.BRIDGING_COURSE,
        label: `经培训「${bridge.course.title}」（${SKILL_LEVEL_TERMS[bridge.course.skillLevel]}）后可胜任`,
        weight: round4(this.weights.nextRung * BRIDGE_READINESS),
      },
      this.demandReason(line),
    ];
    if (linked.has(`${bridge.course.id}:${line.id}`)) {
      reasons.push({ code: MatchReasonCode.ORDER_BASED, label: '订单式培训: 该课程对接此岗位', weight: round4(this.weights.orderBased) });
    }
    return this.withScore(line, reasons, bridge.course);
  }

  private demandReason(line: PostDemand): MatchReason {
    return {
      code: MatchReasonCode.LOCAL_DEMAND,
      label: `岗位需求 ${line.headcount} 人，月薪 ${Number(line.wageMin)}–${Number(line.wageMax)} 元`,
      weight: round4(this.weights.localDemand * demandFactor(line.headcount)),
    };
  }

  private withScore(line: PostDemand, reasons: MatchReason[], bridgingCourse: Course | null): Omit<DemandMatch, 'rank'> {
    const kept = reasons.filter((r) => r.weight > 0).sort((a, b) => b.weight - a.weight);
    return { postDemand: line, score: round4(kept.reduce((n, r) => n + r.weight, 0)), reasons: kept, bridgingCourse };
  }
}

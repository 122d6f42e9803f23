/**
 * How much each signal counts in a match score. Each signal is a factor from 0 to 1 (see
 * match-scoring.ts); the score is the weighted sum, so a score is at most the sum of the weights.
 * Relevance carries the most: a course must be about what the person wants or studied before the
 * policy signals (shortage, local demand, order-based links, cost, the next rung, a sooner start,
 * the provider's record of trainees finding jobs, a training voucher that pays for it) decide between
 * relevant courses.
 */
export interface MatchWeights {
  relevance: number;
  shortage: number;
  localDemand: number;
  orderBased: number;
  netCost: number;
  nextRung: number;
  soonerStart: number;
  placement: number;
  voucher: number;
}

export const DEFAULT_MATCH_WEIGHTS: Readonly<MatchWeights> = Object.freeze({
  relevance: 0.45,
  shortage: 0.1,
  localDemand: 0.1,
  orderBased: 0.08,
  netCost: 0.08,
  nextRung: 0.14,
  soonerStart: 0.05,
  /** On top of the others, which sum to 1: it adds only where a provider has a record of placements. */
  placement: 0.06,
  /** On top as well: only where the seeker holds a voucher that pays for the course. */
  voucher: 0.06,
});

/**
 * `MATCH_WEIGHTS="relevance=0.5,shortage=0.15"`: the named weights replace the defaults, the others
 * stay. Returns the problems instead of throwing so configuration reports every one at once.
 */
export function parseMatchWeights(raw: string | undefined): { weights: MatchWeights; problems: string[] } {
  const weights: MatchWeights = { ...DEFAULT_MATCH_WEIGHTS };
  const problems: string[] = [];
  if (!raw) return { weights, problems };
  for (const part of raw.split(',').map((p) => p.trim()).filter(Boolean)) {
    const [name, value, extra] = part.split('=').map((s) => s.trim());
    if (!(name in weights)) {
      problems.push(`MATCH_WEIGHTS: unknown weight "${name}" (known: ${Object.keys(weights).join(', ')})`);
      continue;
    }
    const n = Number(value);
    if (extra !== undefined || value === undefined || value === '' || !Number.isFinite(n) || n < 0 || n > 10) {
      problems.push(`MATCH_WEIGHTS: ${name} must be a number from 0 to 10, got "${value ?? ''}"`);
      continue;
    }
    weights[name as keyof MatchWeights] = n;
  }
  return { weights, problems };
}

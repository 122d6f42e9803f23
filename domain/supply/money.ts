/**
 * Money in CNY as whole fen (cents) held in a bigint: no binary floating point ever touches an
 * amount. Percentages are held the same way, in hundredths of a percent.
 *
 * Rounding rule: a product with a percentage is rounded half away from zero to the fen
 * (四舍五入到分), once per line; totals are sums of rounded lines.
 */
export type Fen = bigint;

const DECIMAL = /^(\d{1,10})(?:\.(\d{1,2}))?$/;

/** `"2200"`, `"2200.5"`, `"2200.50"` → 220050n; null when not a non-negative amount with at most two places. */
export function parseYuan(text: string): Fen | null {
  const m = DECIMAL.exec(text.trim());
  if (!m) return null;
  return BigInt(m[1]) * 100n + BigInt((m[2] ?? '').padEnd(2, '0'));
}

/** A value already checked (database numeric, validated input). */
export function yuan(text: string): Fen {
  const fen = parseYuan(text);
  if (fen === null) throw new Error(`not an amount: ${text}`);
  return fen;
}

/** 220050n → `"2200.50"`. */
export function formatYuan(fen: Fen): string {
  const sign = fen < 0n ? '-' : '';
  const abs = fen < 0n ? -fen : fen;
  return `${sign}${abs / 100n}.${(abs % 100n).toString().padStart(2, '0')}`;
}

/** `"10"`, `"7.5"`, `"7.50"` → hundredths of a percent (1000n, 750n). */
export function parsePercent(text: string): bigint | null {
  const m = /^(\d{1,3})(?:\.(\d{1,2}))?$/.exec(text.trim());
  if (!m) return null;
  return BigInt(m[1]) * 100n + BigInt((m[2] ?? '').padEnd(2, '0'));
}

export function formatPercent(hundredths: bigint): string {
  return `${hundredths / 100n}.${(hundredths % 100n).toString().padStart(2, '0')}`;
}

/** `amount × percent / 100`, rounded half away from zero to the fen. */
export function percentOf(amount: Fen, hundredthsOfPercent: bigint): Fen {
  const numerator = amount * hundredthsOfPercent;
  const denominator = 10_000n;
  const sign = numerator < 0n ? -1n : 1n;
  const abs = numerator < 0n ? -numerator : numerator;
  return sign * ((abs + denominator / 2n) / denominator);
}

export const maxFen = (a: Fen, b: Fen): Fen => (a > b ? a : b);

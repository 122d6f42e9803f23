import { describe, expect, it } from 'vitest';
import { formatPercent, formatYuan, maxFen, parsePercent, parseYuan, percentOf, yuan } from '../domain/supply/money';

describe('amounts in yuan, held as whole fen', () => {
  it('parses up to two places into fen', () => {
    const cases: [string, bigint][] = [
      ['0', 0n],
      ['0.01', 1n],
      ['0.1', 10n],
      ['2200', 220000n],
      ['2200.5', 220050n],
      ['2200.50', 220050n],
      [' 12.30 ', 1230n],
      ['9999999999.99', 999999999999n],
    ];
    for (const [text, fen] of cases) expect(parseYuan(text), text).toBe(fen);
  });

  it('refuses negatives, a third place, exponents and more than ten whole digits', () => {
    for (const text of ['-1', '-0.01', '1.234', '1.005', '1e3', '', '.5', '5.', '1,000', '12345678901', 'NaN', '0x10']) {
      expect(parseYuan(text), text).toBeNull();
    }
    expect(() => yuan('1.005')).toThrow('not an amount');
  });

  it('formats with two places, negatives included', () => {
    const cases: [bigint, string][] = [
      [0n, '0.00'],
      [5n, '0.05'],
      [100n, '1.00'],
      [220050n, '2200.50'],
      [-5n, '-0.05'],
      [-220050n, '-2200.50'],
      [123456789012345678n, '1234567890123456.78'],
    ];
    for (const [fen, text] of cases) expect(formatYuan(fen)).toBe(text);
  });

  it('adds exactly where binary floating point does not', () => {
    expect(0.1 + 0.2).not.toBe(0.3);
    expect(yuan('0.10') + yuan('0.20')).toBe(yuan('0.30'));
    // A thousand lines of 0.01 sum to exactly 10.00.
    let sum = 0n;
    for (let i = 0; i < 1000; i++) sum += yuan('0.01');
    expect(formatYuan(sum)).toBe('10.00');
    expect(typeof sum).toBe('bigint');
  });

  it('keeps the larger of two amounts', () => {
    expect(maxFen(5n, -3n)).toBe(5n);
    expect(maxFen(-3n, 0n)).toBe(0n);
  });
});

describe('percentages, in hundredths of a percent', () => {
  it('parses and formats', () => {
    expect(parsePercent('10')).toBe(1000n);
    expect(parsePercent('7.5')).toBe(750n);
    expect(parsePercent('7.50')).toBe(750n);
    expect(parsePercent('0.05')).toBe(5n);
    expect(parsePercent('999.99')).toBe(99999n);
    for (const text of ['-1', '1000', '7.555', '10%', '']) expect(parsePercent(text), text).toBeNull();
    expect(formatPercent(1000n)).toBe('10.00');
    expect(formatPercent(750n)).toBe('7.50');
    expect(formatPercent(5n)).toBe('0.05');
  });

  it('rounds a product half away from zero to the fen', () => {
    const cases: [string, string, string][] = [
      // amount, percent, result
      ['0.05', '10', '0.01'], // 0.005 → 0.01
      ['0.04', '10', '0.00'], // 0.004 → 0.00
      ['0.25', '10', '0.03'], // 0.025 → 0.03, where round-half-even would give 0.02
      ['10.05', '10', '1.01'], // 1.005 → 1.01
      ['1.45', '10', '0.15'], // 0.145 → 0.15; in floats 1.45 * 0.1 * 100 rounds to 14
      ['1000.20', '7.5', '75.02'], // 75.015 → 75.02
      ['0.01', '49.99', '0.00'], // 0.004999 → 0.00
      ['0.01', '50', '0.01'], // 0.005 → 0.01
      ['2600.00', '10', '260.00'],
      ['3333.33', '10', '333.33'], // 333.333 → 333.33
      ['0.00', '10', '0.00'],
      ['9999999999.99', '999.99', '99998999999.90'], // 99,998,999,999.900001: no overflow, no drift
    ];
    for (const [amount, percent, result] of cases) {
      expect(formatYuan(percentOf(yuan(amount), parsePercent(percent)!)), `${amount} × ${percent}%`).toBe(result);
    }
    expect(Math.round(1.45 * 0.1 * 100)).toBe(14);
  });

  it('rounds negative products away from zero too', () => {
    expect(percentOf(-5n, 1000n)).toBe(-1n); // -0.005 → -0.01
    expect(percentOf(-4n, 1000n)).toBe(0n);
    expect(percentOf(-25n, 1000n)).toBe(-3n);
  });
});

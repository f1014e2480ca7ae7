import { describe, expect, it } from 'vitest';
import { logGamma, studentTCdf, studentTQuantile } from '../../src/experiment/student-t.js';

describe('Student t', () => {
  // two-sided 95% critical values from standard tables (e.g. NIST/SEMATECH e-Handbook, Table 1.3.6.7.2)
  const table: [number, number][] = [
    [1, 12.706205], [2, 4.302653], [3, 3.182446], [5, 2.570582], [10, 2.228139],
    [19, 2.093024], [30, 2.042272], [100, 1.983972], [1e6, 1.959966],
  ];
  it.each(table)('t(0.975, %d) equals the tabulated %f to 6 digits', (df, expected) => {
    expect(studentTQuantile(0.975, df)).toBeCloseTo(expected, 5);
  });

  it('quantile inverts the CDF and is symmetric', () => {
    for (const df of [1, 4, 17, 250]) {
      for (const p of [0.6, 0.9, 0.99, 0.999]) {
        expect(studentTCdf(studentTQuantile(p, df), df)).toBeCloseTo(p, 12);
        expect(studentTQuantile(1 - p, df)).toBeCloseTo(-studentTQuantile(p, df), 10);
      }
    }
  });

  it('t with 1 degree of freedom is Cauchy: CDF = 1/2 + atan(t)/π', () => {
    for (const t of [-5, -0.3, 0, 0.7, 3, 40]) expect(studentTCdf(t, 1)).toBeCloseTo(0.5 + Math.atan(t) / Math.PI, 12);
  });

  it('logGamma matches factorials and Γ(1/2) = √π', () => {
    expect(logGamma(0.5)).toBeCloseTo(0.5 * Math.log(Math.PI), 12);
    let f = 1;
    for (let n = 1; n < 20; n++) {
      expect(logGamma(n + 1)).toBeCloseTo(Math.log((f *= n)), 9);
    }
  });

  it('rejects p outside (0, 1) and df ≤ 0', () => {
    expect(() => studentTQuantile(1, 3)).toThrow(RangeError);
    expect(() => studentTQuantile(0.9, 0)).toThrow(RangeError);
  });
});

import { describe, expect, it } from 'vitest';
import { etaSquared, groupMeans, olsRSquared, rSquared } from '../../src/agents/variance-explained.js';
import { KeyedUniform } from '../../src/agents/keyed-uniform.js';

describe('variance explained', () => {
  it('R² is 1 on a line, 0 on uncorrelated data, and the squared correlation in between', () => {
    expect(rSquared([1, 2, 3, 4], [3, 5, 7, 9])).toBeCloseTo(1, 12);
    expect(rSquared([1, 2, 3, 4], [1, -1, -1, 1])).toBeCloseTo(0, 12);
    // y = x + noise with Var(x) = Var(noise): R² ≈ 1/2
    const u = new KeyedUniform(3);
    const x: number[] = [], y: number[] = [];
    for (let i = 0; i < 50_000; i++) {
      const a = u.next() - 0.5, b = u.next() - 0.5;
      x.push(a), y.push(a + b);
    }
    expect(rSquared(x, y)).toBeCloseTo(0.5, 1);
    expect(rSquared([1, 1, 1], [1, 2, 3])).toBeNaN();
  });

  it('OLS R² with one predictor equals R²; an added predictor never lowers it; collinear ones add nothing', () => {
    const u = new KeyedUniform(4);
    const x1: number[] = [], x2: number[] = [], y: number[] = [];
    for (let i = 0; i < 5000; i++) {
      const a = u.next(), b = u.next() < 0.5 ? 1 : 0;
      x1.push(a), x2.push(b), y.push(2 * a + b + 0.3 * u.next());
    }
    expect(olsRSquared([x1], y)).toBeCloseTo(rSquared(x1, y), 10);
    const both = olsRSquared([x1, x2], y);
    expect(both).toBeGreaterThan(olsRSquared([x1], y) + 0.2);
    expect(olsRSquared([x1, x2, x1.map((v, i) => 2 * v - x2[i])], y)).toBeCloseTo(both, 10);
  });

  it('η² is the share of variance between group means; groupMeans averages by key in first-seen order', () => {
    expect(etaSquared(['a', 'a', 'b', 'b'], [1, 1, 3, 3])).toBeCloseTo(1, 12);
    expect(etaSquared(['a', 'b', 'a', 'b'], [1, 1, 3, 3])).toBeCloseTo(0, 12);
    const g = groupMeans(['r1', 'r2', 'r1'], [10, 20, 30], [1, 0, 0]);
    expect(Array.from(g.x)).toEqual([20, 20]);
    expect(Array.from(g.y)).toEqual([0.5, 0]);
    expect(Array.from(g.n)).toEqual([2, 1]);
  });
});

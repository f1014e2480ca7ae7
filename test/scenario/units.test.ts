import { describe, expect, it } from 'vitest';
import { formatDuration, parseCount, parseDuration, parseRate, UNIT_PATTERNS, type UnitParse } from '../../src/scenario/units.js';

const value = (p: UnitParse): number => {
  if (!p.ok) throw new Error(p.problem);
  return p.value;
};
const problem = (p: UnitParse): string => (p.ok ? `parsed as ${p.value}` : p.problem);

describe('parseDuration', () => {
  it.each([
    ['250ms', 0.25],
    ['1.5s', 1.5],
    ['10m', 600],
    ['10min', 600],
    ['2h', 7200],
    ['7d', 604800],
    ['1w', 604800],
    ['3us', 3e-6],
    ['3µs', 3e-6],
    ['5ns', 5e-9],
    ['30', 30],
    [' 2 h ', 7200],
    ['1e3ms', 1],
    ['.5s', 0.5],
    ['1_000s', 1000],
    ['-5m', -300],
    [42, 42],
    [0.5, 0.5],
  ] as const)('%j is %d seconds', (input, seconds) => {
    expect(value(parseDuration(input))).toBeCloseTo(seconds, 12);
  });

  it.each([
    ['10 parsecs', "unknown duration unit 'parsecs'"],
    ['10hours', "unknown duration unit 'hours'"],
    ['2k', "'2k' is a count, not a duration"],
    ['7/s', "'7/s' is a rate, not a duration"],
    ['soon', "'soon' is not a duration"],
    ['', "'' is not a duration"],
    [[1, 2], 'a list is not a duration'],
    [{ a: 1 }, 'a mapping is not a duration'],
    [true, 'true is not a duration'],
    [Infinity, 'Infinity is not a finite number'],
    ['1e999s', 'is not a finite number'],
  ] as const)('%j is rejected: %s', (input, message) => {
    expect(problem(parseDuration(input))).toContain(message);
  });

  it('suggests a unit for a near miss', () => {
    const p = parseDuration('5mins');
    expect(p.ok).toBe(false);
    if (!p.ok) expect(p.hint).toBe("did you mean 'min'?");
  });
});

describe('parseCount', () => {
  it.each([
    ['8', 8],
    ['2k', 2000],
    ['2K', 2000],
    ['3M', 3e6],
    ['1.5G', 1.5e9],
    ['2T', 2e12],
    ['1e9', 1e9],
    ['1_000_000', 1e6],
    [16, 16],
  ] as const)('%j is %d', (input, n) => {
    expect(value(parseCount(input))).toBe(n);
  });

  it.each([
    ['8s', "'8s' is a duration, not a count"],
    ['10m', "'10m' is a duration, not a count"],
    ['3x', "unknown count suffix 'x'"],
    ['5/s', "'5/s' is a rate, not a count"],
    ['many', "'many' is not a count"],
    [null, 'an empty value is not a count'],
  ] as const)('%j is rejected: %s', (input, message) => {
    expect(problem(parseCount(input))).toContain(message);
  });
});

describe('parseRate', () => {
  it.each([
    ['7.2/s', 7.2],
    ['300/min', 5],
    ['300/m', 5],
    ['3600/h', 1],
    ['5k/h', 5000 / 3600],
    ['100/d', 100 / 86400],
    ['2 / ms', 2000],
    ['12', 12],
    [7.2, 7.2],
    ['-3/s', -3],
  ] as const)('%j is %d per second', (input, perSecond) => {
    expect(value(parseRate(input))).toBeCloseTo(perSecond, 12);
  });

  it.each([
    ['7.2/fortnight', "unknown time unit 'fortnight'"],
    ['7.2x/s', "unknown count suffix 'x'"],
    ['10s', "'10s' is a duration, not a rate"],
    ['2k', "'2k' is a count, not a rate"],
    ['fast', "'fast' is not a rate"],
  ] as const)('%j is rejected: %s', (input, message) => {
    expect(problem(parseRate(input))).toContain(message);
  });
});

describe('UNIT_PATTERNS', () => {
  it('accept exactly what the parsers read (for editor validation)', () => {
    const cases: [RegExp, (s: string) => UnitParse, string[]][] = [
      [new RegExp(UNIT_PATTERNS.duration), parseDuration, ['250ms', '1.5s', '10m', '2h', '7d', '30', '3us', 'soon', '2k', '10 parsecs']],
      [new RegExp(UNIT_PATTERNS.count), parseCount, ['8', '2k', '3M', '1e9', '8s', 'many']],
      [new RegExp(UNIT_PATTERNS.rate), parseRate, ['7.2/s', '300/min', '5k/h', '12', '10s', '2k', '7/fortnight']],
    ];
    for (const [re, parse, inputs] of cases) {
      for (const input of inputs) expect(re.test(input), input).toBe(parse(input).ok);
    }
  });
});

describe('formatDuration', () => {
  it.each([
    [7200, '2h'],
    [90, '90s'],
    [1800, '30m'],
    [86400 * 3, '3d'],
    [0.25, '250ms'],
    [0, '0s'],
    [1.5, '1.5s'],
  ])('%d seconds reads %s', (s, text) => {
    expect(formatDuration(s)).toBe(text);
  });
});

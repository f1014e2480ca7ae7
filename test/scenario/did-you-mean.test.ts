import { describe, expect, it } from 'vitest';
import { didYouMean, levenshtein, suggestionHint } from '../../src/scenario/did-you-mean.js';

describe('levenshtein', () => {
  it.each([
    ['', '', 0],
    ['abc', '', 3],
    ['servers', 'servers', 0],
    ['sevrers', 'servers', 1],
    ['kitten', 'sitting', 3],
    ['horizn', 'horizon', 1],
  ])('distance(%s, %s) is %d', (a, b, d) => {
    expect(levenshtein(a, b)).toBe(d);
    expect(levenshtein(b, a)).toBe(d);
  });
});

describe('didYouMean', () => {
  const keys = ['name', 'servers', 'service'];
  it('finds a transposition', () => expect(didYouMean('sevrers', keys)).toBe('servers'));
  it('ignores case', () => expect(didYouMean('SERVICE', keys)).toBe('service'));
  it('completes a prefix', () => expect(didYouMean('expo', ['exponential', 'uniform'])).toBe('exponential'));
  it('prefers the nearer spelling', () => expect(didYouMean('servic', keys)).toBe('service'));
  it('says nothing when nothing is close', () => expect(didYouMean('banana', keys)).toBeUndefined());
});

describe('suggestionHint', () => {
  it('suggests the close word', () => expect(suggestionHint('tool', ['tools', 'web'])).toBe("did you mean 'tools'?"));
  it('lists the options otherwise', () => expect(suggestionHint('zzz', ['tools', 'web'], 'stations')).toBe('stations: tools, web'));
  it('has nothing to say without options', () => expect(suggestionHint('zzz', [])).toBeUndefined());
});

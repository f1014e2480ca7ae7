import { describe, expect, it } from 'vitest';
import { parseBandwidth, parseBytes } from '../../src/scenario/byte-units.js';

describe('byte units', () => {
  it.each([
    ['80GB', 80e9], ['256GiB', 256 * 2 ** 30], ['1.5TB', 1.5e12], ['512 MiB', 512 * 2 ** 20], [4096, 4096], ['1_000B', 1000],
  ])('size %s is %d bytes', (input, bytes) => {
    expect(parseBytes(input)).toEqual({ ok: true, value: bytes });
  });
  it.each([
    ['25GB/s', 25e9], ['3.35TB/s', 3.35e12], ['900 GiB / s', 900 * 2 ** 30], [1e9, 1e9],
  ])('bandwidth %s is %d B/s', (input, bps) => {
    const r = parseBandwidth(input);
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.value).toBeCloseTo(bps as number, 0);
  });
  it('says what is wrong with a mixed-up or misspelt quantity', () => {
    expect(parseBytes('25GB/s')).toMatchObject({ ok: false, problem: "'25GB/s' is a bandwidth, not a size" });
    expect(parseBandwidth('25GB')).toMatchObject({ ok: false, problem: "'25GB' is a size, not a bandwidth" });
    expect(parseBytes('80Gb')).toMatchObject({ ok: false, hint: expect.stringContaining('GB') });
    expect(parseBytes(true)).toMatchObject({ ok: false, problem: 'true is not a size' });
    expect(parseBandwidth('fast')).toMatchObject({ ok: false, problem: "'fast' is not a bandwidth" });
  });
  it('refuses sizes that overflow to infinity, with or without a unit', () => {
    expect(parseBytes('1e308TB')).toMatchObject({ ok: false, problem: "'1e308TB' is not a finite number" });
    expect(parseBytes('1e999')).toMatchObject({ ok: false, problem: "'1e999' is not a finite number" });
    expect(parseBandwidth(Infinity)).toMatchObject({ ok: false, problem: 'Infinity is not a finite number' });
  });
});

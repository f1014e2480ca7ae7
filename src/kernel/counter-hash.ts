/**
 * Counter-based randomness: uniforms that are pure functions of integer keys, for draws that must
 * not depend on the order in which a simulation reaches them (common random numbers across designs
 * whose different latencies interleave events differently). Built on the MurmurHash3 finaliser.
 */

/** A 32-bit integer mix (the finaliser of MurmurHash3): nearby inputs give unrelated outputs. */
export function mix32(x: number): number {
  x = Math.imul(x ^ (x >>> 16), 0x85ebca6b);
  x = Math.imul(x ^ (x >>> 13), 0xc2b2ae35);
  return (x ^ (x >>> 16)) >>> 0;
}

/** Folds a float64 holding an integer (up to 2^53) or any number into 32 bits. */
export function fold32(x: number): number {
  if (Number.isInteger(x) && Math.abs(x) < 4294967296) return x | 0;
  const hi = Math.floor(x / 4294967296);
  return (mix32(hi | 0) ^ (x - hi * 4294967296)) | 0;
}

/** A 53-bit uniform in [0, 1) that is a pure function of its four keys (each folded to 32 bits). */
export function hashUniform(a: number, b: number, c = 0, d = 0): number {
  const h1 = mix32(mix32(fold32(a) ^ 0x9e3779b9) ^ fold32(b));
  const h2 = mix32(mix32(h1 ^ fold32(c) ^ 0x85ebca6b) ^ fold32(d));
  const h3 = mix32(h2 ^ h1 ^ 0xc2b2ae35);
  return ((h2 >>> 5) * 67108864 + (h3 >>> 6)) / 9007199254740992;
}

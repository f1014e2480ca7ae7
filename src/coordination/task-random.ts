/**
 * Randomness of coordination tasks, as pure functions of (task key, round, index). A swarm takes
 * one base seed from its named stream and keys task k by `taskKey(base, k)`; every draw of that
 * task — its graph, its agents' trust, each agent's late/silent/error luck in each round, each
 * message's acceptance and verification — is a hash of the task key and the draw's coordinates.
 * So a task's luck does not depend on when the fleet served its calls or on what other tasks did,
 * and two designs compared in one sweep face the same tasks with the same luck wherever their
 * coordinates coincide (common random numbers; DESIGN.md, "Kernel").
 */
import type { UniformSource } from '../kernel/random-streams.js';
import { hashUniform, mix32 } from '../kernel/counter-hash.js';

/** The key of task `ordinal` of a swarm whose base seed is `base` (both folded to 32 bits). */
export function taskKey(base: number, ordinal: number): number {
  return mix32(mix32((base | 0) ^ 0x2545f491) ^ mix32(ordinal | 0) ^ Math.floor(ordinal / 4294967296));
}

/**
 * A 53-bit uniform in [0, 1) that is a pure function of (key, a, b): three rounds of the
 * MurmurHash3 finaliser give two independent-looking 32-bit halves.
 */
export function drawAt(key: number, a: number, b: number): number {
  return hashUniform(key, a, 0, b);
}

/**
 * A sequential uniform source seeded by (key, salt): sfc32 (Chris Doty-Humphrey's Small Fast
 * Chaotic generator, PractRand-clean to 2^40+ bytes). For draws whose number varies (rejection
 * loops while building a graph) and so cannot be addressed by coordinates.
 */
export function sequenceFrom(key: number, salt: number): UniformSource {
  let a = mix32(key ^ 0x243f6a88) | 0, b = mix32(salt ^ 0x85a308d3) | 0, c = mix32(key ^ salt ^ 0x13198a2e) | 0, d = 1;
  const step = (): number => {
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (((c << 21) | (c >>> 11)) + t) | 0;
    return t >>> 0;
  };
  for (let i = 0; i < 12; i++) step();
  return () => ((step() >>> 5) * 67108864 + (step() >>> 6)) / 9007199254740992;
}

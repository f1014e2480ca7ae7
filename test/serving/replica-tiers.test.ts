import { describe, expect, it } from 'vitest';
import { KvTier } from '../../src/serving/kv-tier.js';
import { drive, LinearStepCost, type Job, type ReplicaSetup } from './helpers.js';

const cost = new LinearStepCost(0.005, 1e-4, 1e-9, 2e-8, 1e-4, 1e-7);
const BT = 16;
const KV_BYTES = 100_000;

/**
 * HBM of 64 blocks. A: 645-token prompt (40 keyed blocks + a partial one). B fills all 64 blocks,
 * evicting every block of A into the lower tier. A' repeats A: nothing in HBM, 40 blocks below.
 */
function scenario(dram: KvTier | undefined, pool: KvTier | undefined): { jobs: Job[]; setup: ReplicaSetup } {
  const aKeys = Float64Array.from({ length: 40 }, (_, i) => 100 + i);
  const bKeys = Float64Array.from({ length: 63 }, (_, i) => 1000 + i);
  const jobs: Job[] = [
    { arrival: 0, prompt: 645, output: 1, keys: aKeys },
    { arrival: 10, prompt: 1023, output: 1, keys: bKeys },
    { arrival: 20, prompt: 645, output: 1, keys: aKeys },
  ];
  const setup: ReplicaSetup = {
    cost,
    blockTokens: BT,
    capacityBlocks: 64,
    maxBatchTokens: 2048,
    maxSeqs: 8,
    kvBytesPerToken: KV_BYTES,
    cache: { enabled: true },
    dram,
    pool,
    fastForward: true,
  };
  return { jobs, setup };
}

const prefill = (start: number, n: number): number => cost.stepTime(n, n * start + (n * (n - 1)) / 2, start, 0, 0);

describe('Replica with lower KV tiers', () => {
  it('an evicted prefix reloaded from DRAM costs the transfer time, then only the tail is computed', () => {
    const dram = new KvTier({ name: 'dram', capacityBlocks: 1000, bandwidthBps: 20e9, latencyS: 1e-3 });
    const { jobs, setup } = scenario(dram, undefined);
    const rec = drive(jobs, [setup]);
    expect(dram.contains(100)).toBe(true);
    expect(rec.hbmHit[2]).toBe(0);
    expect(rec.dramHit[2]).toBe(640);
    expect(rec.prefilled[2]).toBe(5);
    const transfer = 1e-3 + (40 * BT * KV_BYTES) / 20e9;
    expect(transfer).toBeLessThan(prefill(0, 640)); // loading is the cheaper option here
    expect(rec.firstToken[2] - 20).toBeCloseTo(transfer + prefill(640, 5), 12);
    const st = rec.replicas[0].readStats();
    expect(st.dramHitTokens).toBe(640);
    expect(st.loadedBytes).toBe(40 * BT * KV_BYTES);
    expect(dram.loadedBlocks).toBe(40);
  });

  it('recomputes instead when the bandwidth is tiny', () => {
    const dram = new KvTier({ name: 'dram', capacityBlocks: 1000, bandwidthBps: 1e6, latencyS: 1e-3 });
    const { jobs, setup } = scenario(dram, undefined);
    const rec = drive(jobs, [setup]);
    expect(dram.contains(100)).toBe(true);
    expect(rec.dramHit[2]).toBe(0);
    expect(rec.prefilled[2]).toBe(645);
    expect(rec.firstToken[2] - 20).toBeCloseTo(prefill(0, 645), 12);
  });

  it('DRAM overflow goes to the pool, and a pool hit costs the pool transfer', () => {
    const pool = new KvTier({ name: 'pool', capacityBlocks: 1000, bandwidthBps: 5e9, latencyS: 5e-3 });
    const dram = new KvTier({ name: 'dram', capacityBlocks: 10, bandwidthBps: 20e9, latencyS: 1e-3, lower: pool });
    const { jobs, setup } = scenario(dram, pool);
    const rec = drive(jobs, [setup]);
    // A's blocks went to DRAM, which kept the 10 most recently used; the chain's head went on to the pool.
    expect(dram.evictions).toBeGreaterThan(0);
    expect(pool.contains(100)).toBe(true);
    expect(rec.dramHit[2]).toBe(0);
    expect(rec.poolHit[2]).toBe(640);
    const transfer = 5e-3 + (40 * BT * KV_BYTES) / 5e9;
    expect(rec.firstToken[2] - 20).toBeCloseTo(transfer + prefill(640, 5), 12);
  });

  it('a load runs beside other sequences, which keep stepping', () => {
    const dram = new KvTier({ name: 'dram', capacityBlocks: 1000, bandwidthBps: 20e9, latencyS: 0.05 });
    const { jobs, setup } = scenario(dram, undefined);
    // 100 blocks: B now takes 1599 tokens (all 100 blocks); D decodes while A' loads.
    jobs[1] = { ...jobs[1], prompt: 1599, keys: Float64Array.from({ length: 99 }, (_, i) => 1000 + i) };
    jobs.push({ arrival: 19.9, prompt: 10, output: 400 });
    jobs.sort((a, b) => a.arrival - b.arrival);
    const rec = drive(jobs, [{ ...setup, capacityBlocks: 100 }]);
    const iA = jobs.findIndex((j) => j.arrival === 20);
    const iD = jobs.findIndex((j) => j.arrival === 19.9);
    expect(rec.dramHit[iA]).toBe(640);
    const transfer = 0.05 + (640 * KV_BYTES) / 20e9;
    // A' is admitted at the step boundary after its arrival, loads, joins at the boundary after the
    // load, then prefills its 5-token tail beside D: at most three steps on top of the transfer.
    expect(rec.firstToken[iA] - 20).toBeGreaterThan(transfer);
    expect(rec.firstToken[iA] - 20).toBeLessThan(transfer + 3 * cost.stepTime(5, 5 * 640, 640, 1, 500));
    // D kept decoding meanwhile: ~transfer / step time tokens happened during the load.
    expect(rec.done[iD]).toBeGreaterThan(rec.firstToken[iA]);
    expect(rec.firstToken[iD]).toBeLessThan(20);
  });
});

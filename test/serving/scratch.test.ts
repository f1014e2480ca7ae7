import { it, expect } from 'vitest';
import { drive, LinearStepCost, maxRelDiff, rng, type Job, type ReplicaSetup } from './helpers.js';
function poisson(n: number, rate: number, seed: number, pmin: number, pmax: number, omin: number, omax: number): Job[] {
  const u = rng(seed); let t = 0; const jobs: Job[] = [];
  for (let i = 0; i < n; i++) { t += -Math.log(1 - u()) / rate; jobs.push({ arrival: t, prompt: Math.floor(pmin + u() * (pmax - pmin)), output: Math.floor(omin + u() * (omax - omin)) }); }
  return jobs;
}
function sessions(n: number, rate: number, seed: number, bt: number): Job[] {
  const u = rng(seed); let t = 0; const jobs: Job[] = [];
  const S = 12; const sys = 40; const maxBlocks = 4000;
  const chains = Array.from({ length: S }, (_, s) => { const a = new Float64Array(maxBlocks); for (let i = 0; i < maxBlocks; i++) a[i] = i < sys ? 1e6 + i : 1e9 * (s + 1) + i; return a; });
  const ctx = new Array(S).fill(sys * bt + 100);
  for (let i = 0; i < n; i++) {
    t += -Math.log(1 - u()) / rate;
    const s = Math.floor(u() * S);
    const out = Math.floor(50 + u() * 600);
    const prompt = ctx[s];
    const keyCount = Math.min(maxBlocks, Math.floor((prompt + out) / bt));
    jobs.push({ arrival: t, prompt, output: out, session: s, keys: chains[s], keyCount });
    ctx[s] = prompt + out + Math.floor(u() * 300);
    if (ctx[s] > 20000) ctx[s] = sys * bt + 100; // compaction: restart the session's context
  }
  return jobs;
}
function cmp(jobs: Job[], setup: ReplicaSetup[], opt = {}) {
  const res = [false, true].map((ff) => drive(jobs, setup.map((s) => ({ ...s, fastForward: ff })), opt));
  for (const k of ['admitted', 'firstToken', 'done', 'hbmHit', 'prefilled', 'preemptions', 'dramHit'] as const) console.log(k, maxRelDiff(res[0][k], res[1][k]));
  console.log('probes', maxRelDiff(res[0].probes, res[1].probes), res[0].probes.length);
  console.log('events', res[0].events, res[1].events, res[0].events / res[1].events);
  const st = res.map((r) => r.replicas[0].readStats());
  console.log(JSON.stringify(st[0]), '\n', JSON.stringify(st[1]), st[0].busy.value, st[1].busy.value);
  console.log('notdone', res[0].done.filter(Number.isNaN).length);
}
const cost = new LinearStepCost();
it('pressure', () => {
  cmp(poisson(1500, 0.6, 2, 200, 3000, 300, 2500), [{ cost, blockTokens: 16, capacityBlocks: 1500, maxBatchTokens: 2048, maxSeqs: 64, kvBytesPerToken: 1000, cache: { enabled: true }, fastForward: false }]);
});
it('prefix', () => {
  cmp(sessions(1500, 0.5, 3, 16), [{ cost, blockTokens: 16, capacityBlocks: 6000, maxBatchTokens: 2048, maxSeqs: 64, kvBytesPerToken: 1000, cache: { enabled: true }, fastForward: false }], { probeEvery: 0.5 });
});
import { KvTier, TierSync } from '../../src/serving/kv-tier.js';
it('tiers shared', () => {
  const jobs = sessions(1500, 1.0, 4, 16).map((j) => ({ ...j, replica: (j.session ?? 0) % 2 }));
  for (const bw of [1e9, 1e6]) {
  const res = [false, true].map((ff) => {
    const sync = new TierSync();
    const pool = new KvTier({ name: 'pool', capacityBlocks: 3000, bandwidthBps: bw / 2, latencyS: 0.002, sync });
    const dram = new KvTier({ name: 'dram', capacityBlocks: 2000, bandwidthBps: bw, latencyS: 0.0005, lower: pool, sync });
    const base = { cost, blockTokens: 16, capacityBlocks: 2500, maxBatchTokens: 2048, maxSeqs: 64, kvBytesPerToken: 1000, cache: { enabled: true }, fastForward: ff, dram, pool };
    return drive(jobs, [base, base], { probeEvery: 1.3, warmup: 50 });
  });
  for (const k of ['admitted', 'firstToken', 'done', 'hbmHit', 'prefilled', 'preemptions', 'dramHit', 'poolHit'] as const) console.log(k, maxRelDiff(res[0][k], res[1][k]));
  console.log('probes', maxRelDiff(res[0].probes, res[1].probes), res[0].probes.length);
  console.log('events', res[0].events, res[1].events, res[0].events / res[1].events);
  const st = res.map((r) => r.replicas[1].readStats());
  console.log(JSON.stringify(st[0]), '\n', JSON.stringify(st[1]));
  }
});
it('ttl', () => {
  cmp(sessions(1500, 0.5, 5, 16), [{ cost, blockTokens: 16, capacityBlocks: 6000, maxBatchTokens: 2048, maxSeqs: 64, kvBytesPerToken: 1000, cache: { enabled: true, ttlS: 20 }, fastForward: false }], { probeEvery: 0.7, warmup: 100 });
});

import { it } from 'vitest';
import { drive, maxRelDiff, rng, type Job } from './helpers.js';
import { StepCostModel } from '../../src/serving/roofline.js';
import { LLAMA_3_1_8B } from '../../src/catalog/models.js';
import { H100 } from '../../src/catalog/accelerators.js';
function poisson(n: number, rate: number, seed: number, pmin: number, pmax: number, omin: number, omax: number): Job[] {
  const u = rng(seed); let t = 0; const jobs: Job[] = [];
  for (let i = 0; i < n; i++) { t += -Math.log(1 - u()) / rate; jobs.push({ arrival: t, prompt: Math.floor(pmin + u() * (pmax - pmin)), output: Math.floor(omin + u() * (omax - omin)) }); }
  return jobs;
}
it('real', () => {
  const cost = new StepCostModel(LLAMA_3_1_8B, H100);
  const cap = Math.floor(cost.kvCapacityTokens(0.9) / 16);
  console.log('cap blocks', cap, LLAMA_3_1_8B.kvBytesPerToken);
  const jobs = poisson(20000, 15, 7, 100, 4000, 50, 1500);
  const t0 = performance.now();
  const res = [false, true].map((ff) => { const t = performance.now(); const r = drive(jobs, [{ cost, blockTokens: 16, capacityBlocks: cap, maxBatchTokens: 8192, maxSeqs: 256, kvBytesPerToken: LLAMA_3_1_8B.kvBytesPerToken, cache: { enabled: true }, fastForward: ff }]); console.log('wall', performance.now() - t); return r; });
  for (const k of ['admitted', 'firstToken', 'done', 'preemptions'] as const) console.log(k, maxRelDiff(res[0][k], res[1][k]));
  console.log('events', res[0].events, res[1].events, res[0].events / res[1].events);
  const st = res[0].replicas[0].readStats();
  console.log(st.meanBatchSize, st.steps, st.preemptions, st.busy.value, res[0].done[19999]);
});

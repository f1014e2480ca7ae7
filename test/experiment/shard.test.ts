import { describe, expect, it } from 'vitest';
import { inShard, parseShard, resolveShard } from '../../src/experiment/shard.js';
import { UserError } from '../../src/errors.js';

describe('shards', () => {
  it('parses i/n and refuses indices out of range', () => {
    expect(parseShard('2/4')).toEqual({ index: 2, count: 4 });
    expect(parseShard(' 0 / 1 ')).toEqual({ index: 0, count: 1 });
    expect(parseShard('5/4')).toMatch(/shard index 5 is out of range for 4 shards: expected i\/n with 0 ≤ i < n, from 0\/4 to 3\/4/);
    expect(parseShard('4/4')).toMatch(/out of range/);
    expect(parseShard('1/0')).toMatch(/at least 1 shard/);
    expect(parseShard('two/4')).toMatch(/is not a shard/);
  });

  it('every job falls in exactly one shard, round-robin', () => {
    for (const count of [1, 3, 4, 7]) {
      for (let job = 0; job < 50; job++) {
        const owners = [...Array(count).keys()].filter((index) => inShard(job, { index, count }));
        expect(owners).toEqual([job % count]);
      }
    }
    expect(inShard(5, undefined)).toBe(true);
  });

  it('takes the index from JOB_COMPLETION_INDEX or SLURM_ARRAY_TASK_ID with --shards n', () => {
    expect(resolveShard({ shards: 4 }, { JOB_COMPLETION_INDEX: '3' })).toEqual({ index: 3, count: 4 });
    expect(resolveShard({ shards: 4 }, { SLURM_ARRAY_TASK_ID: '2' })).toEqual({ index: 2, count: 4 });
    // an array submitted as --array=1-4 counts from its minimum
    expect(resolveShard({ shards: 4 }, { SLURM_ARRAY_TASK_ID: '4', SLURM_ARRAY_TASK_MIN: '1' })).toEqual({ index: 3, count: 4 });
    expect(resolveShard({ shard: '1/2' }, { JOB_COMPLETION_INDEX: '0' })).toEqual({ index: 1, count: 2 });
    expect(resolveShard({}, { JOB_COMPLETION_INDEX: '0' })).toBeUndefined();
  });

  it('explains a missing or out-of-range index', () => {
    const err = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        expect(e).toBeInstanceOf(UserError);
        return (e as UserError).format();
      }
      throw new Error('expected an error');
    };
    expect(err(() => resolveShard({ shards: 4 }, {}))).toMatch(/--shards 4 needs the shard index, and no JOB_COMPLETION_INDEX or SLURM_ARRAY_TASK_ID is set/);
    expect(err(() => resolveShard({ shards: 4 }, { JOB_COMPLETION_INDEX: '4' }))).toMatch(/JOB_COMPLETION_INDEX=4 is out of range for --shards 4 \(expected a shard index from 0 to 3\)/);
    expect(err(() => resolveShard({ shards: 4 }, { SLURM_ARRAY_TASK_ID: '4' }))).toMatch(/--array=0-3/);
    expect(err(() => resolveShard({ shard: '1/2', shards: 3 }, {}))).toMatch(/says 2 shards but --shards says 3/);
  });
});

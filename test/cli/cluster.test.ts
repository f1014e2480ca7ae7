import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { cli } from '../helpers/cli.js';

const SMALL = 'test/fixtures/scenarios/sweep/small.yaml';
const FILES = ['runs.arrow', 'summary.arrow', 'timeseries.arrow', 'compare.arrow', 'experiment.json'];
const same = (a: string, b: string) => FILES.every((f) => readFileSync(join(a, f)).equals(readFileSync(join(b, f))));

/** The reference: one uninterrupted, unsharded run. */
const single = join(mkdtempSync(join(tmpdir(), 'fleetsim-single-')), 'single');
beforeAll(async () => {
  expect((await cli('run', SMALL, '--out', single, '--workers', '1')).code).toBe(0);
});

interface Container {
  command: string[];
}
interface JobDoc {
  kind: string;
  metadata: { name: string };
  spec: { completionMode?: string; completions?: number; parallelism?: number; template: { spec: { containers: Container[] } } };
}

describe('scenarios/cluster/k8s-indexed-job.yaml', () => {
  const docs = parseAllDocuments(readFileSync('scenarios/cluster/k8s-indexed-job.yaml', 'utf8')).map((d) => d.toJS() as JobDoc);
  const [sweep, merge] = docs;
  const command = sweep.spec.template.spec.containers[0].command;
  const saved = process.env.JOB_COMPLETION_INDEX;
  afterEach(() => {
    if (saved === undefined) delete process.env.JOB_COMPLETION_INDEX;
    else process.env.JOB_COMPLETION_INDEX = saved;
  });

  it('is an Indexed Job whose completions, parallelism and --shards agree, and a merge Job', () => {
    expect(docs.map((d) => d.kind)).toEqual(['Job', 'Job']);
    expect(sweep.spec.completionMode).toBe('Indexed');
    const shards = Number(command[command.indexOf('--shards') + 1]);
    expect(sweep.spec.completions).toBe(shards);
    expect(sweep.spec.parallelism).toBe(shards);
    expect(command.slice(0, 3)).toEqual(['npx', 'fleetsim', 'run']);
    expect(command).toContain('--resume');
    const script = merge.spec.template.spec.containers[0].command.join(' ');
    expect(script).toContain(`fleetsim merge ${command[command.indexOf('--out') + 1]} --out`);
  });

  it('its pods’ command, one per JOB_COMPLETION_INDEX, merges into the tables of a single run', async () => {
    const root = mkdtempSync(join(tmpdir(), 'fleetsim-k8s-'));
    // the pods' arguments, with a small scenario and a local folder for the shared volume
    const args = command.slice(2).map((a, i, all) => (all[i - 1] === '--out' ? join(root, 'shared') : a.endsWith('.yaml') ? SMALL : a));
    const shards = Number(args[args.indexOf('--shards') + 1]);
    for (let i = 0; i < shards; i++) {
      process.env.JOB_COMPLETION_INDEX = String(i);
      const r = await cli(...args);
      expect(r.code, r.err).toBe(0);
    }
    // a restarted pod whose shard is finished exits at once
    process.env.JOB_COMPLETION_INDEX = '1';
    const again = await cli(...args);
    expect(again.code).toBe(0);
    expect(again.out).toMatch(/already holds the finished results of this shard; nothing to resume/);
    expect((await cli('merge', join(root, 'shared'), '--out', join(root, 'merged'))).code).toBe(0);
    expect(same(join(root, 'merged'), single)).toBe(true);
  });
});

describe('scenarios/cluster/slurm-array.sh', () => {
  const script = 'scenarios/cluster/slurm-array.sh';

  it('is valid bash, and an array of its tasks merges into the tables of a single run', async () => {
    expect(spawnSync('bash', ['-n', script]).status).toBe(0);
    const root = mkdtempSync(join(tmpdir(), 'fleetsim-slurm-'));
    const env = {
      ...process.env,
      SCENARIO: SMALL,
      SHARDS: '2',
      OUT: join(root, 'shards'),
      MERGED: join(root, 'merged'),
      FLEETSIM: `${process.execPath} ${join(process.cwd(), 'bin', 'fleetsim.mjs')}`,
      SLURM_CPUS_PER_TASK: '1',
    };
    // an array submitted as --array=1-2: task ids count from SLURM_ARRAY_TASK_MIN
    for (const id of ['1', '2']) {
      const r = spawnSync('bash', [script], { env: { ...env, SLURM_ARRAY_TASK_ID: id, SLURM_ARRAY_TASK_MIN: '1' }, encoding: 'utf8' });
      expect(r.status, r.stderr).toBe(0);
    }
    const m = spawnSync('bash', [script, 'merge'], { env, encoding: 'utf8' });
    expect(m.status, m.stderr).toBe(0);
    expect(same(join(root, 'merged'), single)).toBe(true);
    const outside = spawnSync('bash', [script], { env: { ...env, SLURM_ARRAY_TASK_ID: '' }, encoding: 'utf8' });
    expect(outside.status).not.toBe(0);
    expect(outside.stderr).toMatch(/not an array task/);
  });
});

describe('bench/github-actions.yml', () => {
  interface Step {
    name?: string;
    run?: string;
  }
  const workflow = parseAllDocuments(readFileSync('bench/github-actions.yml', 'utf8'))[0].toJS() as { jobs: { bench: { steps: Step[] } } };
  const steps = workflow.jobs.bench.steps;
  const command = (re: RegExp) => steps.find((s) => s.run && re.test(s.run))!.run!.trim().split(/\s+/);

  it('runs the benchmark sweep, and its gate accepts unchanged results (exit 0)', async () => {
    const run = command(/fleetsim run/);
    const check = command(/fleetsim check/);
    expect(run.slice(0, 4)).toEqual(['npx', 'fleetsim', 'run', 'bench/sweep-48x3.yaml']);
    const root = mkdtempSync(join(tmpdir(), 'fleetsim-gate-'));
    // the workflow's sweep, shortened; the gate's own flags against a baseline of the same code
    const short = ['--set', 'horizon=1h', '--set', 'warmup=5m', '--set', 'replicates=2'];
    expect((await cli('run', 'bench/sweep-48x3.yaml', ...short, '--out', join(root, 'bench'), '--workers', '2')).code).toBe(0);
    const args = check.slice(2).map((a) => (a === 'results/bench' ? join(root, 'bench') : a === 'baseline' ? join(root, 'bench') : a));
    const r = await cli(...args);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toMatch(/no regression beyond the thresholds \(144 check\(s\)\)/);
  });
});

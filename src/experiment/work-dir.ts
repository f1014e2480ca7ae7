/**
 * The hidden work folder beside a results folder (`results/.sweep.work/` for `results/sweep/`)
 * holds the checkpoint of a run in progress: which experiment it belongs to (`plan.json`), the
 * finished jobs (`checkpoint.bin`, appended and fsynced as each job finishes) and a lock. The
 * results folder itself is only written, whole, when every job is done; then the work folder goes.
 * `--resume` picks the checkpoint up after Ctrl-C or `kill -9`, so nothing finished runs again.
 */

import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { UserError } from '../errors.js';
import type { RunResult } from '../metrics/run-recorder.js';
import { RecordAppender, readRecordFile } from './record-file.js';
import type { Shard } from './shard.js';

/** What a checkpoint must match to be resumed. */
export interface RunIdentity {
  /** Scenario hash of the experiment (covers the sweep). */
  readonly hash: string;
  /** Jobs in the whole experiment. */
  readonly jobs: number;
  readonly shard?: Shard;
  readonly fleetsimVersion: string;
}

/** The work folder of results folder `outDir`. */
export function workDirFor(outDir: string): string {
  return join(dirname(outDir), `.${basename(outDir)}.work`);
}

const PLAN = 'plan.json';
const CHECKPOINT = 'checkpoint.bin';
const LOCK = 'lock';

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The pid of a live process on this host holding the lock, if any. */
function lockHolder(dir: string): number | undefined {
  const path = join(dir, LOCK);
  if (!existsSync(path)) return undefined;
  try {
    const { pid, host } = JSON.parse(readFileSync(path, 'utf8')) as { pid: number; host: string };
    return host === hostname() && pid !== process.pid && processAlive(pid) ? pid : undefined;
  } catch {
    return undefined;
  }
}

function sameIdentity(a: RunIdentity, b: RunIdentity): string | undefined {
  if (a.hash !== b.hash) return `scenario hash ${a.hash.slice(0, 12)}… ≠ ${b.hash.slice(0, 12)}…`;
  if (a.jobs !== b.jobs) return `${a.jobs} jobs ≠ ${b.jobs} jobs`;
  const sa = a.shard ? `${a.shard.index}/${a.shard.count}` : 'all';
  const sb = b.shard ? `${b.shard.index}/${b.shard.count}` : 'all';
  if (sa !== sb) return `shard ${sa} ≠ ${sb}`;
  if (a.fleetsimVersion !== b.fleetsimVersion) return `fleetsim ${a.fleetsimVersion} ≠ ${b.fleetsimVersion}`;
  return undefined;
}

/** An open work folder: the jobs already done, and where to append the next ones. */
export class WorkDir {
  /** Results of finished jobs by job index, from the checkpoint. */
  readonly done: Map<number, RunResult>;
  /** True when an existing checkpoint was picked up. */
  readonly resumed: boolean;
  private readonly appender: RecordAppender;

  private constructor(readonly path: string, done: Map<number, RunResult>, resumed: boolean, validBytes: number) {
    this.done = done;
    this.resumed = resumed;
    this.appender = new RecordAppender(join(path, CHECKPOINT), validBytes);
  }

  /**
   * Opens the work folder of `outDir`. Without `resume`, an existing checkpoint is an error (unless
   * `force`, which discards it); with `resume`, a checkpoint of another experiment is an error.
   * Throws `UserError`s before anything is changed on disk.
   */
  static open(outDir: string, identity: RunIdentity, opts: { resume: boolean; force: boolean }): WorkDir {
    const dir = workDirFor(outDir);
    const holder = lockHolder(dir);
    if (holder !== undefined) {
      throw new UserError(`another fleetsim (pid ${holder}) is running this experiment`, { location: { file: dir }, hint: 'wait for it to finish, or stop it first' });
    }
    let done = new Map<number, RunResult>();
    let validBytes = 0;
    let resumed = false;
    if (existsSync(dir)) {
      const planPath = join(dir, PLAN);
      let plan: RunIdentity | undefined;
      try {
        plan = JSON.parse(readFileSync(planPath, 'utf8')) as RunIdentity;
      } catch {
        plan = undefined;
      }
      if (!opts.resume) {
        if (!opts.force) {
          let count = 0;
          try {
            count = readRecordFile(join(dir, CHECKPOINT)).records.length;
          } catch {
            count = 0;
          }
          throw new UserError(`an interrupted run left a checkpoint here (${count} job(s) done)`, {
            location: { file: dir },
            hint: 'pass --resume to continue it, or --force to start over',
          });
        }
        rmSync(dir, { recursive: true, force: true });
      } else if (plan) {
        const differs = sameIdentity(plan, identity);
        if (differs) {
          throw new UserError(`the checkpoint belongs to another experiment (${differs})`, {
            location: { file: dir },
            hint: 'run without --resume and with --force to start over',
          });
        }
        let contents;
        try {
          contents = readRecordFile(join(dir, CHECKPOINT));
        } catch (e) {
          throw new UserError(`cannot read the checkpoint: ${(e as Error).message}`, { location: { file: dir }, hint: 'run without --resume and with --force to start over' });
        }
        for (const r of contents.records) if (r.job < identity.jobs) done.set(r.job, r.result);
        validBytes = contents.validBytes;
        resumed = true;
      } else {
        // A work folder without a plan was cut off while being created: nothing in it to keep.
        rmSync(dir, { recursive: true, force: true });
      }
    }
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, LOCK), JSON.stringify({ pid: process.pid, host: hostname() }) + '\n');
    if (!resumed) {
      done = new Map();
      writeFileSync(join(dir, PLAN), JSON.stringify(identity, null, 2) + '\n');
    }
    return new WorkDir(dir, done, resumed, validBytes);
  }

  /** Records a finished job durably (fsync) before it counts as done. */
  append(job: number, result: RunResult): void {
    this.appender.append(job, result);
    this.done.set(job, result);
  }

  /** Closes the checkpoint and gives up the lock, keeping the folder for `--resume`. */
  release(): void {
    this.appender.close();
    rmSync(join(this.path, LOCK), { force: true });
  }

  /** Deletes the work folder (the results are written). */
  remove(): void {
    this.appender.close();
    rmSync(this.path, { recursive: true, force: true });
  }
}

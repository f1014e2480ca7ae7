/**
 * The kinds of coordination task a swarm works on, how each is built, and its default round
 * budget. AgentsNet sizes its agents' round budget from the graph's diameter D (Grötschla et al.,
 * arXiv:2507.08616); the default here is 2R + 1 rounds, where R is what the failure-free protocol
 * needs: D for consensus by flooding, and ⌈log₂ n⌉ + 2 for randomised trial colouring (O(log n)
 * rounds w.h.p.; without failures it finishes within the default deadline on every topology in
 * test/coordination/colouring.test.ts). Twice R leaves room for the delays that late and silent
 * agents cause; a task past it has agreed too late.
 */
import { ColouringTask } from './colouring.js';
import { ConsensusTask } from './consensus.js';
import type { CoordinationTask, TaskSetup } from './protocol.js';

/** Task kinds. */
export const TASK_KINDS = ['consensus', 'colouring'] as const;
export type TaskKind = (typeof TASK_KINDS)[number];

/** Rounds the failure-free protocol needs on a graph of `n` agents and diameter `diameter`. */
export function requiredRounds(kind: TaskKind, n: number, diameter: number): number {
  return kind === 'consensus' ? diameter : Math.ceil(Math.log2(n)) + 2;
}

/** The default deadline: 2R + 1 rounds (see the file comment). */
export function defaultDeadline(kind: TaskKind, n: number, diameter: number): number {
  return 2 * requiredRounds(kind, n, diameter) + 1;
}

/** A task of `kind` on `setup` (`colours`: the colouring palette; null = Δ + 1). */
export function makeTask(kind: TaskKind, setup: TaskSetup, colours: number | null = null): CoordinationTask {
  return kind === 'consensus' ? new ConsensusTask(setup) : new ColouringTask(setup, colours);
}

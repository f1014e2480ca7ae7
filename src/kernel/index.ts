/** The kernel's public surface: clock and dispatcher, event queue, randomness, distributions. */
export * from './simulation.js';
export * from './event-queue.js';
export * from './distribution-spec.js';
export * from './random-streams.js';
export * from './distributions.js';
export * from './compensated-sum.js';
export * from './calendar-queue.js';
export * from './counter-hash.js';

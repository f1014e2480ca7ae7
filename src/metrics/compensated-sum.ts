/** Neumaier-compensated running sum; it lives in the kernel (distributions need it, and the kernel imports nothing above it). */
export { CompensatedSum } from '../kernel/compensated-sum.js';

/**
 * Closed-form results for the queues the stations model, used to validate the simulator and to
 * size stations. Notation: arrival rate λ, service rate per server μ (mean service time 1/μ),
 * c servers, offered load a = λ/μ (Erlangs), utilisation ρ = λ/(cμ). Times in the unit of 1/λ.
 * Unstable systems (ρ ≥ 1) have infinite waits: the functions return Infinity there, and the
 * probability of waiting is 1.
 *
 * References: L. Kleinrock, "Queueing Systems, Vol. 1: Theory", Wiley 1975 (ch. 3: M/M/1, M/M/m,
 * M/M/m/m; ch. 5: M/G/1); D. Gross, J. F. Shortle, J. M. Thompson, C. M. Harris, "Fundamentals of
 * Queueing Theory", 4th ed., Wiley 2008 (ch. 2: M/M/c, Erlang B and C; ch. 5: M/G/1).
 */

function checkRates(lambda: number, mu: number, c = 1): void {
  if (!(lambda >= 0) || !Number.isFinite(lambda)) throw new RangeError(`arrival rate must be a finite number ≥ 0, got ${lambda}`);
  if (!(mu > 0) || !Number.isFinite(mu)) throw new RangeError(`service rate must be a finite number > 0, got ${mu}`);
  if (!(Number.isInteger(c) && c >= 1)) throw new RangeError(`servers must be an integer ≥ 1, got ${c}`);
}

/** Utilisation ρ = λ/(cμ): the long-run share of time a server is busy (when < 1). */
export function utilisation(lambda: number, mu: number, c = 1): number {
  checkRates(lambda, mu, c);
  return lambda / (c * mu);
}

/**
 * Erlang B, the blocking probability of M/M/c/c with offered load a:
 * B(c, a) = (a^c/c!) / Σ_{k=0..c} a^k/k!, computed by the recursion B(0) = 1,
 * B(k) = a·B(k−1)/(k + a·B(k−1)), which stays in [0, 1] and never forms a^c or c!
 * (Gross et al. ch. 2) — stable for c up to 1e6 and beyond.
 */
export function erlangB(c: number, a: number): number {
  if (!(Number.isInteger(c) && c >= 0)) throw new RangeError(`servers must be an integer ≥ 0, got ${c}`);
  if (!(a >= 0) || !Number.isFinite(a)) throw new RangeError(`offered load must be a finite number ≥ 0, got ${a}`);
  let b = 1;
  for (let k = 1; k <= c; k++) b = (a * b) / (k + a * b);
  return b;
}

/**
 * Erlang C, the probability that an arriving customer of M/M/c waits (all c servers busy):
 * C(c, a) = B / (1 − ρ(1 − B)) with B = erlangB(c, a) and ρ = a/c (the textbook
 * sum form rewritten through Erlang B, which avoids factorials). Returns 1 when ρ ≥ 1.
 */
export function erlangC(c: number, a: number): number {
  if (!(Number.isInteger(c) && c >= 1)) throw new RangeError(`servers must be an integer ≥ 1, got ${c}`);
  const rho = a / c;
  if (rho >= 1) return 1;
  const b = erlangB(c, a);
  return b / (1 - rho * (1 - b));
}

/** M/M/c probability of waiting, C(c, λ/μ). */
export function mmcWaitProbability(lambda: number, mu: number, c: number): number {
  checkRates(lambda, mu, c);
  return erlangC(c, lambda / mu);
}

/** M/M/c mean wait in queue W_q = C(c, a)/(cμ − λ). */
export function mmcMeanWait(lambda: number, mu: number, c: number): number {
  checkRates(lambda, mu, c);
  if (lambda >= c * mu) return Infinity;
  return erlangC(c, lambda / mu) / (c * mu - lambda);
}

/** M/M/c mean time in system W = W_q + 1/μ. */
export function mmcMeanSojourn(lambda: number, mu: number, c: number): number {
  return mmcMeanWait(lambda, mu, c) + 1 / mu;
}

/** M/M/c mean queue length L_q = λ·W_q (Little's law). */
export function mmcMeanQueueLength(lambda: number, mu: number, c: number): number {
  const w = mmcMeanWait(lambda, mu, c);
  return w === Infinity ? Infinity : lambda * w;
}

/** M/M/c mean number in system L = L_q + a. */
export function mmcMeanInSystem(lambda: number, mu: number, c: number): number {
  return mmcMeanQueueLength(lambda, mu, c) + lambda / mu;
}

/**
 * M/M/c (FIFO) wait tail P(W_q > t) = C(c, a)·e^(−(cμ − λ)t) for t ≥ 0 (Gross et al. ch. 2).
 */
export function mmcWaitTail(lambda: number, mu: number, c: number, t: number): number {
  checkRates(lambda, mu, c);
  if (lambda >= c * mu) return 1;
  if (t < 0) return 1;
  return erlangC(c, lambda / mu) * Math.exp(-(c * mu - lambda) * t);
}

/**
 * M/M/c (FIFO) wait quantile: the smallest t with P(W_q ≤ t) ≥ p, i.e. 0 when p ≤ 1 − C, else
 * ln(C/(1 − p))/(cμ − λ) — the inverse of {@link mmcWaitTail}.
 */
export function mmcWaitQuantile(lambda: number, mu: number, c: number, p: number): number {
  checkRates(lambda, mu, c);
  if (!(p >= 0 && p < 1)) throw new RangeError(`quantile level must be in [0, 1), got ${p}`);
  if (lambda >= c * mu) return Infinity;
  const C = erlangC(c, lambda / mu);
  return p <= 1 - C ? 0 : Math.log(C / (1 - p)) / (c * mu - lambda);
}

/** M/M/1 mean wait in queue W_q = ρ/(μ − λ) (the M/M/1 sojourn less the service time). */
export function mm1MeanWait(lambda: number, mu: number): number {
  checkRates(lambda, mu);
  if (lambda >= mu) return Infinity;
  return lambda / mu / (mu - lambda);
}

/** M/M/1 mean time in system W = 1/(μ − λ). */
export function mm1MeanSojourn(lambda: number, mu: number): number {
  checkRates(lambda, mu);
  if (lambda >= mu) return Infinity;
  return 1 / (mu - lambda);
}

/** M/M/1 mean number in system L = ρ/(1 − ρ). */
export function mm1MeanInSystem(lambda: number, mu: number): number {
  checkRates(lambda, mu);
  if (lambda >= mu) return Infinity;
  const rho = lambda / mu;
  return rho / (1 - rho);
}

/**
 * M/G/1 mean wait in queue by Pollaczek–Khinchine: W_q = λ·E[S²] / (2(1 − ρ)), ρ = λ·E[S],
 * with E[S²] = E[S]²·(1 + c_s²) where c_s² is the squared coefficient of variation of the
 * service time (Kleinrock ch. 5, the P-K mean-value formula). c_s² = 1 gives M/M/1, 0 gives M/D/1.
 */
export function mg1MeanWait(lambda: number, meanService: number, serviceScv: number): number {
  if (!(meanService > 0) || !Number.isFinite(meanService)) throw new RangeError(`mean service time must be a finite number > 0, got ${meanService}`);
  if (!(serviceScv >= 0) || !Number.isFinite(serviceScv)) throw new RangeError(`service SCV must be a finite number ≥ 0, got ${serviceScv}`);
  checkRates(lambda, 1 / meanService);
  const rho = lambda * meanService;
  if (rho >= 1) return Infinity;
  return (lambda * meanService * meanService * (1 + serviceScv)) / (2 * (1 - rho));
}

/** M/D/1 mean wait in queue W_q = ρ·D/(2(1 − ρ)), the Pollaczek–Khinchine case c_s² = 0. */
export function md1MeanWait(lambda: number, serviceTime: number): number {
  return mg1MeanWait(lambda, serviceTime, 0);
}

/**
 * Accelerator power and energy. Board power is linear between idle and TDP in utilisation, and the
 * facility draws PUE times the IT power (cooling, power conversion). Because power is linear in
 * utilisation, the energy over an interval needs only the interval's mean utilisation.
 */
import type { Accelerator } from '../catalog/accelerators.js';

/**
 * Default power usage effectiveness. Modern AI halls sit between hyperscale fleets (Google fleet
 * trailing-twelve-month PUE ≈ 1.09–1.10, 2023–24 environmental reports) and the industry average
 * (≈ 1.56, Uptime Institute Global Data Center Survey 2024); liquid-cooled GPU builds typically
 * quote 1.1–1.3. A parameter: override it per scenario.
 */
export const DEFAULT_PUE = 1.2;

/** Joules (watt-seconds) in one kilowatt-hour. */
export const JOULES_PER_KWH = 3.6e6;

/** The power-relevant part of an accelerator. */
export type PowerSpec = Pick<Accelerator, 'idleW' | 'tdpW'>;

function checkUtilisation(u: number): void {
  if (!(u >= 0 && u <= 1)) throw new RangeError(`utilisation must be in [0, 1], got ${u}`);
}

function checkPue(pue: number): void {
  if (!(pue >= 1 && Number.isFinite(pue))) throw new RangeError(`PUE must be a finite number ≥ 1, got ${pue}`);
}

/**
 * Board power of one accelerator at `utilisation` (the fraction of time it is executing steps,
 * 0..1): `idleW + (tdpW − idleW)·utilisation`, W.
 */
export function acceleratorPowerW(accel: PowerSpec, utilisation: number): number {
  checkUtilisation(utilisation);
  return accel.idleW + (accel.tdpW - accel.idleW) * utilisation;
}

/** Facility power of `count` accelerators at `utilisation`: their board power times `pue`, W. */
export function facilityPowerW(accel: PowerSpec, count: number, utilisation: number, pue = DEFAULT_PUE): number {
  checkPue(pue);
  if (!(count >= 0)) throw new RangeError(`count must be ≥ 0, got ${count}`);
  return count * acceleratorPowerW(accel, utilisation) * pue;
}

/** Kilowatt-hours of a constant `powerW` drawn for `seconds`. */
export function energyKWh(powerW: number, seconds: number): number {
  return (powerW * seconds) / JOULES_PER_KWH;
}

/** One pool's interval, for {@link poolEnergyKWh}. */
export interface PoolInterval {
  /** The accelerator kind. */
  accel: PowerSpec;
  /** Accelerators powered on over the interval. */
  count: number;
  /** Interval length, s. */
  seconds: number;
  /** Mean utilisation over the interval (busy accelerator-seconds / (count · seconds)), 0..1. */
  meanUtilisation: number;
  /** Power usage effectiveness (default {@link DEFAULT_PUE}). */
  pue?: number;
}

/**
 * Facility energy of a pool over an interval, kWh. Exact for any utilisation path with the given
 * mean, since power is linear in utilisation.
 */
export function poolEnergyKWh(p: PoolInterval): number {
  if (!(p.seconds >= 0)) throw new RangeError(`seconds must be ≥ 0, got ${p.seconds}`);
  return energyKWh(facilityPowerW(p.accel, p.count, p.meanUtilisation, p.pue ?? DEFAULT_PUE), p.seconds);
}

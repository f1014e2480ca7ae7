/**
 * Accelerators the simulator knows by name. Data only: every figure cites where it comes from.
 *
 * Units are SI throughout: FLOP/s, bytes, bytes/s, watts, US dollars per hour. Vendors quote memory
 * in "GB"; we store it as decimal bytes (80 GB → 80e9). Several parts physically carry that many GiB
 * (an H100 "80 GB" reports 81 559 MiB), so capacity here is conservative by up to ~7%; the KV
 * memory-utilisation parameter of a pool absorbs the difference.
 */

/** One accelerator model (a GPU), as the roofline, power and cost models see it. */
export interface Accelerator {
  /** Name used in scenarios, e.g. `H100`. */
  readonly name: string;
  /** Dense (no sparsity) BF16 tensor throughput, FLOP/s. */
  readonly flops: number;
  /** HBM (or GDDR) capacity, bytes. */
  readonly hbmBytes: number;
  /** HBM bandwidth, bytes/s. */
  readonly hbmBandwidth: number;
  /** Board power limit (TDP), W. */
  readonly tdpW: number;
  /** Power when powered on with a model loaded but no kernels running, W. */
  readonly idleW: number;
  /** Default rental price, USD per accelerator-hour. A parameter: cloud prices vary widely. */
  readonly usdPerHour: number;
  /**
   * Bandwidth per GPU, one direction, available to tensor-parallel all-reduce inside a node:
   * NVLink/Infinity Fabric where the part has it, PCIe otherwise. Bytes/s.
   */
  readonly linkBandwidth: number;
  /** Accelerators in one server of the usual build (the largest sensible tensor-parallel group). */
  readonly gpusPerNode: number;
}

/*
 * Idle power. Datasheets give TDP only. A serving replica keeps its weights resident and memory
 * clocks up, so its idle draw sits above the deep-idle floor: nvidia-smi readings of roughly
 * 60–120 W are commonly reported for an idle H100/H200 SXM. We take ≈ 1/7 of TDP for SXM/OAM
 * parts (H100 100 W, B200 140 W, MI300X 105 W) and the P8-state draw for the PCIe cards (L40S
 * ≈ 35 W, L4 ≈ 16 W). These are reasoned, not measured here: override them with measurements.
 *
 * Prices. On-demand list prices in 2025 span neoclouds to hyperscalers: an H100 rents for about
 * $2–7 per GPU-hour (e.g. $2–3 at neoclouds, ~$7 at hyperscalers after AWS's June-2025 P5 cut).
 * The defaults are mid-range neocloud figures, meant to be overridden per scenario.
 */

/** NVIDIA H100 SXM5 80 GB [NVIDIA H100 Tensor Core GPU datasheet]. */
export const H100: Accelerator = Object.freeze({
  name: 'H100',
  flops: 989e12, // 989 TFLOPS BF16 dense (1979 with 2:4 sparsity)
  hbmBytes: 80e9, // 80 GB HBM3
  hbmBandwidth: 3.35e12, // 3.35 TB/s
  tdpW: 700, // up to 700 W (configurable)
  idleW: 100, // reasoned, see above
  usdPerHour: 3.0, // 2025 range ≈ $2–7/h
  linkBandwidth: 450e9, // NVLink 4: 900 GB/s bidirectional per GPU → 450 GB/s each way
  gpusPerNode: 8, // HGX H100 8-GPU
});

/** NVIDIA H200 SXM 141 GB [NVIDIA H200 Tensor Core GPU datasheet]. */
export const H200: Accelerator = Object.freeze({
  name: 'H200',
  flops: 989e12, // 989 TFLOPS BF16 dense, same Hopper die as H100
  hbmBytes: 141e9, // 141 GB HBM3e
  hbmBandwidth: 4.8e12, // 4.8 TB/s
  tdpW: 700, // up to 700 W
  idleW: 100, // reasoned, see above
  usdPerHour: 3.8, // 2025 neocloud on-demand ≈ $3–5/h, hyperscalers higher
  linkBandwidth: 450e9, // NVLink 4: 900 GB/s bidirectional
  gpusPerNode: 8, // HGX H200 8-GPU
});

/** NVIDIA B200 (HGX B200) [NVIDIA HGX B200 / DGX B200 datasheets]. */
export const B200: Accelerator = Object.freeze({
  name: 'B200',
  flops: 2250e12, // HGX B200: 18 PFLOPS FP16/BF16 sparse per 8 GPUs → 2.25 PFLOPS dense per GPU
  hbmBytes: 180e9, // DGX B200: 1440 GB HBM3e per 8 GPUs
  hbmBandwidth: 8e12, // 8 TB/s
  tdpW: 1000, // 1000 W per GPU in HGX B200
  idleW: 140, // reasoned, ≈ 1/7 of TDP
  usdPerHour: 5.5, // 2025 on-demand ≈ $4–8/h, few public list prices
  linkBandwidth: 900e9, // NVLink 5: 1.8 TB/s bidirectional per GPU
  gpusPerNode: 8, // HGX B200 8-GPU
});

/** AMD Instinct MI300X OAM [AMD Instinct MI300X datasheet]. */
export const MI300X: Accelerator = Object.freeze({
  name: 'MI300X',
  flops: 1307.4e12, // 1307.4 TFLOPS BF16 dense (2614.9 with sparsity)
  hbmBytes: 192e9, // 192 GB HBM3
  hbmBandwidth: 5.3e12, // 5.3 TB/s peak
  tdpW: 750, // 750 W
  idleW: 105, // reasoned, ≈ 1/7 of TDP
  usdPerHour: 2.5, // 2025 neocloud on-demand ≈ $2–4/h
  linkBandwidth: 448e9, // Infinity Fabric: 7 links × 64 GB/s each way (896 GB/s aggregate bidirectional)
  gpusPerNode: 8, // 8-GPU OAM platform
});

/** NVIDIA L40S 48 GB PCIe [NVIDIA L40S datasheet]. */
export const L40S: Accelerator = Object.freeze({
  name: 'L40S',
  flops: 362.05e12, // 362.05 TFLOPS BF16 dense (733 with sparsity)
  hbmBytes: 48e9, // 48 GB GDDR6 with ECC
  hbmBandwidth: 864e9, // 864 GB/s
  tdpW: 350, // 350 W max board power
  idleW: 35, // reasoned: P8-state draw of a 350 W PCIe card
  usdPerHour: 1.2, // 2025 on-demand ≈ $0.8–2/h
  linkBandwidth: 32e9, // no NVLink: PCIe Gen4 x16, 64 GB/s bidirectional
  gpusPerNode: 8, // common 8-card PCIe server (4-card builds also exist)
});

/** NVIDIA L4 24 GB PCIe [NVIDIA L4 Tensor Core GPU datasheet]. */
export const L4: Accelerator = Object.freeze({
  name: 'L4',
  flops: 121e12, // 121 TFLOPS BF16 dense (242 with sparsity)
  hbmBytes: 24e9, // 24 GB GDDR6
  hbmBandwidth: 300e9, // 300 GB/s
  tdpW: 72, // 72 W
  idleW: 16, // reasoned: typical nvidia-smi idle reading of a 72 W low-profile card
  usdPerHour: 0.7, // e.g. Google Cloud G2 on-demand ≈ $0.7 per L4-hour in 2025
  linkBandwidth: 32e9, // PCIe Gen4 x16, 64 GB/s bidirectional
  gpusPerNode: 8, // Google Cloud g2-standard-96 carries 8 L4
});

/** The built-in accelerators, in the order the catalog prints them. */
export const ACCELERATORS: readonly Accelerator[] = Object.freeze([H100, H200, B200, MI300X, L40S, L4]);

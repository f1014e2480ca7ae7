/**
 * A progress bar with an ETA for long sweeps, drawn on one terminal line. Only on a TTY and never
 * in CI (`CI` set) — logs and pipes get no control characters.
 */

/** Whether to draw a progress bar on a stream. */
export function wantsProgress(isTTY: boolean | undefined, env: Readonly<Record<string, string | undefined>>): boolean {
  return isTTY === true && !env.CI && env.TERM !== 'dumb';
}

function clock(seconds: number): string {
  if (!Number.isFinite(seconds)) return '--:--';
  const s = Math.max(0, Math.round(seconds));
  const h = Math.floor(s / 3600), m = Math.floor((s % 3600) / 60), r = s % 60;
  const mm = h > 0 ? String(m).padStart(2, '0') : String(m);
  return `${h > 0 ? `${h}:` : ''}${mm}:${String(r).padStart(2, '0')}`;
}

/** Draws `[#####.....] 37/144 jobs · 0:12 elapsed · ETA 0:31`, at most ten times a second. */
export class ProgressBar {
  private done: number;
  private ranNow = 0;
  private readonly start: number;
  private lastDraw = -Infinity;

  /**
   * @param write where the line goes (stderr)
   * @param total jobs in this run
   * @param fromCheckpoint jobs already done before this run (they do not count towards the ETA)
   */
  constructor(
    private readonly write: (s: string) => void,
    private readonly total: number,
    fromCheckpoint: number,
    private readonly now: () => number = () => performance.now() / 1000,
  ) {
    this.done = fromCheckpoint;
    this.start = now();
    this.draw(true);
  }

  /** One more job finished. */
  tick(): void {
    this.done++;
    this.ranNow++;
    this.draw(this.done === this.total);
  }

  /** The line as it would be drawn now. */
  line(): string {
    const width = 24;
    const frac = this.total > 0 ? this.done / this.total : 1;
    const filled = Math.round(frac * width);
    const elapsed = this.now() - this.start;
    const eta = this.ranNow > 0 ? (elapsed / this.ranNow) * (this.total - this.done) : NaN;
    return `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${this.done}/${this.total} jobs · ${clock(elapsed)} elapsed · ETA ${this.done === this.total ? '0:00' : clock(eta)}`;
  }

  private draw(force: boolean): void {
    const t = this.now();
    if (!force && t - this.lastDraw < 0.1) return;
    this.lastDraw = t;
    this.write(`\r${this.line()}\x1b[K`);
  }

  /** Ends the line (call once, after the last job or on failure). */
  finish(): void {
    this.draw(true);
    this.write('\n');
  }
}

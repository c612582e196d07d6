// The pace of calls to Zoom. Zoom limits message calls per account per second (Free 2, Pro 20, Business 60)
// without saying the tier: calls start just under the highest limit, and the first 429 teaches the real one.
// Then every caller waits out its Retry-After together, instead of each retrying on its own into the limit.
// After the 429s stop, the pace doubles for each second without one, back to the normal pace, or to the
// limit Zoom taught while that lesson is fresh.

import { setTimeout as sleep } from 'node:timers/promises';

/** How a pacer starts. */
export interface PacerOptions {
  /** Calls started per second until Zoom says otherwise. */
  ratePerSecond: number;
  /** Calls in flight at most. */
  concurrency: number;
  /** Calls that may start at once (default 1); one second holds at most burst + ratePerSecond calls. */
  burst?: number;
  /** The clock, in ms; tests of the pacer itself may pass their own. */
  now?: () => number;
}

/** Shares one account's rate limit between concurrent calls. */
export type Pacer = ReturnType<typeof createPacer>;

/** Below Zoom's highest per-account limit (60 a second), burst and pace together (50 + 8 in a second). */
export const DEFAULT_RATE_PER_SECOND = 50;
/** A handful of calls (a cleanup of a few ids) start at once instead of 20 ms apart. */
export const DEFAULT_BURST = 8;
/** Bounds the sockets open at once when Zoom answers slowly. */
export const DEFAULT_CONCURRENCY = 10;

// A learnt limit is used with this margin, for jitter and for other apps on the same account.
const MARGIN = 0.95;
// A learnt limit caps the climb back for this long after the 429 that taught it. Then the pace goes back
// to the normal pace, in case that limit was another app's burst: a limit still there answers 429 again.
const TRUSTED_MS = 10_000;

/** Makes a pacer; see PacerOptions. */
export function createPacer(options: PacerOptions) {
  const now = options.now ?? (() => performance.now());
  const normal = options.ratePerSecond;
  // The pace set by the last 429, and since when no 429 has come (the end of its pause).
  let base = normal;
  let calmSince = Number.NEGATIVE_INFINITY;
  // The limit the last 429 taught: 95% of the calls Zoom let through in the second before it.
  let learnt = normal;
  let learntAt = Number.NEGATIVE_INFINITY;
  let inFlight = 0;
  // A token bucket: `capacity` calls may start at once, refilled at the pace.
  let capacity = Math.max(1, options.burst ?? 1);
  let tokens = capacity;
  let refilledAt = now();
  let pausedUntil = 0;
  let lastAdjust = Number.NEGATIVE_INFINITY;
  let halted: Error | undefined;
  const admittedAt: number[] = [];
  // Callers wait in one queue, served in order by one loop: no herd of timers waking together.
  const queue: { start: (at: number) => void; stop: (error: Error) => void }[] = [];
  let pumping = false;
  let slotFreed: (() => void) | undefined;

  // Doubles for each whole second without a 429, up to the normal pace or the limit learnt lately.
  function paceAt(at: number): number {
    const ceiling = at - learntAt < TRUSTED_MS ? Math.min(normal, learnt) : normal;
    const calmSeconds = Math.floor(Math.max(0, at - calmSince) / 1000);
    return Math.max(base, Math.min(ceiling, base * 2 ** calmSeconds));
  }

  // When the pace may double next: never while it is the normal pace.
  function doublesAt(at: number): number {
    if (paceAt(at) >= normal) return Number.POSITIVE_INFINITY;
    return calmSince + (Math.floor(Math.max(0, at - calmSince) / 1000) + 1) * 1000;
  }

  async function pump(): Promise<void> {
    if (pumping) return;
    pumping = true;
    try {
      while (queue.length > 0 && !halted) {
        if (inFlight >= options.concurrency) {
          await new Promise<void>((resolve) => (slotFreed = resolve));
          continue;
        }
        const at = now();
        const rate = paceAt(at);
        // Tokens accrue from the time they were last counted, so a timer that fires a little late
        // does not slow the pace down over many calls.
        tokens = Math.min(capacity, tokens + (Math.max(0, at - refilledAt) * rate) / 1000);
        refilledAt = Math.max(refilledAt, at);
        const ready = tokens >= 1 ? at : at + ((1 - tokens) * 1000) / rate;
        const start = Math.max(ready, pausedUntil);
        if (start > at) {
          // Re-check on waking: a 429 may have set a longer pause meanwhile, or the pace doubled.
          await sleep(Math.min(start, doublesAt(at)) - at);
          continue;
        }
        inFlight += 1;
        tokens -= 1;
        queue.shift()?.start(at);
      }
    } finally {
      pumping = false;
    }
  }

  // Only the calls Zoom let through in the last second teach the limit.
  function forgetAdmittedBefore(time: number): void {
    while ((admittedAt[0] ?? Number.POSITIVE_INFINITY) <= time) admittedAt.shift();
  }

  return {
    /** Runs `call` when a slot is free, the pace allows and no pause is on; it gets its start time. */
    async run<T>(call: (startedAt: number) => Promise<T>): Promise<T> {
      if (halted) throw halted;
      const startedAt = await new Promise<number>((start, stop) => {
        queue.push({ start, stop });
        void pump();
      });
      try {
        return await call(startedAt);
      } finally {
        inFlight -= 1;
        slotFreed?.();
        slotFreed = undefined;
      }
    },
    /** Zoom answered a call with something other than 429: its limit let it through. */
    admitted(): void {
      const at = now();
      admittedAt.push(at);
      forgetAdmittedBefore(at - 1000);
    },
    /** Zoom answered a call started at `startedAt` with 429: every caller pauses `waitMs`, the pace drops. */
    rateLimited(startedAt: number, waitMs: number): void {
      const at = now();
      const pace = paceAt(at);
      pausedUntil = Math.max(pausedUntil, at + waitMs);
      calmSince = Math.max(calmSince, pausedUntil);
      // Calls started before the last adjustment went out at the old pace: they teach nothing new.
      if (startedAt < lastAdjust) return;
      lastAdjust = at;
      forgetAdmittedBefore(at - 1000);
      const seen = admittedAt.length;
      base = Math.max(1, seen > 0 ? Math.min(pace, seen * MARGIN) : pace / 2);
      // A second in which Zoom let nothing through teaches no limit: an outage, or other apps using all
      // of it. The pace halves, and climbs back to the normal pace once the 429s stop.
      learnt = seen * MARGIN;
      learntAt = seen > 0 ? at : Number.NEGATIVE_INFINITY;
      // The limit is lower than hoped: no more bursts, and nothing saved up for after the pause.
      capacity = 1;
      tokens = Math.min(tokens, 0);
      refilledAt = Math.max(at, pausedUntil);
    },
    /** Stops every call that has not started: they reject with `error`. */
    halt(error: Error): void {
      halted = error;
      for (const waiter of queue.splice(0)) waiter.stop(error);
    },
    /** The pace now, in calls started per second. */
    get ratePerSecond(): number {
      return paceAt(now());
    },
  };
}

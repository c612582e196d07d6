// The pace of calls to Zoom: how many at once, how far apart, and the pause a 429 asks for.
//
// Zoom counts message calls per account per second (Free 2, Pro 20, Business and up 60) and says
// nothing of an account's tier. So calls start at a pace just under the highest documented limit,
// and the first 429 teaches the real one: the number of calls Zoom let through in the second before
// it, less a margin. Every caller then waits out the 429's Retry-After together, and goes on at the
// learnt pace, instead of each retrying on its own and hammering the limit.

import { setTimeout as sleep } from 'node:timers/promises';

/** How a pacer starts. */
export interface PacerOptions {
  /** Calls started per second until Zoom says otherwise. */
  ratePerSecond: number;
  /** Calls in flight at most. */
  concurrency: number;
  /**
   * Calls that may start at once before the pace applies (default 1: none). Any one second then
   * holds at most burst + ratePerSecond calls, so keep the two together under the account's limit.
   */
  burst?: number;
  /** The clock, in ms; tests of the pacer itself may pass their own. */
  now?: () => number;
}

/** Shares one account's rate limit between concurrent calls. */
export interface Pacer {
  /**
   * Runs `call` when a slot is free, the pace allows and no pause is on; resolves with its result.
   * `call` gets the time it started, for rateLimited.
   */
  run<T>(call: (startedAt: number) => Promise<T>): Promise<T>;
  /** Zoom answered a call with something other than 429: its limit let it through. */
  admitted(): void;
  /**
   * Zoom answered a call started at `startedAt` with 429 and asked for `waitMs`: every caller pauses
   * that long, and the pace drops to what Zoom let through.
   */
  rateLimited(startedAt: number, waitMs: number): void;
  /** Stops every call that has not started: they reject with `error`. */
  halt(error: Error): void;
  /** The current pace, in calls started per second. */
  readonly ratePerSecond: number;
}

/**
 * Zoom's highest documented per-account limit (Business and up) is 60 a second: start below it,
 * burst and pace together (50 + 8 in any one second).
 */
export const DEFAULT_RATE_PER_SECOND = 50;
/** A handful of calls (a cleanup of a few ids) start at once instead of 20 ms apart. */
export const DEFAULT_BURST = 8;
/** Bounds the sockets open at once when Zoom answers slowly. */
export const DEFAULT_CONCURRENCY = 10;

// A learnt limit is used with this margin, for jitter and for other apps on the same account.
const MARGIN = 0.95;

/** Makes a pacer; see PacerOptions. */
export function createPacer(options: PacerOptions): Pacer {
  const now = options.now ?? (() => performance.now());
  let rate = options.ratePerSecond;
  let inFlight = 0;
  // A token bucket: `capacity` calls may start at once, refilled at `rate` a second.
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

  function acquire(): Promise<number> {
    if (halted) return Promise.reject(halted);
    return new Promise((start, stop) => {
      queue.push({ start, stop });
      void pump();
    });
  }

  async function pump(): Promise<void> {
    if (pumping) return;
    pumping = true;
    try {
      while (queue.length > 0 && !halted) {
        if (inFlight >= options.concurrency) {
          await new Promise<void>((resolve) => {
            slotFreed = resolve;
          });
          continue;
        }
        const at = now();
        // Tokens accrue from the time they were last counted, so a timer that fires a little late
        // does not slow the pace down over many calls.
        tokens = Math.min(capacity, tokens + (Math.max(0, at - refilledAt) * rate) / 1000);
        refilledAt = Math.max(refilledAt, at);
        const ready = tokens >= 1 ? at : at + ((1 - tokens) * 1000) / rate;
        const start = Math.max(ready, pausedUntil);
        if (start > at) {
          // Re-check on waking: a 429 may have set a longer pause meanwhile.
          await sleep(start - at);
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

  function release(): void {
    inFlight -= 1;
    const wake = slotFreed;
    slotFreed = undefined;
    wake?.();
  }

  return {
    async run(call) {
      const startedAt = await acquire();
      try {
        return await call(startedAt);
      } finally {
        release();
      }
    },
    admitted() {
      const at = now();
      admittedAt.push(at);
      while ((admittedAt[0] ?? at) <= at - 1000) admittedAt.shift();
    },
    rateLimited(startedAt, waitMs) {
      const at = now();
      pausedUntil = Math.max(pausedUntil, at + waitMs);
      // Calls started before the last adjustment went out at the old pace: they teach nothing new.
      if (startedAt < lastAdjust) return;
      lastAdjust = at;
      while ((admittedAt[0] ?? at) <= at - 1000) admittedAt.shift();
      const seen = admittedAt.length;
      rate = Math.max(1, seen > 0 ? Math.min(rate, seen * MARGIN) : rate / 2);
      // The limit is lower than hoped: no more bursts, and nothing saved up for after the pause.
      capacity = 1;
      tokens = Math.min(tokens, 0);
      refilledAt = Math.max(at, pausedUntil);
    },
    halt(error) {
      halted = error;
      for (const waiter of queue.splice(0)) waiter.stop(error);
    },
    get ratePerSecond() {
      return rate;
    },
  };
}

// The pacer shares an account's rate limit between concurrent calls; the token source re-mints once.
// The pacer runs on a fake clock (vi's fake timers, injected as `now`), so every start time below is
// the pacing arithmetic itself, not a measurement.

import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createPacer, type PacerOptions } from '../src/zoom/pacer.js';
import { givenToken, mintedToken } from '../src/zoom/token.js';

// The pacer sleeps with node:timers/promises, which vi's fake timers do not reach through an ES
// import: its sleep goes through the global setTimeout here, which they do.
vi.mock('node:timers/promises', async (importOriginal) => ({
  ...(await importOriginal<typeof import('node:timers/promises')>()),
  setTimeout: (ms: number) => new Promise((resolve) => globalThis.setTimeout(resolve, ms)),
}));

const tick = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

beforeEach(() => {
  vi.useFakeTimers({ now: 0, toFake: ['setTimeout', 'clearTimeout', 'Date'] });
});
afterEach(() => {
  vi.useRealTimers();
});

/** A pacer on the fake clock. */
function pacerAt(options: Omit<PacerOptions, 'now'>) {
  return createPacer({ ...options, now: () => Date.now() });
}

/** Runs `count` calls at once, each taking `ms` of the fake clock; their start times, in call order. */
async function startsOf(
  pacer: ReturnType<typeof createPacer>,
  count: number,
  ms = 0,
): Promise<{ starts: number[]; order: number[] }> {
  const starts: number[] = [];
  const order: number[] = [];
  const calls = Promise.all(
    Array.from({ length: count }, (_, i) =>
      pacer.run(async (at) => {
        starts.push(at);
        order.push(i);
        if (ms > 0) await tick(ms);
      }),
    ),
  );
  await vi.runAllTimersAsync();
  await calls;
  return { starts, order };
}

describe('createPacer', () => {
  it('never has more calls in flight than its concurrency: the next starts when one ends', async () => {
    const pacer = pacerAt({ ratePerSecond: 1000, concurrency: 3 });
    let inFlight = 0;
    let most = 0;
    const starts: number[] = [];
    const calls = Promise.all(
      Array.from({ length: 12 }, () =>
        pacer.run(async (at) => {
          starts.push(at);
          inFlight += 1;
          most = Math.max(most, inFlight);
          await tick(5);
          inFlight -= 1;
        }),
      ),
    );
    await vi.runAllTimersAsync();
    await calls;
    expect(most).toBe(3);
    // Three start 1 ms apart (1000 a second); each later one starts as an earlier one ends, 5 ms on.
    expect(starts).toEqual([0, 1, 2, 5, 6, 7, 10, 11, 12, 15, 16, 17]);
  });

  it('spaces starts by the pace (50 a second: 20 ms), in the order the calls came', async () => {
    const { starts, order } = await startsOf(pacerAt({ ratePerSecond: 50, concurrency: 10 }), 5);
    expect(order).toEqual([0, 1, 2, 3, 4]);
    expect(starts).toEqual([0, 20, 40, 60, 80]);
  });

  it('starts a burst at once, then keeps to the pace; after a 429 no more bursts', async () => {
    const pacer = pacerAt({ ratePerSecond: 50, concurrency: 10, burst: 4 });
    const first = await startsOf(pacer, 6);
    // The first four start together; the fifth and sixth wait for the pace (one every 20 ms).
    expect(first.starts).toEqual([0, 0, 0, 0, 20, 40]);
    // A 429 with no call let through before it: half the pace, 25 a second (40 ms apart).
    pacer.rateLimited(Date.now(), 0);
    expect(pacer.ratePerSecond).toBe(25);
    // Time enough to save up a burst of four, were bursts still allowed.
    await vi.advanceTimersByTimeAsync(200);
    const after = await startsOf(pacer, 3);
    expect(after.starts).toEqual([240, 280, 320]);
  });

  it('a 429 also drops what is left of a burst: the next call waits a whole interval', async () => {
    const pacer = pacerAt({ ratePerSecond: 50, concurrency: 10, burst: 4 });
    expect((await startsOf(pacer, 1)).starts).toEqual([0]);
    pacer.rateLimited(0, 0);
    expect((await startsOf(pacer, 2)).starts).toEqual([40, 80]);
  });

  it('a 429 drops the pace to 95% of what Zoom let through in the second before it', async () => {
    let clock = 0;
    const pacer = createPacer({ ratePerSecond: 55, concurrency: 10, now: () => clock });
    // 20 calls let through, one every 20 ms (at 20, 40, ... 400).
    for (let i = 0; i < 20; i++) {
      clock += 20;
      pacer.admitted();
    }
    pacer.rateLimited(clock, 0);
    expect(pacer.ratePerSecond).toBe(19);
    // At 1300, 5 of those 20 are still within the last second (320 to 400). A 429 for a call
    // started before the last adjustment went out at the old pace: it teaches nothing (were it
    // counted, the pace would drop to 5 * 0.95).
    clock += 900;
    pacer.rateLimited(390, 0);
    expect(pacer.ratePerSecond).toBe(19);
    // At 1320 a 429 for a call started after it counts 4 (340 to 400: the one at 320 is 1000 ms
    // old, out of the window).
    clock += 20;
    pacer.rateLimited(clock, 0);
    expect(pacer.ratePerSecond).toBe(3.8);
    // A 429 with nothing let through in the last second halves the pace...
    clock += 5000;
    pacer.rateLimited(clock, 0);
    expect(pacer.ratePerSecond).toBe(1.9);
    // ... but never below one call a second.
    clock += 5000;
    pacer.rateLimited(clock, 0);
    expect(pacer.ratePerSecond).toBe(1);
  });

  it('a 429 only lowers the pace: 95% of a second that let more through than the pace keeps it', async () => {
    let clock = 0;
    const pacer = createPacer({ ratePerSecond: 10, concurrency: 10, now: () => clock });
    for (let i = 0; i < 40; i++) {
      clock += 20;
      pacer.admitted();
    }
    pacer.rateLimited(clock, 0);
    expect(pacer.ratePerSecond).toBe(10);
  });

  it('holds every call back for the wait a 429 asked for, a stale 429 too', async () => {
    const pacer = pacerAt({ ratePerSecond: 1000, concurrency: 10 });
    const first = await pacer.run(async (at) => at);
    expect(first).toBe(0);
    await vi.advanceTimersByTimeAsync(10);
    pacer.rateLimited(first, 150);
    // Nothing let through before the 429: the pace halves to 500 a second (2 ms apart), and nothing
    // is saved up during the pause, so the first call starts one interval after it ends (at 160).
    const { starts } = await startsOf(pacer, 2);
    expect(starts).toEqual([162, 164]);
    // A 429 for a call started before that adjustment leaves the pace, but still pauses everyone.
    pacer.rateLimited(first, 100);
    expect(pacer.ratePerSecond).toBe(500);
    const later = await startsOf(pacer, 1);
    expect(later.starts).toEqual([264]);
  });

  it('halt rejects every call not started, and every later call', async () => {
    const pacer = pacerAt({ ratePerSecond: 1000, concurrency: 1 });
    const stop = new Error('limit resets tomorrow');
    const ran: string[] = [];
    const running = pacer.run(async () => {
      await tick(20);
      ran.push('running');
    });
    const queued = pacer.run(async () => {
      ran.push('queued');
    });
    // Watch the queued call before anything else is awaited, so its rejection is handled.
    const queuedOutcome = expect(queued).rejects.toBe(stop);
    pacer.halt(stop);
    await vi.runAllTimersAsync();
    await running;
    await queuedOutcome;
    await expect(pacer.run(async () => 'ran')).rejects.toBe(stop);
    expect(ran).toEqual(['running']);
  });
});

describe('token sources', () => {
  it('a given token is never renewed', async () => {
    const source = givenToken('given');
    expect(source.renewable).toBe(false);
    expect(source.current()).toBe('given');
    expect(await source.renew('given')).toBeUndefined();
  });

  it('a minted token is minted once more, shared by callers refused at the same time, then never', async () => {
    let mints = 0;
    const source = mintedToken('first', async () => {
      mints += 1;
      await Promise.resolve();
      return `fresh-${mints}`;
    });
    expect(source.renewable).toBe(true);
    expect(source.current()).toBe('first');
    const [a, b] = await Promise.all([source.renew('first'), source.renew('first')]);
    expect([a, b, mints]).toEqual(['fresh-1', 'fresh-1', 1]);
    // A caller still holding the old token gets the fresh one without a mint.
    expect(await source.renew('first')).toBe('fresh-1');
    expect(await source.renew('fresh-1')).toBeUndefined();
    expect(mints).toBe(1);
    expect(source.current()).toBe('fresh-1');
  });
});

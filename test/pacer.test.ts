// The pacer shares an account's rate limit between concurrent calls; the token source re-mints once.
// The pacer runs on a fake clock (vi's fake timers, injected as `now`), so every start time below is
// the pacing arithmetic itself, not a measurement.

import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { HttpResponse } from '../src/zoom/http.js';
import { createPacer, DEFAULT_BURST, DEFAULT_RATE_PER_SECOND, type PacerOptions } from '../src/zoom/pacer.js';
import { withRetries } from '../src/zoom/retry.js';
import { givenToken, mintedToken } from '../src/zoom/token.js';

// The pacer sleeps with node:timers/promises, which vi's fake timers do not reach through an ES
// import: its sleep goes through the global setTimeout here, which they do. Node's timers fire after
// whole milliseconds, and so does this one: the fake clock does not advance by 0.09 ms.
vi.mock('node:timers/promises', async (importOriginal) => ({
  ...(await importOriginal<typeof import('node:timers/promises')>()),
  setTimeout: (ms: number) => new Promise((resolve) => globalThis.setTimeout(resolve, Math.ceil(ms))),
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
    // 5 s later, without a 429 since, the pace has not climbed past that limit: it was learnt under
    // 10 s ago. A 429 with nothing let through in the last second halves the pace...
    clock += 5000;
    expect(pacer.ratePerSecond).toBe(3.8);
    pacer.rateLimited(clock, 0);
    expect(pacer.ratePerSecond).toBe(1.9);
    // ... but never below one call a second.
    clock += 10;
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

describe('createPacer, after the 429s stop', () => {
  it('doubles the pace for each second without a 429, back to the normal pace and no further', () => {
    let clock = 0;
    const pacer = createPacer({ ratePerSecond: 50, concurrency: 10, now: () => clock });
    // A storm: a 429 a second, each with Retry-After 1 and nothing let through: 25, 12.5, 6.25.
    for (const at of [0, 1000, 2000]) {
      clock = at;
      pacer.rateLimited(at, 1000);
    }
    expect(pacer.ratePerSecond).toBe(6.25);
    // The last pause ends at 3000; each whole second from then without a 429 doubles the pace.
    const paces = [3000, 3999, 4000, 4999, 5000, 6000, 7000, 60_000].map((at) => {
      clock = at;
      return pacer.ratePerSecond;
    });
    expect(paces).toEqual([6.25, 6.25, 12.5, 12.5, 25, 50, 50, 50]);
  });

  it('climbs from one call a second to the normal pace in six seconds', () => {
    let clock = 0;
    const pacer = createPacer({ ratePerSecond: 50, concurrency: 10, now: () => clock });
    // Six 429s in a row, nothing let through: 25, 12.5, 6.25, 3.125, 1.5625, then no less than 1.
    for (let i = 0; i < 6; i++) pacer.rateLimited(clock, 0);
    expect(pacer.ratePerSecond).toBe(1);
    const paces = [1, 2, 3, 4, 5, 6].map((second) => {
      clock = second * 1000;
      return pacer.ratePerSecond;
    });
    expect(paces).toEqual([2, 4, 8, 16, 32, 50]);
  });

  it('a 429 during the climb starts the count of calm seconds again, from the pace it sets', () => {
    let clock = 0;
    const pacer = createPacer({ ratePerSecond: 50, concurrency: 10, now: () => clock });
    pacer.rateLimited(0, 0);
    pacer.rateLimited(0, 0);
    expect(pacer.ratePerSecond).toBe(12.5);
    clock = 1500;
    expect(pacer.ratePerSecond).toBe(25);
    // Nothing let through in the last second: the pace halves from 25, not from 12.5.
    pacer.rateLimited(clock, 500);
    expect(pacer.ratePerSecond).toBe(12.5);
    clock = 2999;
    expect(pacer.ratePerSecond).toBe(12.5);
    clock = 3000;
    expect(pacer.ratePerSecond).toBe(25);
  });

  it('a learnt limit caps the climb for 10 s after the 429 that taught it; then the climb goes on', () => {
    let clock = 0;
    const pacer = createPacer({ ratePerSecond: 50, concurrency: 10, now: () => clock });
    // 20 let through in the second before the 429: a limit of 19 a second.
    for (let i = 0; i < 20; i++) {
      clock += 50;
      pacer.admitted();
    }
    pacer.rateLimited(clock, 1000);
    expect(pacer.ratePerSecond).toBe(19);
    clock += 9999;
    expect(pacer.ratePerSecond).toBe(19);
    clock += 1;
    expect(pacer.ratePerSecond).toBe(50);
  });

  it('a storm after a limit was learnt forgets it: Zoom let nothing through, so it taught no limit', () => {
    let clock = 0;
    const pacer = createPacer({ ratePerSecond: 50, concurrency: 10, now: () => clock });
    for (let i = 0; i < 10; i++) {
      clock += 20;
      pacer.admitted();
    }
    pacer.rateLimited(clock, 1000);
    expect(pacer.ratePerSecond).toBe(9.5);
    clock += 1100;
    pacer.rateLimited(clock, 1000);
    expect(pacer.ratePerSecond).toBe(4.75);
    // Calm from 2300: 4.75, 9.5, 19, 38, then the normal pace, not the 9.5 learnt before the storm.
    clock += 5000;
    expect(pacer.ratePerSecond).toBe(50);
  });

  it('calls start at the climbing pace', async () => {
    const pacer = pacerAt({ ratePerSecond: 50, concurrency: 10 });
    pacer.rateLimited(0, 0);
    pacer.rateLimited(0, 0);
    pacer.rateLimited(0, 0);
    pacer.rateLimited(0, 0);
    // 3.125 a second (320 ms apart) in the first second, 6.25 (160 ms) in the next, then 12.5 (80 ms).
    const { starts } = await startsOf(pacer, 12);
    expect(starts).toEqual([320, 640, 960, 1120, 1280, 1440, 1600, 1760, 1920, 2000, 2080, 2160]);
  });
});

/** Deletes through withRetries and the pacer, against a fake Zoom on the fake clock. */
async function deleteAll(refuses: (at: number, admitted: number[]) => boolean, count = 200) {
  const pacer = pacerAt({ ratePerSecond: DEFAULT_RATE_PER_SECOND, concurrency: 10, burst: DEFAULT_BURST });
  const admitted: number[] = [];
  const deleted: number[] = [];
  const limited: number[] = [];
  const answer = (status: number, headers = {}): HttpResponse => ({ status, headers, text: '{}' });
  const context = { retries: 3, pacer, log: () => {} };
  const calls = Promise.all(
    Array.from({ length: count }, (_, id) =>
      withRetries('delete', `delete ${id}`, context, async () => {
        // Zoom answers after 50 ms, and decides then.
        await tick(50);
        const at = Date.now();
        if (refuses(at, admitted)) {
          limited.push(at);
          return answer(429, { 'retry-after': '1' });
        }
        admitted.push(at);
        deleted.push(id);
        return answer(200);
      }),
    ),
  );
  await vi.runAllTimersAsync();
  const results = await calls;
  return { results, deleted, limited, admitted, end: Date.now() };
}

/** How many calls Zoom let through in each second of the fake clock, from the first second on. */
function perSecond(admitted: number[]): number[] {
  const counts: number[] = [];
  for (const at of admitted) {
    const second = Math.floor(at / 1000);
    counts[second] = (counts[second] ?? 0) + 1;
  }
  return Array.from(counts, (count) => count ?? 0);
}

describe('deletes through the pacer, on the fake clock', () => {
  it('200 through a 2.5 s storm of 429s, then the normal pace again: each deleted once, done in 9.5 s', async () => {
    const run = await deleteAll((at) => at < 2500);
    expect(run.results.map((r) => r.response.status)).toEqual(Array(200).fill(200));
    expect(run.deleted.sort((a, b) => a - b)).toEqual(Array.from({ length: 200 }, (_, i) => i));
    // A 429 a second, nothing let through: 25, 12.5, then 6.25 a second, paused until 3.27 s. Then
    // 6.25, 12.5 and 25 a second, a second each from 3.27 s (the clock's seconds straddle them), and
    // 50 a second from 6.27 s for the rest.
    expect(perSecond(run.admitted)).toEqual([0, 0, 0, 4, 10, 21, 42, 50, 50, 23]);
    expect(run.end).toBeLessThan(9500);
  });

  it('200 behind a steady limit of 30 a second: learnt once and held, each deleted once, no 429 after', async () => {
    const run = await deleteAll((at, admitted) => admitted.filter((t) => at - t < 1000).length >= 30);
    expect(run.results.map((r) => r.response.status)).toEqual(Array(200).fill(200));
    expect(run.deleted.sort((a, b) => a - b)).toEqual(Array.from({ length: 200 }, (_, i) => i));
    // The 429s all come as the limit is first met (30 calls in, at 50 a second), none after.
    expect(run.limited).toEqual([510, 530, 550]);
    // Then a 1 s pause, and 28.5 a second (36 ms apart, on a clock of whole ms) to the end.
    const counts = perSecond(run.admitted);
    expect(counts.slice(0, 2)).toEqual([30, 12]);
    for (const count of counts.slice(2, -1)) expect(count).toBeGreaterThanOrEqual(27);
    expect(run.end).toBeLessThan(1550 + 170 * 36 + 100);
  });

  it('600 behind a steady 30 a second: the learnt limit is tried again every 10 s or so, at a cost of 1 s each', async () => {
    const run = await deleteAll((at, admitted) => admitted.filter((t) => at - t < 1000).length >= 30, 600);
    expect(run.results.map((r) => r.response.status)).toEqual(Array(600).fill(200));
    expect(new Set(run.deleted).size).toBe(600);
    // The first lesson, then one try every 10 s (trust runs out, the pace goes to 50, two 429s, a pause).
    expect(run.limited).toEqual([510, 530, 550, 10_684, 10_724, 20_858, 20_898]);
    // 25 a second over the whole run: the tries cost a pause each, no more.
    expect(run.end).toBeLessThanOrEqual(24_000);
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

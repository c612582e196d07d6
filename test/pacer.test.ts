// The pacer shares an account's rate limit between concurrent calls; the token source re-mints once.

import { describe, expect, it } from 'vitest';
import { createPacer } from '../src/zoom/pacer.js';
import { givenToken, mintedToken } from '../src/zoom/token.js';

const tick = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('createPacer', () => {
  it('never has more calls in flight than its concurrency', async () => {
    const pacer = createPacer({ ratePerSecond: 1000, concurrency: 3 });
    let inFlight = 0;
    let most = 0;
    await Promise.all(
      Array.from({ length: 12 }, () =>
        pacer.run(async () => {
          inFlight += 1;
          most = Math.max(most, inFlight);
          await tick(5);
          inFlight -= 1;
        }),
      ),
    );
    expect(most).toBe(3);
  });

  it('spaces starts by the pace, in the order the calls came', async () => {
    const pacer = createPacer({ ratePerSecond: 50, concurrency: 10 });
    const starts: number[] = [];
    const order: number[] = [];
    await Promise.all(
      Array.from({ length: 5 }, (_, i) =>
        pacer.run(async (at) => {
          starts.push(at);
          order.push(i);
        }),
      ),
    );
    expect(order).toEqual([0, 1, 2, 3, 4]);
    // Each start keeps to the schedule from the first: never ahead of one every 20 ms.
    for (let i = 1; i < starts.length; i++) {
      expect((starts[i] ?? 0) - (starts[0] ?? 0)).toBeGreaterThanOrEqual(i * 20 - 0.01);
    }
  });

  it('starts a burst at once, then keeps to the pace; after a 429 no more bursts', async () => {
    const pacer = createPacer({ ratePerSecond: 50, concurrency: 10, burst: 4 });
    const starts: number[] = [];
    await Promise.all(Array.from({ length: 6 }, () => pacer.run(async (at) => starts.push(at))));
    const from = starts[0] ?? 0;
    // The first four start together; the fifth and sixth wait for the pace (one every 20 ms).
    expect((starts[3] ?? 0) - from).toBeLessThan(10);
    expect((starts[4] ?? 0) - from).toBeGreaterThanOrEqual(20 - 0.01);
    expect((starts[5] ?? 0) - from).toBeGreaterThanOrEqual(40 - 0.01);
    pacer.rateLimited(performance.now(), 0);
    const after: number[] = [];
    await tick(200); // time enough to refill a burst, were bursts still allowed
    await Promise.all(Array.from({ length: 3 }, () => pacer.run(async (at) => after.push(at))));
    const gap = 1000 / pacer.ratePerSecond;
    expect((after[1] ?? 0) - (after[0] ?? 0)).toBeGreaterThanOrEqual(gap - 0.01);
  });

  it('a 429 pauses every caller and drops the pace to what Zoom let through', async () => {
    let clock = 0;
    const pacer = createPacer({ ratePerSecond: 55, concurrency: 10, now: () => clock });
    for (let i = 0; i < 20; i++) {
      clock += 20;
      pacer.admitted();
    }
    pacer.rateLimited(clock, 0);
    expect(pacer.ratePerSecond).toBe(19);
    // A 429 for a call started before that adjustment teaches nothing more.
    pacer.rateLimited(clock - 10, 0);
    expect(pacer.ratePerSecond).toBe(19);
    // A 429 with nothing let through halves the pace.
    clock += 5000;
    pacer.rateLimited(clock, 0);
    expect(pacer.ratePerSecond).toBe(9.5);
  });

  it('holds calls back for the wait a 429 asked for', async () => {
    const pacer = createPacer({ ratePerSecond: 1000, concurrency: 10 });
    const first = await pacer.run(async (at) => at);
    pacer.rateLimited(first, 150);
    const second = await pacer.run(async (at) => at);
    expect(second - first).toBeGreaterThanOrEqual(145);
  });

  it('halt rejects every call not started', async () => {
    const pacer = createPacer({ ratePerSecond: 1000, concurrency: 1 });
    const stop = new Error('limit resets tomorrow');
    const running = pacer.run(() => tick(20));
    const queued = pacer.run(async () => 'ran');
    // Watch the queued call before anything else is awaited, so its rejection is handled.
    const queuedOutcome = expect(queued).rejects.toBe(stop);
    pacer.halt(stop);
    await running;
    await queuedOutcome;
    await expect(pacer.run(async () => 'ran')).rejects.toBe(stop);
  });
});

describe('token sources', () => {
  it('a given token is never renewed', async () => {
    const source = givenToken('given');
    expect(source.renewable).toBe(false);
    expect(await source.renew('given')).toBeUndefined();
  });

  it('a minted token is minted once more, shared by callers refused at the same time, then never', async () => {
    let mints = 0;
    const source = mintedToken('first', async () => {
      mints += 1;
      await tick(5);
      return `fresh-${mints}`;
    });
    const [a, b] = await Promise.all([source.renew('first'), source.renew('first')]);
    expect([a, b, mints]).toEqual(['fresh-1', 'fresh-1', 1]);
    // A caller still holding the old token gets the fresh one without a mint.
    expect(await source.renew('first')).toBe('fresh-1');
    expect(await source.renew('fresh-1')).toBeUndefined();
    expect(mints).toBe(1);
    expect(source.current()).toBe('fresh-1');
  });
});

// withRetries on its own: which answers are tried again, what each retry says, how long it waits
// (the sleeps are recorded, not slept), what the pacer is told, and the error when nothing answered.

import { beforeEach, describe, expect, it, vi } from 'vitest';
import { ZoomRequestError } from '../src/zoom/errors.js';
import type { HttpResponse } from '../src/zoom/http.js';
import type { Pacer } from '../src/zoom/pacer.js';
import { waitFromHeaders, withRetries } from '../src/zoom/retry.js';

const sleeps = vi.hoisted(() => [] as number[]);
vi.mock('node:timers/promises', async (importOriginal) => ({
  ...(await importOriginal<typeof import('node:timers/promises')>()),
  setTimeout: async (ms: number) => {
    sleeps.push(ms);
  },
}));

type Answer = HttpResponse | ZoomRequestError | Error;

/** A pacer that starts every call at once and records what it is told. */
function recordingPacer() {
  const told: string[] = [];
  let started = 100;
  const pacer: Pacer = {
    run: (call) => {
      started += 1;
      return call(started);
    },
    admitted: () => told.push('admitted'),
    rateLimited: (startedAt, waitMs) => told.push(`rateLimited ${startedAt} ${waitMs}`),
    halt: () => told.push('halt'),
    ratePerSecond: 50,
  };
  return { pacer, told };
}

function answer(status: number, headers: Record<string, string | string[]> = {}): HttpResponse {
  return { status, headers, text: '{}' };
}

async function attempt(operation: 'send' | 'edit' | 'delete', answers: Answer[], retries = 3) {
  const { pacer, told } = recordingPacer();
  const log: string[] = [];
  let calls = 0;
  const send = async (): Promise<HttpResponse> => {
    const next = answers[calls++];
    if (next === undefined) throw new Error('no more answers');
    if (next instanceof Error) throw next;
    return next;
  };
  const outcome = withRetries(operation, 'L', { retries, pacer, log: (line) => log.push(line) }, send);
  const result = await outcome.then(
    (attempted) => ({ attempted, error: undefined }),
    (error: unknown) => ({ attempted: undefined, error: error as Error }),
  );
  return { ...result, log, told, calls: () => calls };
}

beforeEach(() => {
  sleeps.length = 0;
});

describe('withRetries, on answers', () => {
  it('a 429 pauses every caller through the pacer for the wait Zoom asked, and does not sleep itself', async () => {
    const run = await attempt('send', [answer(429, { 'retry-after': '2' }), answer(201)]);
    expect(run.attempted).toMatchObject({ attempts: 2, mayHaveActed: false, response: { status: 201 } });
    expect(run.log).toEqual(['L: HTTP 429 (rate limited); retry 1 of 3 in 2.0 s as Zoom asked.']);
    expect(run.told).toEqual(['rateLimited 101 2000', 'admitted']);
    expect(sleeps).toEqual([]);
  });

  it('a send is retried after a 503 (Zoom took nothing), sleeping as asked', async () => {
    const run = await attempt('send', [answer(503, { 'retry-after': '0.5' }), answer(201)]);
    expect(run.attempted).toMatchObject({ attempts: 2, mayHaveActed: false });
    expect(run.log).toEqual(['L: HTTP 503; retry 1 of 3 in 0.5 s as Zoom asked.']);
    expect(run.told).toEqual(['admitted', 'admitted']);
    expect(sleeps).toEqual([500]);
  });

  it.each([500, 502, 504])('a send is not retried after a %i: Zoom may have posted it', async (status) => {
    const run = await attempt('send', [answer(status), answer(201)]);
    expect(run.attempted).toMatchObject({ attempts: 1, mayHaveActed: false, response: { status } });
    expect(run.calls()).toBe(1);
    expect(run.log).toEqual([]);
  });

  it.each([500, 502, 504])('an edit is retried after a %i, which may have acted', async (status) => {
    const run = await attempt('edit', [answer(status, { 'retry-after': '0' }), answer(200)]);
    expect(run.attempted).toMatchObject({ attempts: 2, mayHaveActed: true, response: { status: 200 } });
    expect(run.log).toEqual([`L: HTTP ${status}; retry 1 of 3 in 0.0 s as Zoom asked.`]);
    expect(sleeps).toEqual([0]);
  });

  it('an edit after a 429 and a 503 was surely not acted on', async () => {
    const run = await attempt('edit', [
      answer(429, { 'retry-after': '0' }),
      answer(503, { 'retry-after': '0' }),
      answer(404),
    ]);
    expect(run.attempted).toMatchObject({ attempts: 3, mayHaveActed: false, response: { status: 404 } });
    expect(run.log).toEqual([
      'L: HTTP 429 (rate limited); retry 1 of 3 in 0.0 s as Zoom asked.',
      'L: HTTP 503; retry 2 of 3 in 0.0 s as Zoom asked.',
    ]);
  });

  it('without a wait asked, backs off: 125 to 250 ms, then 250 to 500', async () => {
    const run = await attempt('delete', [answer(502), answer(502), answer(200)]);
    expect(run.attempted).toMatchObject({ attempts: 3, mayHaveActed: true });
    expect(sleeps).toHaveLength(2);
    expect(sleeps[0]).toBeGreaterThanOrEqual(125);
    expect(sleeps[0]).toBeLessThanOrEqual(250);
    expect(sleeps[1]).toBeGreaterThanOrEqual(250);
    expect(sleeps[1]).toBeLessThanOrEqual(500);
    expect(run.log[0]).toMatch(/^L: HTTP 502; retry 1 of 3 in 0\.[123] s\.$/);
  });

  it('the last attempt ends with its answer, still telling the pacer of a 429', async () => {
    const run = await attempt('edit', [answer(429, { 'retry-after': '1' })], 0);
    expect(run.attempted).toMatchObject({ attempts: 1, mayHaveActed: false, response: { status: 429 } });
    expect(run.told).toEqual(['rateLimited 101 1000']);
    expect(run.log).toEqual([]);
    expect(sleeps).toEqual([]);
  });

  it('a wait of 60 s is waited; over 60 s it is not, and the answer says when the limit resets', async () => {
    const waited = await attempt('edit', [answer(429, { 'retry-after': '60' }), answer(200)]);
    expect(waited.attempted).toMatchObject({ attempts: 2 });
    expect(waited.attempted?.resetAt).toBeUndefined();
    const before = Date.now();
    const gaveUp = await attempt('edit', [answer(429, { 'retry-after': '61' }), answer(200)]);
    const resetAt = gaveUp.attempted?.resetAt?.getTime() ?? 0;
    expect(gaveUp.attempted).toMatchObject({ attempts: 1, response: { status: 429 } });
    expect(gaveUp.calls()).toBe(1);
    expect(resetAt - before).toBeGreaterThanOrEqual(61_000);
    expect(resetAt - Date.now()).toBeLessThanOrEqual(61_000);
    expect(gaveUp.told).toEqual([]);
  });
});

describe('withRetries, when no answer came', () => {
  const refused = () => new ZoomRequestError('POST x got no answer (ECONNREFUSED)', false);
  const lost = () => new ZoomRequestError('PUT x got no answer (socket hang up)', true);

  it('a send that surely reached nobody is retried', async () => {
    const run = await attempt('send', [refused(), answer(201)]);
    expect(run.attempted).toMatchObject({ attempts: 2, mayHaveActed: false });
    expect(run.log[0]).toMatch(/^L: POST x got no answer \(ECONNREFUSED\); retry 1 of 3 in 0\.[123] s\.$/);
    expect(sleeps).toHaveLength(1);
  });

  it('a send that may have reached Zoom is not: the message may have been posted', async () => {
    const run = await attempt('send', [lost(), answer(201)]);
    expect(run.calls()).toBe(1);
    expect(run.error).toBeInstanceOf(ZoomRequestError);
    expect(run.error?.message).toBe(
      'PUT x got no answer (socket hang up). The message may have been posted: the request went out and no answer came back, so it was not sent again (a second send could post it twice).',
    );
    expect((run.error as ZoomRequestError).maybeDelivered).toBe(true);
  });

  it('an edit that may have reached Zoom is retried, and counts as may have acted', async () => {
    const run = await attempt('edit', [lost(), answer(404)]);
    expect(run.attempted).toMatchObject({ attempts: 2, mayHaveActed: true, response: { status: 404 } });
  });

  it('out of retries: how many attempts, and for a send that nothing reached Zoom', async () => {
    const send = await attempt('send', [refused(), refused(), refused()], 2);
    expect(send.error?.message).toBe(
      'POST x got no answer (ECONNREFUSED) after 3 attempts. Nothing reached Zoom: the message was not posted.',
    );
    expect((send.error as ZoomRequestError).maybeDelivered).toBe(false);
    const edit = await attempt('edit', [lost(), lost()], 1);
    expect(edit.error?.message).toBe('PUT x got no answer (socket hang up) after 2 attempts.');
    expect((edit.error as ZoomRequestError).maybeDelivered).toBe(true);
    const once = await attempt('delete', [refused()], 0);
    expect(once.error?.message).toBe('POST x got no answer (ECONNREFUSED).');
  });

  it('any other error is not retried, and passes as it is', async () => {
    const bug = new TypeError('a bug');
    const run = await attempt('edit', [bug, answer(200)]);
    expect(run.error).toBe(bug);
    expect(run.calls()).toBe(1);
  });
});

describe('waitFromHeaders, edge cases', () => {
  const NOW = Date.parse('2026-03-01T12:00:00Z');
  it.each([
    [{ 'retry-after': '12' }, 12_000],
    [{ 'retry-after': '1.25' }, 1250],
    [{ 'retry-after': ' 2 ' }, 2000],
    [{ 'retry-after': ['3', '9'] }, 3000],
    [{ 'retry-after': 'x5' }, undefined],
    [{ 'retry-after': '' }, undefined],
    [{ 'x-ratelimit-reset': '12' }, 12_000],
    [{ 'x-ratelimit-reset': '1.25' }, 1250],
    [{ 'x-ratelimit-reset': '1.x' }, undefined],
    [{ 'x-ratelimit-reset': String(1e9) }, 1e12],
    [{ 'x-ratelimit-reset': String(1e12) }, 1e15 - NOW],
    [{ 'x-ratelimit-reset': String(NOW / 1000 - 5) }, 0],
    [{ 'x-ratelimit-reset': String(NOW - 5) }, 0],
  ])('%o -> %s', (headers, expected) => {
    expect(waitFromHeaders(headers, NOW)).toBe(expected);
  });
});

// When and how long to wait before trying Zoom again; which answers leave a send's outcome unknown.

import { describe, expect, it } from 'vitest';
import { parseInputs } from '../src/action/settings.js';
import { InputError } from '../src/errors.js';
import { longestText } from '../src/message/content.js';
import {
  backoffMs,
  describeReset,
  isIdempotent,
  MAX_WAIT_MS,
  outcomeUnknown,
  waitFromHeaders,
} from '../src/zoom/retry.js';

const NOW = Date.parse('2026-03-01T12:00:00Z');

describe('waitFromHeaders', () => {
  it.each([
    [{ 'retry-after': '2' }, 2000],
    [{ 'retry-after': '0.5' }, 500],
    [{ 'retry-after': '0' }, 0],
    [{ 'retry-after': 'Sun, 01 Mar 2026 12:00:05 GMT' }, 5000],
    [{ 'retry-after': '2026-03-01T12:00:10Z' }, 10_000],
    [{ 'retry-after': '2026-03-01T11:00:00Z' }, 0],
    [{ 'x-ratelimit-reset': String(NOW / 1000 + 3) }, 3000],
    [{ 'x-ratelimit-reset': String(NOW + 4000) }, 4000],
    [{ 'x-ratelimit-reset': '7' }, 7000],
    [{ 'x-ratelimit-reset': '2026-03-02T00:00:00Z' }, 12 * 3600_000],
    [{ 'retry-after': 'soon', 'x-ratelimit-reset': '1' }, 1000],
    [{ 'retry-after': 'soon' }, undefined],
    [{}, undefined],
  ])('%o -> %s ms', (headers, expected) => {
    expect(waitFromHeaders(headers, NOW)).toBe(expected);
  });

  it('a daily limit is past what the action waits', () => {
    const wait = waitFromHeaders({ 'retry-after': '2026-03-02T00:00:00Z' }, NOW) ?? 0;
    expect(wait).toBeGreaterThan(MAX_WAIT_MS);
    expect(describeReset(new Date(NOW + wait), NOW)).toBe('2026-03-02T00:00:00Z (in 12 h 0 min)');
    expect(describeReset(new Date(NOW + 90_000), NOW)).toBe('2026-03-01T12:01:30Z (in 2 min)');
  });

  it.each([
    ['Retry-After: 99999999999999 (seconds)', { 'retry-after': '99999999999999' }],
    ['X-RateLimit-Reset: 99999999999999999 (epoch ms)', { 'x-ratelimit-reset': '99999999999999999' }],
    ['X-RateLimit-Reset: 400 nines (Infinity)', { 'x-ratelimit-reset': '9'.repeat(400) }],
  ])('%s: past the last date JavaScript holds, too long to wait, not an error', (_, headers) => {
    const wait = waitFromHeaders(headers, NOW) ?? 0;
    expect(wait).toBeGreaterThan(MAX_WAIT_MS);
    expect(describeReset(new Date(NOW + wait), NOW)).toBe('a time too far ahead to show (too long to wait)');
  });
});

describe('backoffMs', () => {
  it('doubles each retry, with jitter in the upper half of the step, up to a cap', () => {
    expect([1, 2, 3].map((n) => backoffMs(n, () => 0))).toEqual([125, 250, 500]);
    expect([1, 2, 3].map((n) => backoffMs(n, () => 1))).toEqual([250, 500, 1000]);
    expect(backoffMs(20, () => 1)).toBe(15_000);
    const spread = new Set(Array.from({ length: 20 }, () => backoffMs(3)));
    expect(spread.size).toBeGreaterThan(1);
  });
});

describe('which answers leave a send unknown', () => {
  it('only a send is not idempotent', () => {
    expect(['send', 'edit', 'delete', 'token request'].map((op) => isIdempotent(op as 'send'))).toEqual([
      false,
      true,
      true,
      true,
    ]);
  });

  it.each([
    [500, true],
    [502, true],
    [504, true],
    [503, false],
    [429, false],
    [400, false],
    [404, false],
  ])('send, HTTP %i -> unknown: %s', (status, unknown) => {
    expect(outcomeUnknown('send', status)).toBe(unknown);
    expect(outcomeUnknown('edit', status)).toBe(false);
  });
});

describe('inputs retries and timeout_seconds', () => {
  const base = {
    client_id: 'id',
    client_secret: 'secret',
    robot_jid: 'bot@xmpp.zoom.us',
    account_id: 'acct',
    to_jid: 'chan@conference.xmpp.zoom.us',
    content: 'x',
  };
  const parse = (extra: Record<string, string>) =>
    parseInputs((name) => ({ ...base, ...extra })[name as keyof typeof base]?.trim() ?? '', {});

  it('default to 3 retries and 30 s', () => {
    expect(parse({})).toMatchObject({ retries: 3, timeoutMs: 30_000 });
  });

  it('accept whole retries from 0 to 10 and fractional seconds', () => {
    expect(parse({ retries: '0', timeout_seconds: '0.5' })).toMatchObject({
      retries: 0,
      timeoutMs: 500,
    });
    expect(parse({ retries: '10', timeout_seconds: '.25' })).toMatchObject({
      retries: 10,
      timeoutMs: 250,
    });
  });

  it.each([
    [{ retries: '-1' }, "Invalid retries '-1'. Expected a whole number from 0 (one attempt) to 10."],
    [{ retries: '2.5' }, "Invalid retries '2.5'"],
    [{ retries: '11' }, "Invalid retries '11'"],
    [{ timeout_seconds: '0' }, "Invalid timeout_seconds '0'. Expected a number of seconds above 0"],
    [{ timeout_seconds: '30s' }, "Invalid timeout_seconds '30s'"],
    [{ timeout_seconds: '7200' }, "Invalid timeout_seconds '7200'"],
  ])('%o is refused', (extra, message) => {
    expect(() => parse(extra)).toThrow(InputError);
    expect(() => parse(extra)).toThrow(message);
  });
});

describe('longestText', () => {
  it('names the path and length in characters of the longest string', () => {
    expect(
      longestText({
        head: { text: 'short' },
        body: [
          { type: 'message', text: 'medium text' },
          { type: 'section', sections: [{ type: 'message', text: '😀'.repeat(20) }] },
        ],
      }),
    ).toEqual({ path: 'content.body[1].sections[0].text', length: 20 });
  });
});

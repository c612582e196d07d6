// When a failed Zoom call is tried again, and after how long. Edit, delete and the token request do no harm
// twice: they are retried on 429, 500, 502, 503, 504 and when no answer came. A send is retried only where Zoom
// surely did not act on it (429, 503, nothing sent): otherwise a second send could post the message twice.

import { setTimeout as sleep } from 'node:timers/promises';
import { type Operation, ZoomRequestError } from './errors.js';
import { firstHeader, type Headers, type HttpResponse } from './http.js';
import type { Pacer } from './pacer.js';

/** Waits longer than this are not waited out: the step fails at once, saying when to try again. */
export const MAX_WAIT_MS = 60_000;
const BASE_BACKOFF_MS = 250;
const MAX_BACKOFF_MS = 15_000;

const RETRY_STATUSES = new Set([429, 500, 502, 503, 504]);
// Zoom refused these before acting: a 429 is the rate limiter, a 503 says the service took nothing.
const SEND_RETRY_STATUSES = new Set([429, 503]);

/** How a call is retried: how many times after the first attempt, at what pace, and where each retry is logged. */
export type RetryContext = { retries: number; pacer: Pacer; log: (message: string) => void };

/** The answer a call ended with, after any retries. */
export interface Attempted {
  response: HttpResponse;
  attempts: number;
  /** Set when Zoom asked to wait past MAX_WAIT_MS: when its limit resets. */
  resetAt?: Date;
  /** Whether an earlier attempt may have been acted on (no answer after sending, 500, 502, 504). */
  mayHaveActed: boolean;
}

/** Whether Zoom may be asked again without risk of acting twice. */
export function isIdempotent(operation: Operation): boolean {
  return operation !== 'send';
}

/** Whether Zoom may have acted on a request it answered with `status`, so it must not be sent again. */
export function outcomeUnknown(operation: Operation, status: number): boolean {
  return !isIdempotent(operation) && RETRY_STATUSES.has(status) && !SEND_RETRY_STATUSES.has(status);
}

/** Runs `send` until an answer not worth retrying, the retries run out, or Zoom asks for too long a wait. */
export async function withRetries(
  operation: Operation,
  label: string,
  context: RetryContext,
  send: () => Promise<HttpResponse>,
): Promise<Attempted> {
  let mayHaveActed = false;
  for (let attempt = 1; ; attempt++) {
    const retriesLeft = attempt <= context.retries;
    let response: HttpResponse;
    let startedAt = 0;
    try {
      response = await context.pacer.run((at) => {
        startedAt = at;
        return send();
      });
    } catch (error) {
      if (!(error instanceof ZoomRequestError)) throw error;
      if (!isIdempotent(operation) && error.maybeDelivered) throw unknownOutcome(error);
      if (!retriesLeft) throw afterAttempts(operation, error, attempt);
      mayHaveActed ||= error.maybeDelivered;
      const wait = backoffMs(attempt);
      context.log(`${label}: ${error.message}; retry ${attempt} of ${context.retries} in ${seconds(wait)}.`);
      await sleep(wait);
      continue;
    }
    const { status } = response;
    if (status !== 429) context.pacer.admitted();
    const retryable = isIdempotent(operation) ? RETRY_STATUSES.has(status) : SEND_RETRY_STATUSES.has(status);
    const ended = { response, attempts: attempt, mayHaveActed };
    if (!retryable) return ended;
    const asked = waitFromHeaders(response.headers);
    if (asked !== undefined && asked > MAX_WAIT_MS) return { ...ended, resetAt: new Date(Date.now() + asked) };
    const wait = asked ?? backoffMs(attempt);
    if (status === 429) context.pacer.rateLimited(startedAt, wait);
    if (!retriesLeft) return ended;
    mayHaveActed ||= status !== 429 && status !== 503;
    const why = status === 429 ? 'HTTP 429 (rate limited)' : `HTTP ${status}`;
    const source = asked !== undefined ? ' as Zoom asked' : '';
    context.log(`${label}: ${why}; retry ${attempt} of ${context.retries} in ${seconds(wait)}${source}.`);
    // A 429 pauses every call through the pacer; other waits are this call's alone.
    if (status !== 429) await sleep(wait);
  }
}

/** How long Zoom asks to wait, in ms, from Retry-After (seconds or a date) or a reset header. */
export function waitFromHeaders(headers: Headers, now: number = Date.now()): number | undefined {
  const retryAfter = header(headers, 'retry-after');
  if (retryAfter !== undefined) {
    const wait = /^\d+(\.\d+)?$/.test(retryAfter) ? Number(retryAfter) * 1000 : untilDate(retryAfter, now);
    if (wait !== undefined) return wait;
  }
  const reset = header(headers, 'x-ratelimit-reset');
  if (reset === undefined) return undefined;
  if (/^\d+(\.\d+)?$/.test(reset)) {
    const value = Number(reset);
    // Epoch seconds (or ms) as most APIs send it; a small number is seconds from now.
    if (value > 1e12) return Math.max(0, value - now);
    if (value > 1e9) return Math.max(0, value * 1000 - now);
    return value * 1000;
  }
  return untilDate(reset, now);
}

/** Exponential backoff with jitter for retry `retry` (1-based): half the step, plus up to half. */
export function backoffMs(retry: number, random: () => number = Math.random): number {
  const step = Math.min(MAX_BACKOFF_MS, BASE_BACKOFF_MS * 2 ** (retry - 1));
  return Math.round(step / 2 + (random() * step) / 2);
}

/** "2026-01-02T00:00:00Z (in 3 h 20 min)"; past the last date JavaScript holds, a phrase instead. */
export function describeReset(resetAt: Date, now: number = Date.now()): string {
  // A Retry-After of 99999999999999 seconds is past year 275760: toISOString() would throw.
  if (Number.isNaN(resetAt.getTime())) return 'a time too far ahead to show (too long to wait)';
  const minutes = Math.ceil((resetAt.getTime() - now) / 60_000);
  const hours = Math.floor(minutes / 60);
  const span = hours > 0 ? `${hours} h ${minutes % 60} min` : `${minutes} min`;
  return `${resetAt.toISOString().replace(/\.\d{3}Z$/, 'Z')} (in ${span})`;
}

function unknownOutcome(error: ZoomRequestError): ZoomRequestError {
  return new ZoomRequestError(
    `${error.message}. The message may have been posted: the request went out and no answer came back, so it was not sent again (a second send could post it twice).`,
    true,
  );
}

function afterAttempts(operation: Operation, error: ZoomRequestError, attempts: number): ZoomRequestError {
  const tries = attempts > 1 ? ` after ${attempts} attempts` : '';
  const posted =
    operation === 'send' && !error.maybeDelivered ? '. Nothing reached Zoom: the message was not posted' : '';
  return new ZoomRequestError(`${error.message}${tries}${posted}.`, error.maybeDelivered);
}

function untilDate(text: string, now: number): number | undefined {
  const time = Date.parse(text);
  return Number.isNaN(time) ? undefined : Math.max(0, time - now);
}

const header = (headers: Headers, name: string): string | undefined => firstHeader(headers, name)?.trim() || undefined;
const seconds = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;

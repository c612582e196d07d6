// Faults injected into the Zoom simulator, and what the bundled action does about each. Every test
// counts the requests Zoom saw and the messages that exist at the end: never a duplicate.

import { connect, createServer, type Server } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ActionRun } from '../tools/run-action.ts';
import {
  type Fault,
  type RecordedRequest,
  startZoomSimulator,
  type ZoomSimulator,
  zoomInputs,
} from '../tools/zoom-simulator.ts';
import { runInProcess as runAction } from './support/in-process.ts';

let zoom: ZoomSimulator;

beforeAll(async () => {
  zoom = await startZoomSimulator();
});
afterAll(async () => {
  await zoom.close();
});
beforeEach(() => {
  zoom.reset();
});

function credentials(): Record<string, string> {
  return {
    ...zoomInputs(zoom),
  };
}

function run(inputs: Record<string, string> = {}, env: Record<string, string> = {}) {
  return runAction({ inputs: { ...credentials(), content: 'Hello', ...inputs }, env });
}

/** A message that exists in the simulator, made without a request. */
function storedMessage(text = 'existing'): string {
  return zoom.store(`sim_${Math.random().toString(36).slice(2)}`, text);
}

/** What Zoom saw, one `METHOD path -> status` per request. */
function seen(): string[] {
  return zoom.requests.map((r) => {
    const path = r.path.startsWith('/v2/im/chat/messages/') ? '/v2/im/chat/messages/{id}' : r.path;
    return `${r.method} ${path} -> ${r.status}`;
  });
}

/** A hook that applies `faults` in turn to message requests, then lets the rest through. */
function faultsOnMessages(...faults: (Fault | ((req: RecordedRequest) => Fault | undefined))[]) {
  let index = 0;
  zoom.onRequest((req) => {
    if (!req.path.startsWith('/v2/')) return undefined;
    const next = faults[index++];
    return typeof next === 'function' ? next(req) : next;
  });
}

function expectFailed(result: ActionRun, text: string): string {
  expect(result.exitCode).toBe(1);
  const errors = result.commands('error');
  expect(errors).toHaveLength(1);
  expect(errors[0]).toContain(text);
  expect(result.outputs.result).toBe('failed');
  return errors[0] as string;
}

const RATE_LIMITED = { code: 429, message: 'You have reached the maximum per-second rate limit.' };
const html =
  '<html><head><title>502 Bad Gateway</title></head><body><h1>Bad Gateway</h1><p>upstream closed</p></body></html>';

describe('429 rate limited', () => {
  it('a send waits as Retry-After (seconds) says, then posts once', async () => {
    faultsOnMessages({
      kind: 'respond',
      status: 429,
      body: RATE_LIMITED,
      headers: { 'Retry-After': '1' },
    });
    const started = performance.now();
    const result = await run();
    expect(result.exitCode).toBe(0);
    expect(performance.now() - started).toBeGreaterThan(950);
    expect(seen()).toEqual([
      'POST /oauth/token -> 200',
      'POST /v2/im/chat/messages -> 429',
      'POST /v2/im/chat/messages -> 201',
    ]);
    expect(zoom.messages.size).toBe(1);
    expect(result.stdout).toContain('HTTP 429 (rate limited); retry 1 of 3 in 1.0 s as Zoom asked');
  });

  it('an edit waits until the date in Retry-After', async () => {
    const id = storedMessage();
    const at = new Date(Date.now() + 700).toISOString();
    faultsOnMessages({
      kind: 'respond',
      status: 429,
      body: RATE_LIMITED,
      headers: { 'Retry-After': at },
    });
    const result = await run({ mode: 'edit', message_id: id, content: 'edited' });
    expect(result.exitCode).toBe(0);
    expect(seen()).toEqual([
      'POST /oauth/token -> 200',
      'PUT /v2/im/chat/messages/{id} -> 429',
      'PUT /v2/im/chat/messages/{id} -> 200',
    ]);
    expect(zoom.messages.get(id)?.edits).toBe(1);
    expect(result.stdout).toMatch(/retry 1 of 3 in 0\.\d s as Zoom asked/);
  });

  it('waits as the rate-limit reset header says when there is no Retry-After', async () => {
    const id = storedMessage();
    const reset = String(Math.ceil(Date.now() / 1000) + 1);
    faultsOnMessages({
      kind: 'respond',
      status: 429,
      body: RATE_LIMITED,
      headers: { 'X-RateLimit-Reset': reset },
    });
    const result = await run({ mode: 'delete', message_id: id });
    expect(result.exitCode).toBe(0);
    expect(seen()).toEqual([
      'POST /oauth/token -> 200',
      'DELETE /v2/im/chat/messages/{id} -> 429',
      'DELETE /v2/im/chat/messages/{id} -> 200',
    ]);
    expect(zoom.messages.size).toBe(0);
    expect(result.stdout).toContain('as Zoom asked');
  });

  it('a wait over 60 s is not waited out: fails at once, saying when the limit resets', async () => {
    const resets = new Date(Date.now() + 3 * 3600_000 + 30_000);
    faultsOnMessages({
      kind: 'respond',
      status: 429,
      body: { code: 429, message: 'You have reached the maximum daily rate limit for this API.' },
      headers: { 'Retry-After': resets.toISOString() },
    });
    const result = await run();
    const error = expectFailed(result, 'Zoom send failed: HTTP 429, code 429');
    expect(result.stdout).not.toContain('retry 1');
    expect(error).toContain(`resets at ${resets.toISOString().replace(/\.\d{3}Z$/, 'Z')} (in 3 h 1 min)`);
    expect(error).toMatch(/Zoom tracking id \S+/);
    expect(seen()).toEqual(['POST /oauth/token -> 200', 'POST /v2/im/chat/messages -> 429']);
    expect(zoom.messages.size).toBe(0);
  });

  it('an absurd Retry-After (99999999999999 s) is too long to wait: a readable error, one request', async () => {
    faultsOnMessages({
      kind: 'respond',
      status: 429,
      body: RATE_LIMITED,
      headers: { 'Retry-After': '99999999999999' },
    });
    const result = await run();
    const error = expectFailed(result, 'Zoom send failed: HTTP 429, code 429');
    expect(error).toContain(
      "Zoom's rate limit resets at a time too far ahead to show (too long to wait), more than the 60 s the action waits",
    );
    expect(error).not.toContain('Invalid time value');
    expect(seen()).toEqual(['POST /oauth/token -> 200', 'POST /v2/im/chat/messages -> 429']);
    expect(zoom.messages.size).toBe(0);
  });

  it('with fail_on_error false, a reset header that far out is a warning and the step goes on', async () => {
    const ids = [storedMessage(), storedMessage()];
    zoom.onRequest((req) =>
      req.method === 'DELETE'
        ? { kind: 'respond', status: 429, body: RATE_LIMITED, headers: { 'X-RateLimit-Reset': '99999999999999999' } }
        : undefined,
    );
    const result = await run({ mode: 'delete', message_id: ids.join(' '), fail_on_error: 'false' });
    expect(result.exitCode).toBe(0);
    expect(result.commands('error')).toEqual([]);
    const warnings = result.commands('warning');
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain('a time too far ahead to show (too long to wait)');
    expect(warnings[0]).toContain('(fail_on_error is false: the step goes on)');
    expect(result.stdout).not.toContain('Invalid time value');
    expect(result.outputs.result).toBe('failed');
    expect(zoom.messages.size).toBe(2);
  });

  it('without any header: exponential backoff, and gives up after the retries', async () => {
    const rateLimited: Fault = { kind: 'respond', status: 429, body: RATE_LIMITED };
    faultsOnMessages(rateLimited, rateLimited, rateLimited);
    const result = await run({ retries: '2' });
    const error = expectFailed(result, 'Zoom send failed: HTTP 429, code 429 (3 attempts)');
    expect(error).toContain("raise 'retries'");
    // Backoff with jitter: retry 1 waits 125 to 250 ms (0.1 to 0.3 s as printed), retry 2 250 to 500.
    expect(result.stdout).toMatch(/retry 1 of 2 in 0\.[123] s\./);
    expect(result.stdout).toMatch(/retry 2 of 2 in 0\.[345] s\./);
    expect(zoom.requests.filter((r) => r.path.startsWith('/v2/'))).toHaveLength(3);
    expect(zoom.messages.size).toBe(0);
  });
});

describe('503 bursts', () => {
  const unavailable: Fault = {
    kind: 'respond',
    status: 503,
    body: { code: 503, message: 'Service Unavailable' },
  };

  it('a send is retried through a burst of three, and posted once', async () => {
    faultsOnMessages(unavailable, unavailable, unavailable);
    const result = await run();
    expect(result.exitCode).toBe(0);
    expect(zoom.requests.filter((r) => r.path.startsWith('/v2/')).map((r) => r.status)).toEqual([503, 503, 503, 201]);
    expect(zoom.messages.size).toBe(1);
  });

  it('retries: 0 means one attempt', async () => {
    faultsOnMessages(unavailable);
    const result = await run({ retries: '0' });
    expectFailed(result, 'Zoom send failed: HTTP 503, code 503: Service Unavailable.');
    expect(seen()).toEqual(['POST /oauth/token -> 200', 'POST /v2/im/chat/messages -> 503']);
  });

  it('a burst longer than the retries fails the edit after 4 attempts, with outputs written', async () => {
    const id = storedMessage();
    const quick: Fault = { ...unavailable, headers: { 'Retry-After': '0' } };
    faultsOnMessages(quick, quick, quick, quick, quick);
    const result = await run({
      mode: 'edit',
      message_id: id,
      content: 'x',
      fail_on_error: 'false',
    });
    expect(result.exitCode).toBe(0);
    expect(result.commands('warning')[0]).toContain('Zoom edit failed: HTTP 503, code 503 (4 attempts)');
    expect(result.outputs.result).toBe('failed');
    expect(zoom.requests.filter((r) => r.method === 'PUT')).toHaveLength(4);
    expect(zoom.messages.get(id)?.edits).toBe(0);
  });
});

describe('a hanging server and a short timeout', () => {
  it('an edit times out and is retried', async () => {
    const id = storedMessage();
    faultsOnMessages({ kind: 'hang' });
    const result = await run({
      mode: 'edit',
      message_id: id,
      content: 'x',
      timeout_seconds: '0.3',
    });
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toContain(
      'got no answer (timed out: no answer within 0.3 s, the timeout_seconds input); retry 1 of 3',
    );
    expect(zoom.requests.filter((r) => r.method === 'PUT')).toHaveLength(2);
    expect(zoom.messages.get(id)?.edits).toBe(1);
  });

  it('a send that times out is not sent again: it may have been posted', async () => {
    faultsOnMessages({ kind: 'hang' });
    const result = await run({ timeout_seconds: '0.3' });
    const error = expectFailed(result, 'got no answer (timed out: no answer within 0.3 s, the timeout_seconds input)');
    expect(result.stdout).not.toContain('retry 1');
    expect(error).toContain('The message may have been posted');
    expect(seen()).toEqual(['POST /oauth/token -> 200', 'POST /v2/im/chat/messages -> 0']);
  });

  it('fail_on_error false turns the unknown outcome into a warning', async () => {
    faultsOnMessages({ kind: 'hang' });
    const result = await run({ timeout_seconds: '0.3', fail_on_error: 'false' });
    expect(result.exitCode).toBe(0);
    expect(result.commands('warning')[0]).toContain('The message may have been posted');
    expect(result.outputs.result).toBe('failed');
    expect(zoom.requests.filter((r) => r.method === 'POST' && r.path.startsWith('/v2/'))).toHaveLength(1);
  });
});

describe('a token revoked mid-run', () => {
  it('mints once more and posts once', async () => {
    faultsOnMessages(() => {
      zoom.revokeTokens();
      return undefined;
    });
    const result = await run();
    expect(result.exitCode).toBe(0);
    expect(seen()).toEqual([
      'POST /oauth/token -> 200',
      'POST /v2/im/chat/messages -> 401',
      'POST /oauth/token -> 200',
      'POST /v2/im/chat/messages -> 201',
    ]);
    expect(zoom.messages.size).toBe(1);
    expect(result.stdout).toContain('HTTP 401, the token was refused; trying once more with a new token');
  });

  it('refused again after the re-mint: fails, no third token', async () => {
    zoom.onRequest((req) => {
      if (req.path.startsWith('/v2/')) zoom.revokeTokens();
      return undefined;
    });
    const result = await run();
    const error = expectFailed(result, 'Zoom send failed: HTTP 401, code 7010');
    expect(error).toContain('A token minted again in this run was refused too');
    expect(seen()).toEqual([
      'POST /oauth/token -> 200',
      'POST /v2/im/chat/messages -> 401',
      'POST /oauth/token -> 200',
      'POST /v2/im/chat/messages -> 401',
    ]);
    expect(zoom.messages.size).toBe(0);
  });

  it('deletes running at once share one re-mint', async () => {
    const ids = Array.from({ length: 6 }, () => storedMessage());
    let revoked = false;
    zoom.onRequest((req) => {
      if (!revoked && req.method === 'DELETE') {
        revoked = true;
        zoom.revokeTokens();
      }
      return undefined;
    });
    const result = await run({ mode: 'delete', message_id: ids.join(',') });
    expect(result.exitCode).toBe(0);
    expect(zoom.requests.filter((r) => r.path === '/oauth/token')).toHaveLength(2);
    expect(zoom.messages.size).toBe(0);
    expect(result.outputs.deleted_ids?.split('\n')).toEqual(ids);
  });

  it('a given token refused: fails at once with a hint, no token request', async () => {
    const { client_id: _, client_secret: __, ...rest } = credentials();
    const result = await runAction({
      inputs: { ...rest, token: 'expired-token', api_url: zoom.apiUrl, content: 'x' },
    });
    const error = expectFailed(result, 'Zoom send failed: HTTP 401, code 7010');
    expect(error).toContain("a 'token' input must be a chatbot token");
    expect(seen()).toEqual(['POST /v2/im/chat/messages -> 401']);
  });
});

describe('a connection dropped', () => {
  it('before Zoom acted: an edit is retried', async () => {
    const id = storedMessage();
    faultsOnMessages({ kind: 'drop' });
    const result = await run({ mode: 'edit', message_id: id, content: 'x' });
    expect(result.exitCode).toBe(0);
    expect(zoom.requests.filter((r) => r.method === 'PUT')).toHaveLength(2);
    expect(zoom.messages.get(id)?.edits).toBe(1);
  });

  it('after the request was sent: a send is not repeated, though Zoom did not act', async () => {
    // The action cannot tell this drop from one after Zoom stored the message: it must not resend.
    faultsOnMessages({ kind: 'drop' });
    const result = await run();
    const error = expectFailed(result, 'got no answer');
    expect(error).toContain('The message may have been posted');
    expect(zoom.requests.filter((r) => r.path.startsWith('/v2/'))).toHaveLength(1);
    expect(zoom.messages.size).toBe(0);
  });

  it('after Zoom stored a send: no duplicate', async () => {
    faultsOnMessages({ kind: 'act-then-drop' });
    const result = await run();
    expect(expectFailed(result, 'got no answer')).toContain('The message may have been posted');
    expect(zoom.requests.filter((r) => r.path.startsWith('/v2/'))).toHaveLength(1);
    expect(zoom.messages.size).toBe(1);
  });

  it('after Zoom applied an edit: retried, same result', async () => {
    const id = storedMessage();
    faultsOnMessages({ kind: 'act-then-drop' });
    const result = await run({ mode: 'edit', message_id: id, content: 'new' });
    expect(result.exitCode).toBe(0);
    expect(zoom.requests.filter((r) => r.method === 'PUT')).toHaveLength(2);
    expect(zoom.messages.size).toBe(1);
    expect(zoom.messages.get(id)?.content).toEqual({ body: [{ type: 'message', text: 'new' }] });
  });

  it('after Zoom deleted: the retry finds it gone and counts it deleted', async () => {
    const id = storedMessage();
    faultsOnMessages({ kind: 'act-then-drop' });
    const result = await run({ mode: 'delete', message_id: id });
    expect(result.exitCode).toBe(0);
    expect(result.outputs.deleted_ids).toBe(id);
    expect(result.commands('warning')).toEqual([]);
    expect(zoom.requests.filter((r) => r.method === 'DELETE').map((r) => r.status)).toEqual([0, 404]);
  });

  it('before anything was sent (connection refused): a send is retried and posted once', async () => {
    // A relay to the simulator on a port that refuses connections until the first retry is logged.
    const port = await freePort();
    let relay: Server | undefined;
    const { client_id: _, client_secret: __, ...rest } = credentials();
    const result = await runAction({
      inputs: {
        ...rest,
        token: zoom.mintToken(),
        api_url: `http://127.0.0.1:${port}/v2`,
        content: 'once',
      },
      onLine: (line) => {
        if (!relay && line.includes('retry 1 of 3')) relay = startRelay(port, new URL(zoom.url));
      },
    });
    await new Promise<void>((resolve) => (relay ? relay.close(() => resolve()) : resolve()));
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toContain('ECONNREFUSED');
    expect(seen()).toEqual(['POST /v2/im/chat/messages -> 201']);
    expect(zoom.messages.size).toBe(1);
  });

  it('connection refused throughout: says nothing was posted', async () => {
    const port = await freePort();
    const { client_id: _, client_secret: __, ...rest } = credentials();
    const result = await runAction({
      inputs: {
        ...rest,
        token: 'a-token',
        api_url: `http://127.0.0.1:${port}/v2`,
        content: 'x',
        retries: '1',
      },
    });
    const error = expectFailed(result, 'ECONNREFUSED');
    expect(error).toContain('after 2 attempts. Nothing reached Zoom: the message was not posted.');
  });
});

describe('errors after Zoom acted, and unreadable answers', () => {
  it('a 500 after Zoom stored a send: no retry, may have been posted, tracking id', async () => {
    faultsOnMessages({
      kind: 'act-then-respond',
      status: 500,
      body: { code: 500, message: 'Internal Error' },
    });
    const result = await run();
    const error = expectFailed(result, 'Zoom send failed: HTTP 500, code 500: Internal Error.');
    expect(error).toContain('The message may have been posted');
    expect(error).toMatch(/Zoom tracking id v=2\.0;clid=sim;rid=SIM_\w+/);
    expect(zoom.requests.filter((r) => r.path.startsWith('/v2/'))).toHaveLength(1);
    expect(zoom.messages.size).toBe(1);
  });

  it('a 500 on an edit is retried', async () => {
    const id = storedMessage();
    faultsOnMessages({
      kind: 'act-then-respond',
      status: 500,
      body: { code: 500, message: 'Internal Error' },
    });
    const result = await run({ mode: 'edit', message_id: id, content: 'y' });
    expect(result.exitCode).toBe(0);
    expect(zoom.requests.filter((r) => r.method === 'PUT').map((r) => r.status)).toEqual([500, 200]);
  });

  it('malformed JSON in a 201: readable error, no second send', async () => {
    faultsOnMessages({
      kind: 'act-then-respond',
      status: 201,
      body: '{"message_id": "2026010',
      headers: { 'content-type': 'application/json' },
    });
    const result = await run();
    const error = expectFailed(result, 'Zoom send answer unreadable: HTTP 201');
    expect(error).toContain('the answer is not a JSON object (application/json, body: {"message_id": "2026010)');
    expect(error).toContain('The message was probably posted, but its id is unknown');
    expect(zoom.requests.filter((r) => r.path.startsWith('/v2/'))).toHaveLength(1);
    expect(zoom.messages.size).toBe(1);
  });

  it('malformed JSON in an error: the status and the body start', async () => {
    const id = storedMessage();
    faultsOnMessages({ kind: 'respond', status: 400, body: '{"code": 7001, "mess' });
    const result = await run({ mode: 'edit', message_id: id, content: 'x' });
    expectFailed(result, 'Zoom edit failed: HTTP 400: text/plain, body: {"code": 7001, "mess.');
    expect(zoom.requests.filter((r) => r.method === 'PUT')).toHaveLength(1);
  });

  it('an HTML error page on a send: readable, not retried (a 502 may come after Zoom acted)', async () => {
    faultsOnMessages({
      kind: 'respond',
      status: 502,
      body: html,
      headers: { 'content-type': 'text/html' },
    });
    const result = await run();
    const error = expectFailed(
      result,
      'Zoom send failed: HTTP 502: text/html, body: 502 Bad Gateway Bad Gateway upstream closed.',
    );
    expect(error).not.toContain('<');
    expect(error).toContain('The message may have been posted');
    expect(zoom.requests.filter((r) => r.path.startsWith('/v2/'))).toHaveLength(1);
  });

  it('an HTML error page on a delete: retried', async () => {
    const id = storedMessage();
    faultsOnMessages({
      kind: 'respond',
      status: 502,
      body: html,
      headers: { 'content-type': 'text/html' },
    });
    const result = await run({ mode: 'delete', message_id: id });
    expect(result.exitCode).toBe(0);
    expect(zoom.requests.filter((r) => r.method === 'DELETE').map((r) => r.status)).toEqual([502, 200]);
    expect(zoom.messages.size).toBe(0);
  });

  it('an HTML page with 200 from a proxy is not taken for success', async () => {
    const id = storedMessage();
    faultsOnMessages({
      kind: 'respond',
      status: 200,
      body: '<html><body>Sign in to the proxy</body></html>',
      headers: { 'content-type': 'text/html' },
    });
    const result = await run({ mode: 'edit', message_id: id, content: 'x' });
    const error = expectFailed(result, 'Zoom edit answer unreadable: HTTP 200');
    expect(error).toContain('body: Sign in to the proxy');
    expect(error).toContain('Whether the edit happened is unknown');
  });
});

describe('404 on a message that does not exist', () => {
  it('an edit fails at once with the 8001 hint', async () => {
    const result = await run({ mode: 'edit', message_id: 'gone', content: 'x' });
    expectFailed(result, 'Zoom edit failed: HTTP 404, code 8001');
    expect(seen()).toEqual(['POST /oauth/token -> 200', 'PUT /v2/im/chat/messages/{id} -> 404']);
  });

  it('a delete warns and goes on with the other ids', async () => {
    const kept = storedMessage();
    const result = await run({ mode: 'delete', message_id: `gone ${kept}` });
    expect(result.exitCode).toBe(0);
    expect(result.outputs.deleted_ids).toBe(kept);
    expect(result.commands('warning')).toEqual([
      'Zoom message gone was already gone (404, code 8001): nothing to delete.',
    ]);
    expect(zoom.requests.filter((r) => r.method === 'DELETE')).toHaveLength(2);
    expect(zoom.messages.size).toBe(0);
  });
});

describe('bulk delete', () => {
  it('one failure does not stop the others; every id is reported', async () => {
    const ids = Array.from({ length: 5 }, () => storedMessage());
    zoom.onRequest((req) =>
      req.path.endsWith(ids[1] as string)
        ? { kind: 'respond', status: 403, body: { code: 7004, message: 'Not authorized' } }
        : undefined,
    );
    const result = await run({ mode: 'delete', message_id: [...ids, 'gone'].join('\n') });
    const error = expectFailed(result, `Could not delete ${ids[1]}: Zoom delete failed: HTTP 403, code 7004`);
    expect(error).toBeTruthy();
    expect(result.outputs.deleted_ids?.split('\n')).toEqual(ids.filter((_, i) => i !== 1));
    expect(result.stdout).toContain('Deleted 4 of 6 Zoom message(s); 1 already gone, 1 failed.');
    for (const id of ids) expect(result.stdout).toMatch(new RegExp(`^- ${id}: (deleted|failed: )`, 'm'));
    expect(result.stdout).toMatch(/^- gone: already gone/m);
    expect(zoom.messages.size).toBe(1);
    expect(zoom.requests.filter((r) => r.method === 'DELETE')).toHaveLength(6);
  });

  it('a daily limit stops the ids not yet tried, each reported', async () => {
    const ids = Array.from({ length: 4 }, () => storedMessage());
    const resets = new Date(Date.now() + 2 * 3600_000).toISOString();
    zoom.onRequest((req) =>
      req.method === 'DELETE'
        ? { kind: 'respond', status: 429, body: RATE_LIMITED, headers: { 'Retry-After': resets } }
        : undefined,
    );
    const result = await run({ mode: 'delete', message_id: ids.join(' ') });
    expectFailed(result, "Zoom's rate limit resets at");
    const rows = result.stdout.split('\n').filter((line) => ids.some((id) => line.startsWith(`- ${id}: `)));
    expect(rows).toHaveLength(4);
    for (const row of rows) expect(row).toMatch(/: failed: Zoom delete (failed: HTTP 429|not attempted)/);
    // At most the calls already in flight reached Zoom.
    expect(zoom.requests.filter((r) => r.method === 'DELETE').length).toBeLessThanOrEqual(4);
    expect(zoom.messages.size).toBe(4);
  });
});

describe('text too long', () => {
  it('names the longest text, its path and length, and points to truncate', async () => {
    zoom.onRequest((req) =>
      req.path.startsWith('/v2/') && req.rawBody.length > 4000
        ? {
            kind: 'respond',
            status: 400,
            body: { code: 7001, message: 'Invalid request body: text too long' },
          }
        : undefined,
    );
    const long = 'x'.repeat(5000);
    const result = await run({
      content: JSON.stringify({
        head: { text: 'Build log' },
        body: [
          { type: 'message', text: 'short' },
          { type: 'message', text: long },
        ],
      }),
    });
    const error = expectFailed(result, 'Zoom send failed: HTTP 400, code 7001: Invalid request body: text too long.');
    expect(error).toContain('The longest text is content.body[1].text (5000 characters)');
    expect(error).toContain('truncate');
    expect(zoom.requests.filter((r) => r.path.startsWith('/v2/'))).toHaveLength(1);
  });
});

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

function startRelay(port: number, target: URL): Server {
  const server = createServer((client) => {
    const upstream = connect(Number(target.port), target.hostname);
    client.pipe(upstream).pipe(client);
    client.on('error', () => upstream.destroy());
    upstream.on('error', () => client.destroy());
  });
  server.listen(port, '127.0.0.1');
  return server;
}

// The requests the action makes to Zoom and how it reads the answers: headers, the API base from
// the token answer, the 2xx range, a rate limit reset too far off, markdown on items, the length
// hint, and a delete that got no answer among others that did.

import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ActionRun } from '../tools/run-action.ts';
import { type Fault, startZoomSimulator, type ZoomSimulator, zoomInputs } from '../tools/zoom-simulator.ts';
import { runInProcess } from './support/in-process.ts';

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

function run(inputs: Record<string, string> = {}): Promise<ActionRun> {
  return runInProcess({ inputs: { ...zoomInputs(zoom), content: 'Hello', ...inputs } });
}

/** Runs with a given token straight at the simulator's API (no token request). */
function runWithToken(inputs: Record<string, string> = {}): Promise<ActionRun> {
  const { client_id: _, client_secret: __, ...rest } = zoomInputs(zoom);
  return runInProcess({
    inputs: { ...rest, token: zoom.mintToken(), api_url: zoom.apiUrl, content: 'Hello', ...inputs },
  });
}

function storedMessages(count: number): string[] {
  return Array.from({ length: count }, (_, i) => zoom.store(`stored-${String(i).padStart(3, '0')}`));
}

function onMessages(fault: (path: string) => Fault | undefined): void {
  zoom.onRequest((req) => (req.path.startsWith('/v2/') ? fault(req.path) : undefined));
}

describe('requests', () => {
  it('the token request and the send carry what Zoom expects', async () => {
    const result = await run();
    expect(result.exitCode).toBe(0);
    const [token, send] = zoom.requests;
    expect(token?.headers).toMatchObject({
      authorization: `Basic ${Buffer.from(`${zoom.options.clientId}:${zoom.options.clientSecret}`).toString('base64')}`,
      'content-type': 'application/x-www-form-urlencoded',
      accept: 'application/json',
    });
    expect(token?.rawBody).toBe('grant_type=client_credentials');
    expect(send?.headers).toMatchObject({
      authorization: expect.stringMatching(/^Bearer \S{20,}$/),
      'content-type': 'application/json',
      accept: 'application/json',
    });
  });

  it.each([
    ['the host alone', (url: string) => url, '/v2/im/chat/messages'],
    ['with trailing slashes', (url: string) => `${url}///`, '/v2/im/chat/messages'],
    ['ending in /v2', (url: string) => `${url}/v2`, '/v2/im/chat/messages'],
    ['ending in /v2/', (url: string) => `${url}/v2/`, '/v2/im/chat/messages'],
  ])('the API base from the token answer: %s', async (_, apiUrl, path) => {
    zoom.onRequest((req) =>
      req.path === '/oauth/token'
        ? { kind: 'respond', status: 200, body: { access_token: zoom.mintToken(), api_url: apiUrl(zoom.url) } }
        : undefined,
    );
    const result = await run();
    expect(result.exitCode, result.stdout).toBe(0);
    expect(zoom.requests.map((r) => r.path)).toEqual(['/oauth/token', path]);
  });

  it('an api_url input with a trailing slash', async () => {
    const result = await runWithToken({ api_url: `${zoom.apiUrl}/` });
    expect(result.exitCode).toBe(0);
    expect(zoom.requests.map((r) => r.path)).toEqual(['/v2/im/chat/messages']);
  });

  it('labels each retry with the call it retries', async () => {
    const [id] = storedMessages(1);
    let failed = false;
    const unavailable: Fault = {
      kind: 'respond',
      status: 503,
      body: { code: 503, message: 'x' },
      headers: { 'retry-after': '0' },
    };
    zoom.onRequest(() => {
      if (failed) return undefined;
      failed = true;
      return unavailable;
    });
    const minted = await run({ mode: 'edit', message_id: id as string, content: 'new' });
    expect(minted.stdout).toContain('Zoom token request: HTTP 503; retry 1 of 3 in 0.0 s as Zoom asked.');
    failed = false;
    const edit = await runWithToken({ mode: 'edit', message_id: id as string, content: 'new' });
    expect(edit.stdout).toContain(`Zoom edit of ${id}: HTTP 503; retry 1 of 3 in 0.0 s as Zoom asked.`);
    failed = false;
    const remove = await runWithToken({ mode: 'delete', message_id: id as string });
    expect(remove.stdout).toContain(`Zoom delete of ${id}: HTTP 503; retry 1 of 3 in 0.0 s as Zoom asked.`);
    failed = false;
    const send = await runWithToken();
    expect(send.stdout).toContain('Zoom send: HTTP 503; retry 1 of 3 in 0.0 s as Zoom asked.');
  });
});

describe('answers', () => {
  it('any 2xx with a JSON object is a success, 299 too', async () => {
    onMessages(() => ({ kind: 'respond', status: 299, body: { message_id: 'm-299' } }));
    const result = await runWithToken();
    expect(result.exitCode).toBe(0);
    expect(result.outputs).toMatchObject({ result: 'sent', message_id: 'm-299' });
  });

  it('a 3xx is an error, not followed', async () => {
    onMessages(() => ({ kind: 'respond', status: 302, body: '', headers: { location: 'https://elsewhere.test/' } }));
    const result = await runWithToken({ retries: '0' });
    expect(result.commands('error')[0]).toMatch(/^Zoom send failed: HTTP 302: /);
    expect(zoom.requests).toHaveLength(1);
  });

  it('a rate limit that resets past 60 s stops every delete not yet started', async () => {
    const ids = storedMessages(60);
    onMessages(() => ({
      kind: 'respond',
      status: 429,
      body: { code: 429, message: 'Daily limit.' },
      headers: { 'retry-after': '7200' },
    }));
    const result = await runWithToken({ mode: 'delete', message_id: ids.join(' '), fail_on_error: 'false' });
    expect(result.exitCode).toBe(0);
    expect(result.outputs.result).toBe('failed');
    const asked = zoom.requests.length;
    expect(asked).toBeLessThan(60);
    const rows = result.summary.split('\n').filter((line) => line.startsWith('| stored-'));
    expect(rows).toHaveLength(60);
    const failed = rows.filter((row) => row.includes('| failed: Zoom delete failed: HTTP 429, code 429: Daily limit.'));
    const stopped = rows.filter((row) => row.includes('| failed: Zoom delete not attempted: '));
    expect(failed).toHaveLength(asked);
    expect(stopped).toHaveLength(60 - asked);
    expect(stopped[0]).toMatch(
      /not attempted: Zoom's rate limit resets at \S+Z \(in 2 h 0 min\), more than the 60 s the action waits: try again after then, or make fewer calls\. \|$/,
    );
    expect(zoom.messages.size).toBe(60);
  });

  it('a delete that got no answer fails; the others are deleted', async () => {
    const ids = storedMessages(3);
    onMessages((path) => (path.endsWith(ids[1] as string) ? { kind: 'hang' } : undefined));
    const result = await runWithToken({
      mode: 'delete',
      message_id: ids.join(' '),
      retries: '0',
      timeout_seconds: '0.3',
      fail_on_error: 'false',
    });
    expect(result.outputs.result).toBe('failed');
    expect(result.outputs.deleted_ids).toBe(`${ids[0]}\n${ids[2]}`);
    expect(result.stdout).toContain('Deleted 2 of 3 Zoom message(s); 0 already gone, 1 failed.');
    expect(result.commands('warning')).toEqual([
      expect.stringMatching(
        new RegExp(
          `^Could not delete ${ids[1]}: DELETE http://127\\.0\\.0\\.1:\\d+/v2/im/chat/messages/${ids[1]} got no answer \\(timed out: no answer within 0\\.3 s, the timeout_seconds input\\)\\. \\(fail_on_error is false: the step goes on\\)$`,
        ),
      ),
    ]);
  });
});

describe('markdown', () => {
  it('is set on each message item that does not say otherwise, and on a head-only card no item is added', async () => {
    const card = await runWithToken({
      is_markdown_support: 'true',
      content: JSON.stringify({
        head: { text: 'H' },
        body: [
          { type: 'message', text: 'a' },
          { type: 'message', text: 'b', is_markdown_support: false },
          { type: 'divider' },
        ],
      }),
    });
    expect(card.exitCode).toBe(0);
    expect((zoom.requests[0]?.body as { content: unknown } | undefined)?.content).toEqual({
      head: { text: 'H' },
      body: [
        { type: 'message', text: 'a', is_markdown_support: true },
        { type: 'message', text: 'b', is_markdown_support: false },
        { type: 'divider' },
      ],
    });
    zoom.reset();
    const head = await runWithToken({ is_markdown_support: 'true', content: 'head:\n  text: H' });
    expect(head.exitCode).toBe(0);
    expect(zoom.requests[0]?.body).toMatchObject({ is_markdown_support: true, content: { head: { text: 'H' } } });
  });
});

describe('the length hint', () => {
  const hint = (path: string, length: number) =>
    `Zoom refused the message as too long. The longest text is ${path} (${length} characters): shorten it, for example with Liquid's truncate filter: "{{ text | truncate: 1000 }}".`;

  it.each([
    [413, 'Payload Too Large'],
    [400, 'Message exceeds the length limit'],
    [400, 'Text exceeds size'],
    [400, 'maximum length reached'],
    [400, 'Body too large'],
  ])('HTTP %i %j: names the longest text', async (status, message) => {
    onMessages(() => ({ kind: 'respond', status, body: { code: 7001, message } }));
    const result = await runWithToken({
      content: `head:\n  text: short\nbody:\n  - type: message\n    text: ${'x'.repeat(50)}`,
    });
    expect(result.commands('error')[0]).toContain(` ${hint('content.body[0].text', 50)}`);
  });

  it.each([
    [400, 'Invalid field'],
    [500, 'text too long'],
    [404, 'too long'],
  ])('HTTP %i %j: no hint', async (status, message) => {
    onMessages(() => ({ kind: 'respond', status, body: { code: 7001, message } }));
    const result = await runWithToken({ retries: '0' });
    expect(result.commands('error')[0]).not.toContain('too long. The longest text');
  });
});

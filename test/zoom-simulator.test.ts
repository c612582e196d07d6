import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ZoomSimulator } from '../tools/zoom-simulator.ts';
import { describeRequest, startZoomSimulator } from '../tools/zoom-simulator.ts';

const basic = (id: string, secret: string) => `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`;

let sim: ZoomSimulator;
let token: string;

beforeAll(async () => {
  sim = await startZoomSimulator();
});
afterAll(() => sim.close());
beforeEach(() => {
  sim.reset();
  token = sim.mintToken();
});

function call(method: string, path: string, body?: unknown, init: RequestInit = {}, on = sim) {
  return fetch(`${on.apiUrl}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
    ...init,
  });
}

const ids = () => ({ robot_jid: sim.options.robotJid, account_id: sim.options.accountId });
const sendBody = (extra: Record<string, unknown> = {}) => ({
  ...ids(),
  to_jid: sim.options.channels[0],
  content: { head: { text: 'Hello World' } },
  ...extra,
});
const send = (extra: Record<string, unknown> = {}) => call('POST', '/im/chat/messages', sendBody(extra));

async function expectError(res: Response, status: number, code: number, message?: RegExp) {
  expect(res.status).toBe(status);
  const body = (await res.json()) as { code: number; message: string };
  expect(body.code).toBe(code);
  if (message) expect(body.message).toMatch(message);
  return body;
}

const oauth = (query: string, authorization?: string, init: RequestInit = {}) =>
  fetch(`${sim.oauthUrl}${query}`, {
    method: 'POST',
    headers: authorization ? { authorization } : {},
    ...init,
  });

describe('token endpoint', () => {
  const auth = () => basic(sim.options.clientId, sim.options.clientSecret);

  it('mints a token from a form body and from the query string', async () => {
    const form = await oauth('', undefined, {
      headers: { authorization: auth(), 'content-type': 'application/x-www-form-urlencoded' },
      body: 'grant_type=client_credentials',
    });
    expect(form.status).toBe(200);
    expect(form.headers.get('x-zm-trackingid')).toBeTruthy();
    const answer = (await form.json()) as Record<string, unknown>;
    expect(answer).toMatchObject({ token_type: 'bearer', expires_in: 3600, scope: 'imchat:bot' });
    expect(answer.api_url).toBe(sim.url);
    token = answer.access_token as string;
    expect((await send()).status).toBe(201);

    expect((await oauth('?grant_type=client_credentials', auth())).status).toBe(200);
    expect(sim.requests.map((r) => r.status)).toEqual([200, 201, 200]);
    expect(sim.requests[0]?.body).toEqual({ grant_type: 'client_credentials' });
  });

  it('rejects bad credentials and other grant types', async () => {
    const invalid = { reason: 'Invalid client_id or client_secret', error: 'invalid_client' };
    for (const authorization of [basic('sim-client-id', 'wrong'), undefined]) {
      const bad = await oauth('?grant_type=client_credentials', authorization);
      expect([bad.status, await bad.json()]).toEqual([400, invalid]);
    }
    const unsupported = { reason: 'unsupported grant type', error: 'unsupported_grant_type' };
    for (const query of ['?grant_type=password', '']) {
      const grant = await oauth(query, auth());
      expect([grant.status, await grant.json()]).toEqual([400, unsupported]);
    }
  });
});

describe('message endpoints', () => {
  it('sends, edits and deletes', async () => {
    const sent = await send({ user_jid: 'u@xmpp.zoom.us', is_markdown_support: true });
    expect(sent.status).toBe(201);
    const answer = (await sent.json()) as Record<string, string>;
    const { robot_jid, to_jid } = sendBody();
    expect(answer).toMatchObject({ robot_jid, to_jid, user_jid: 'u@xmpp.zoom.us' });
    expect(answer.message_id).toMatch(/^\d{17}_/);
    expect(answer.sent_time).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/);
    const id = answer.message_id as string;
    expect(sim.messages.get(id)).toMatchObject({ isMarkdown: true, edits: 0 });

    expect((await send({ reply_to: id })).status).toBe(201);

    const content = { body: [{ type: 'section', sections: [{ type: 'message', text: 'x' }] }] };
    const edited = await call('PUT', `/im/chat/messages/${encodeURIComponent(id)}`, {
      ...ids(),
      to_jid: sim.options.channels[0],
      content,
    });
    expect(edited.status).toBe(200);
    expect(((await edited.json()) as Record<string, string>).message_id).toBe(id);
    expect(sim.messages.get(id)).toMatchObject({ content, edits: 1, isMarkdown: false });

    const query = new URLSearchParams(ids()).toString();
    expect(query).toContain('%40');
    const deleted = await call('DELETE', `/im/chat/messages/${id}?${query}`);
    expect(deleted.status).toBe(200);
    expect(sim.messages.has(id)).toBe(false);
    const again = await call('DELETE', `/im/chat/messages/${id}?${query}`);
    await expectError(again, 404, 8001, new RegExp(`Message does not exist: ${id}`));
  });

  it('deletes with a JSON body and URL-decodes path ids', async () => {
    const id = 'odd id/+@1';
    const [robotJid, accountId] = [sim.options.robotJid, sim.options.accountId];
    const stored = { robotJid, accountId, toJid: 'c', content: {}, isMarkdown: false, edits: 0 };
    sim.messages.set(id, { ...stored, id, sentTime: '2026-01-01 00:00:00' });
    const res = await call('DELETE', `/im/chat/messages/${encodeURIComponent(id)}`, ids());
    expect(res.status).toBe(200);
    expect(sim.messages.size).toBe(0);
    await expectError(await call('DELETE', '/im/chat/messages/x', {}), 400, 300, /robot_jid/);
    const queryWins = `/im/chat/messages/x?robot_jid=other`;
    await expectError(await call('DELETE', queryWins, ids()), 404, 7002, /other/);
  });

  it('answers the documented errors', async () => {
    const post = (body: unknown) => call('POST', '/im/chat/messages', body);
    await expectError(await call('POST', '/im/chat/messages', undefined, { body: '{' }), 400, 7001);
    const missing = await expectError(await post({ ...sendBody(), to_jid: undefined }), 400, 300);
    expect(missing).toMatchObject({ errors: [{ field: 'to_jid' }] });
    expect(missing.message).toContain('to_jid');
    await expectError(await send({ robot_jid: 'other@xmpp' }), 404, 7002, /Invalid robot_jid/);
    await expectError(await send({ account_id: 'other' }), 403, 7004, /Not authorized/);
    await expectError(await send({ to_jid: 'other@conference' }), 403, 7004, /to_jid/);
    await expectError(await send({ reply_to: 'missing' }), 400, 7001);
    const head = { text: 'a' };
    const bad = [{ head, extra: 1 }, { head: { text: 1 } }, { body: [{ type: 'message' }] }];
    for (const content of ['text', {}, { body: 'x' }, { body: [{ type: 'unknown' }] }, ...bad]) {
      await expectError(await send({ content }), 400, 7001, /Invalid request body/);
    }
    const link = {
      body: [{ type: 'section', sections: [{ type: 'message', text: 'a', link: 'u' }] }],
    };
    await expectError(await send({ content: link, is_markdown_support: true }), 400, 7001);
    expect((await send({ content: link })).status).toBe(201);

    const edit = (id: string, body: unknown) => call('PUT', `/im/chat/messages/${id}`, body);
    const edited = { ...ids(), content: { head: { text: 'b' } } };
    await expectError(await edit('nope', edited), 404, 8001, /Message does not exist: nope/);
    const [id] = sim.messages.keys();
    await expectError(await edit(id as string, { ...edited, to_jid: 'other' }), 400, 7001);
    await expectError(await edit(id as string, ids()), 400, 300, /content/);

    await expectError(await call('GET', '/im/chat/messages'), 404, 404);
    await expectError(await call('POST', '/im/chat/messages', sendBody(), { headers: {} }), 401, 7010);
    expect(sim.messages.size).toBe(1);
  });

  it('revokes tokens', async () => {
    sim.revokeTokens();
    await expectError(await send(), 401, 7010, /Invalid access token/);
    token = sim.mintToken();
    expect((await send()).status).toBe(201);
  });
});

describe('rate limit and latency', () => {
  it('answers 429 with Retry-After over the per-second rate', async () => {
    const limited = await startZoomSimulator({ ratePerSecond: 2, latencyMs: 20 });
    const headers = {
      authorization: `Bearer ${limited.mintToken()}`,
      'content-type': 'application/json',
    };
    try {
      const started = performance.now();
      const answers = await Promise.all(
        [1, 2, 3].map(() => call('POST', '/im/chat/messages', sendBody(), { headers }, limited)),
      );
      expect(performance.now() - started).toBeGreaterThanOrEqual(15);
      expect(answers.map((r) => r.status).sort()).toEqual([201, 201, 429]);
      const rejected = answers.find((r) => r.status === 429);
      expect(rejected?.headers.get('retry-after')).toBe('1');
      expect(await rejected?.json()).toEqual({
        code: 429,
        message: 'You have reached the maximum per-second rate limit for this API. Try again later.',
      });
    } finally {
      await limited.close();
    }
  });
});

describe('faults', () => {
  it('respond answers the given status without acting', async () => {
    sim.onRequest((req) => (req.method === 'POST' ? { kind: 'respond', status: 503, body: 'down' } : undefined));
    const res = await send();
    expect(res.status).toBe(503);
    expect(await res.text()).toBe('down');
    expect(res.headers.get('x-zm-trackingid')).toBeTruthy();
    expect(sim.messages.size).toBe(0);
    expect(sim.requests[0]?.status).toBe(503);
  });

  it('hang never answers, close() still returns', async () => {
    const hung = await startZoomSimulator();
    hung.onRequest(() => ({ kind: 'hang' }));
    await expect(fetch(hung.url, { signal: AbortSignal.timeout(50) })).rejects.toThrow(/timeout/i);
    const pending = fetch(hung.url).catch((e: unknown) => e);
    while (hung.requests.length < 2) await new Promise((r) => setTimeout(r, 5));
    await hung.close();
    expect(await pending).toBeInstanceOf(TypeError);
    expect(hung.requests.map((r) => r.status)).toEqual([0, 0]);
  });

  it('drop destroys the socket before acting', async () => {
    sim.onRequest(() => ({ kind: 'drop' }));
    await expect(send()).rejects.toThrow(TypeError);
    expect(sim.messages.size).toBe(0);
  });

  it('act-then-drop stores the message but never answers', async () => {
    sim.onRequest(() => ({ kind: 'act-then-drop' }));
    await expect(send()).rejects.toThrow(TypeError);
    expect(sim.messages.size).toBe(1);
    expect(sim.requests).toHaveLength(1);
  });

  it('act-then-respond acts and answers the given status', async () => {
    sim.onRequest(() => ({
      kind: 'act-then-respond',
      status: 502,
      body: { code: 1, message: 'x' },
    }));
    const res = await send();
    expect(res.status).toBe(502);
    expect(await res.json()).toEqual({ code: 1, message: 'x' });
    expect(sim.messages.size).toBe(1);
    sim.onRequest(undefined);
    expect((await send()).status).toBe(201);
  });

  it('describeRequest shortens secrets', async () => {
    await oauth('?grant_type=client_credentials', basic('id', 'very-secret'));
    await send();
    const [tokenLine, sendLine] = sim.requests.map(describeRequest);
    expect(tokenLine).toContain('POST /oauth/token?grant_type=client_credentials  -> 400');
    expect(tokenLine).not.toContain('very-secret');
    expect(sendLine).toContain('-> 201');
    expect(sendLine).not.toContain(token);
  });
});

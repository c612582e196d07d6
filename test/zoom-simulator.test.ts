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

  it("reads a delete's fields from the query string only, and URL-decodes path ids", async () => {
    const id = 'odd id/+@1';
    const [robotJid, accountId] = [sim.options.robotJid, sim.options.accountId];
    const stored = { robotJid, accountId, toJid: 'c', content: {}, isMarkdown: false, edits: 0 };
    sim.messages.set(id, { ...stored, id, sentTime: '2026-01-01 00:00:00' });
    const path = `/im/chat/messages/${encodeURIComponent(id)}`;
    // Zoom's older guide put them in a JSON body; its current reference and SDK, in the query.
    const bodyOnly = await expectError(await call('DELETE', path, ids()), 400, 7001);
    expect(bodyOnly.message).toBe('Invalid request body: robot_jid, account_id are required');
    expect(sim.messages.has(id)).toBe(true);
    const account = new URLSearchParams({ account_id: accountId }).toString();
    const noRobot = await expectError(await call('DELETE', `${path}?${account}`, ids()), 400, 7001);
    expect(noRobot.message).toBe('Invalid request body: robot_jid is required');
    const queryWins = `${path}?${new URLSearchParams({ ...ids(), robot_jid: 'other' })}`;
    await expectError(await call('DELETE', queryWins, ids()), 404, 7002, /other/);
    const res = await call('DELETE', `${path}?${new URLSearchParams({ ...ids(), user_jid: 'u@xmpp.zoom.us' })}`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ message_id: id, user_jid: 'u@xmpp.zoom.us' });
    expect(sim.messages.size).toBe(0);
  });

  it('answers the documented errors', async () => {
    const post = (body: unknown) => call('POST', '/im/chat/messages', body);
    await expectError(await call('POST', '/im/chat/messages', undefined, { body: '{' }), 400, 7001);
    // Zoom's chatbot reference: a body without a required field is a 7001 like any bad body.
    const missing = await expectError(await post({ ...sendBody(), to_jid: undefined }), 400, 7001);
    expect(missing).toEqual({ code: 7001, message: 'Invalid request body: to_jid is required' });
    const none = await expectError(await post({}), 400, 7001);
    expect(none.message).toBe('Invalid request body: robot_jid, to_jid, account_id, content are required');
    await expectError(await send({ robot_jid: 'other@xmpp' }), 404, 7002, /Invalid robot_jid/);
    await expectError(await send({ account_id: 'other' }), 403, 7004, /Not authorized/);
    await expectError(await send({ to_jid: 'other@conference' }), 403, 7004, /to_jid/);
    await expectError(await send({ reply_to: 42 }), 400, 7001, /reply_to must be a string/);
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
    const noContent = await expectError(await edit(id as string, ids()), 400, 7001);
    expect(noContent.message).toBe('Invalid request body: content is required');

    await expectError(await call('GET', '/im/chat/messages'), 404, 404);
    await expectError(await call('POST', '/im/chat/messages', sendBody(), { headers: {} }), 401, 7010);
    expect(sim.messages.size).toBe(1);
  });

  it('holds no rule Zoom does not state: any reply_to string, an edit naming another to_jid', async () => {
    // Which reply_to Zoom refuses, and what it does with an edit's to_jid, no Zoom source says.
    const reply = await send({ reply_to: '20190617170855488_1Cu0Fxp_aw1' });
    expect(reply.status).toBe(201);
    const { message_id: id } = (await reply.json()) as { message_id: string };
    expect(sim.messages.get(id)?.replyTo).toBe('20190617170855488_1Cu0Fxp_aw1');
    const body = { ...ids(), to_jid: 'other@conference.xmpp.zoom.us', content: { head: { text: 'b' } } };
    const edited = await call('PUT', `/im/chat/messages/${id}`, body);
    expect(edited.status).toBe(200);
    expect(await edited.json()).toMatchObject({ message_id: id, to_jid: sim.options.channels[0] });
    expect(sim.messages.get(id)).toMatchObject({ content: body.content, edits: 1 });
  });

  it('knows the item types Zoom defines, all of them and only them, inside sections too', async () => {
    const zoomTypes = ['checkboxes', 'radio_buttons', 'plain_text_input', 'video', 'datepicker', 'images', 'image'];
    for (const type of zoomTypes) {
      const content = { body: [{ type }, { type: 'section', sections: [{ type }] }] };
      expect((await send({ content })).status, type).toBe(201);
    }
    for (const type of ['checkbox', 'header', 'input', 'date_picker', 'multi_select', 'switch']) {
      const top = await expectError(await send({ content: { body: [{ type }] } }), 400, 7001);
      expect(top.message).toBe(`Invalid request body: content.body[0].type '${type}' is not supported`);
      const nested = { body: [{ type: 'section', sections: [{ type: 'message', text: 'a' }, { type }] }] };
      await expectError(await send({ content: nested }), 400, 7001, /content\.body\[0\]\.sections\[1\]\.type/);
    }
    expect(sim.messages.size).toBe(zoomTypes.length);
  });

  it("writes sent_time with Zoom's ' +0000' on every second answer, or always, or never", async () => {
    const plain = /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/;
    const zoned = /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d \+0000$/;
    const times = async (on: ZoomSimulator, count: number) => {
      const answers: string[] = [];
      for (let i = 0; i < count; i++) {
        const res = await call('POST', '/im/chat/messages', sendBody(), {}, on);
        answers.push(((await res.json()) as { sent_time: string }).sent_time);
      }
      return answers;
    };
    const alternate = await times(sim, 4);
    expect(alternate.map((time) => (plain.test(time) ? 'plain' : zoned.test(time) ? 'zoned' : time))).toEqual([
      'plain',
      'zoned',
      'plain',
      'zoned',
    ]);
    const [id] = sim.messages.keys();
    const query = new URLSearchParams(ids()).toString();
    const deleted = await call('DELETE', `/im/chat/messages/${id}?${query}`);
    expect(((await deleted.json()) as { sent_time: string }).sent_time).toMatch(plain);
    sim.reset();
    expect((await times(sim, 1))[0]).toMatch(plain);
    for (const [sentTimeZone, form] of [
      ['always', zoned],
      ['never', plain],
    ] as const) {
      const other = await startZoomSimulator({ sentTimeZone });
      try {
        token = other.mintToken();
        for (const time of await times(other, 3)) expect(time).toMatch(form);
      } finally {
        await other.close();
      }
    }
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

  it('answers 429 without Retry-After when told to, as Zoom may', async () => {
    const limited = await startZoomSimulator({ ratePerSecond: 1, retryAfter: false });
    const headers = { authorization: `Bearer ${limited.mintToken()}`, 'content-type': 'application/json' };
    try {
      const first = await call('POST', '/im/chat/messages', sendBody(), { headers }, limited);
      const second = await call('POST', '/im/chat/messages', sendBody(), { headers }, limited);
      expect([first.status, second.status]).toEqual([201, 429]);
      expect(second.headers.get('retry-after')).toBeNull();
      expect(second.headers.get('x-ratelimit-category')).toBe('Medium');
      expect(await second.json()).toMatchObject({ code: 429 });
      expect(limited.messages.size).toBe(1);
    } finally {
      await limited.close();
    }
  });

  it('a fault can answer 429 with no header at all', async () => {
    sim.onRequest(() => ({ kind: 'respond', status: 429, body: { code: 429, message: 'Too many requests.' } }));
    const res = await send();
    expect(res.status).toBe(429);
    expect(res.headers.get('retry-after')).toBeNull();
    expect([...res.headers.keys()].filter((name) => name.startsWith('x-ratelimit'))).toEqual([]);
    expect(sim.messages.size).toBe(0);
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

// What the step says when Zoom answers with an error: the whole error line, for each answer whose
// cause is known (with its hint) and for the answers it can only describe.

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

const TRACKING = 'v=2.0;clid=test;rid=TEST_1';

/** Zoom answers the first request to `path` (and every later one) with `status` and `body`. */
function answer(where: 'token' | 'messages', status: number, body: string | object, headers = {}): void {
  const fault: Fault = {
    kind: 'respond',
    status,
    body,
    headers: { 'x-zm-trackingid': TRACKING, ...headers },
  };
  zoom.onRequest((req) =>
    (where === 'token' ? req.path === '/oauth/token' : req.path.startsWith('/v2/')) ? fault : undefined,
  );
}

/** The one error line of a failed run. */
async function errorOf(inputs: Record<string, string> = {}): Promise<string> {
  const run: ActionRun = await runInProcess({
    inputs: { ...zoomInputs(zoom), content: 'Hello', retries: '0', ...inputs },
  });
  expect(run.exitCode).toBe(1);
  expect(run.outputs.result).toBe('failed');
  const errors = run.commands('error');
  expect(errors).toHaveLength(1);
  return errors[0] as string;
}

const tracking = ` (Zoom tracking id ${TRACKING})`;

describe('the token endpoint', () => {
  it.each([
    [
      400,
      { error: 'invalid_client', reason: 'Invalid client_id or client_secret' },
      "Zoom token request failed: HTTP 400, code invalid_client: Invalid client_id or client_secret. Check 'client_id' and 'client_secret': the Client ID and Client Secret on the chatbot app's App Credentials page.",
    ],
    [
      401,
      { reason: 'Unauthorized' },
      "Zoom token request failed: HTTP 401: Unauthorized. Check 'client_id' and 'client_secret': the Client ID and Client Secret on the chatbot app's App Credentials page.",
    ],
    [
      400,
      { error: 'unsupported_grant_type', reason: 'unsupported grant type' },
      "Zoom token request failed: HTTP 400, code unsupported_grant_type: unsupported grant type. Check 'oauth_url' and that the app is a Team Chat (chatbot) app.",
    ],
    [500, { error: 'server_error', reason: 'Oops.' }, 'Zoom token request failed: HTTP 500, code server_error: Oops.'],
  ])('HTTP %i %j', async (status, body, expected) => {
    answer('token', status, body);
    expect(await errorOf()).toBe(`${expected}${tracking}`);
  });

  it('a 200 without an access_token', async () => {
    answer('token', 200, { token_type: 'bearer' });
    expect(await errorOf()).toBe(
      `Zoom token request answer unreadable: HTTP 200: the answer holds no access_token (body: {"token_type":"bearer"}). Check 'oauth_url' and that the app is a Team Chat (chatbot) app.${tracking}`,
    );
  });
});

describe('the message endpoints, by Zoom code', () => {
  const token =
    "The token was refused: a 'token' input must be a chatbot token (client_credentials) less than an hour old; or set 'client_id' and 'client_secret' so the action mints one.";
  const robot = "Check 'robot_jid': the Bot JID on the app's Features page, for the same app as the credentials.";
  it.each([
    ['send', 400, 4711, "The app lacks a scope: add 'imchat:bot' to the chatbot app's scopes."],
    ['send', 400, 4700, "The app lacks a scope: add 'imchat:bot' to the chatbot app's scopes."],
    ['send', 400, 124, token],
    ['send', 404, 7002, robot],
    ['edit', 404, 7003, robot],
    [
      'send',
      403,
      7004,
      "Check 'to_jid' (the bot must be added to that channel, or the user must have the app) and 'account_id'.",
    ],
    ['delete', 403, 7004, "Check 'account_id' and 'robot_jid': the bot is not allowed to delete it."],
    [
      'edit',
      400,
      7001,
      "Zoom refused the request body: check the content's shape, and that no message item has 'link' when is_markdown_support is true. Or set 'user_jid': it is required when the app is user-managed (the user's JID, on whose behalf the bot posts).",
    ],
    [
      'edit',
      404,
      8001,
      "Check 'message_id': the message does not exist or was deleted (mode 'upsert' sends a new one instead).",
    ],
    ['send', 404, 404, "Check 'api_url': it should end in /v2, e.g. https://api.zoom.us/v2."],
    ['send', 404, 5301, ''],
    ['send', 400, 300, ''],
    ['send', 500, 7004, ''],
    [
      'send',
      429,
      429,
      "Zoom's rate limit for the account was still reached after the retries: space the calls out, or raise 'retries'.",
    ],
  ])('%s, HTTP %i, code %i', async (mode, status, code, hint) => {
    answer('messages', status, { code, message: 'What Zoom said.' });
    const ids: Record<string, string> = mode === 'send' ? {} : { message_id: 'msg-1' };
    const operation = mode === 'send' ? 'send' : `${mode}`;
    const unknown =
      mode === 'send' && status === 500
        ? " The message may have been posted: Zoom may have stored it before the error, so it was not sent again (a second send could post it twice). Zoom's support can tell from the tracking id."
        : '';
    const said = hint ? ` ${hint}` : '';
    const prefix = mode === 'delete' ? 'Could not delete msg-1: ' : '';
    expect(await errorOf({ mode, ...ids })).toBe(
      `${prefix}Zoom ${operation} failed: HTTP ${status}, code ${code}: What Zoom said.${said}${unknown}${tracking}`,
    );
  });

  it('a 401 with a given token: check the token', async () => {
    answer('messages', 401, { code: 7010, message: 'Invalid access token.' });
    const { client_id: _, client_secret: __, ...rest } = zoomInputs(zoom);
    const run = await runInProcess({
      inputs: { ...rest, token: 'given-token', api_url: zoom.apiUrl, content: 'x', retries: '0' },
    });
    expect(run.commands('error')).toEqual([
      `Zoom send failed: HTTP 401, code 7010: Invalid access token. ${token}${tracking}`,
    ]);
  });

  it('a 401 with another code: check the credentials', async () => {
    answer('messages', 401, { code: 1234, message: 'No.' });
    const { client_id: _, client_secret: __, ...rest } = zoomInputs(zoom);
    const run = await runInProcess({
      inputs: { ...rest, token: 'given-token', api_url: zoom.apiUrl, content: 'x', retries: '0' },
    });
    expect(run.commands('error')).toEqual([
      `Zoom send failed: HTTP 401, code 1234: No. Check 'token', or 'client_id' and 'client_secret'.${tracking}`,
    ]);
  });

  it('a 401 to a minted token, after minting once more', async () => {
    answer('messages', 401, { code: 7010, message: 'Invalid access token.' });
    expect(await errorOf()).toBe(
      `Zoom send failed: HTTP 401, code 7010: Invalid access token. A token minted again in this run was refused too: check that the app is a Team Chat (chatbot) app with the imchat:bot scope, and that it is activated.${tracking}`,
    );
    expect(zoom.requests.map((r) => `${r.method} ${r.path} -> ${r.status}`)).toEqual([
      'POST /oauth/token -> 200',
      'POST /v2/im/chat/messages -> 401',
      'POST /oauth/token -> 200',
      'POST /v2/im/chat/messages -> 401',
    ]);
  });
});

describe('answers that are not what Zoom sends', () => {
  it("Zoom's validation errors: each field, on one line", async () => {
    answer('messages', 400, {
      code: 300,
      message: 'Validation\n  Failed',
      errors: [{ field: 'to_jid', message: 'Invalid field' }, { message: 'no field' }, 'text', { field: 'content' }],
    });
    expect(await errorOf()).toBe(
      `Zoom send failed: HTTP 400, code 300: Validation Failed; to_jid: Invalid field; content:.${tracking}`,
    );
  });

  it('an HTML page: its type and text, without markup, scripts or styles, cut at 200 characters', async () => {
    const words = 'word '.repeat(60);
    answer(
      'messages',
      404,
      `<html><head><style>p { color: red }</style><script>alert(1)</script></head><body><h1>Not  Found</h1><p>${words}</p></body></html>`,
      { 'content-type': 'text/html; charset=utf-8' },
    );
    const text = `Not Found ${words}`.trim();
    expect(await errorOf()).toBe(
      `Zoom send failed: HTTP 404: text/html, body: ${text.slice(0, 200)}…. Check 'api_url': it should end in /v2, e.g. https://api.zoom.us/v2.${tracking}`,
    );
  });

  it('an empty answer', async () => {
    answer('messages', 400, '');
    expect(await errorOf()).toBe(`Zoom send failed: HTTP 400: text/plain, empty body.${tracking}`);
  });

  it('a message that already ends in a full stop gets no second one', async () => {
    answer('messages', 400, { code: 300, message: 'Bad.' });
    expect(await errorOf()).toBe(`Zoom send failed: HTTP 400, code 300: Bad.${tracking}`);
  });

  it('a 2xx that is not JSON: an edit says whether it happened is unknown', async () => {
    answer('messages', 200, 'OK', { 'content-type': 'text/plain' });
    expect(await errorOf({ mode: 'edit', message_id: 'msg-1' })).toBe(
      `Zoom edit answer unreadable: HTTP 200: the answer is not a JSON object (text/plain, body: OK): a proxy or gateway may have answered instead of Zoom. Whether the edit happened is unknown.${tracking}`,
    );
  });

  it('a JSON list is not an answer either', async () => {
    answer('messages', 201, [1, 2]);
    expect(await errorOf()).toBe(
      `Zoom send answer unreadable: HTTP 201: the answer is not a JSON object (application/json, body: [1,2]): a proxy or gateway may have answered instead of Zoom. The message was probably posted, but its id is unknown.${tracking}`,
    );
  });
});

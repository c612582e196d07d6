// The bundled action, run as a runner runs it, against the local Zoom simulator.

import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ActionRun } from '../tools/run-action.ts';
import { startZoomSimulator, type ZoomSimulator, zoomInputs } from '../tools/zoom-simulator.ts';
import { runInProcess as runAction } from './support/in-process.ts';
import { tempDir } from './support/temp.ts';

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

const FIXTURES = new URL('./fixtures/github-events/', import.meta.url);
const pushEvent = JSON.parse(readFileSync(new URL('push.json', FIXTURES), 'utf8'));

function credentials(): Record<string, string> {
  return {
    ...zoomInputs(zoom),
  };
}

function messageRequests() {
  return zoom.requests.filter((r) => r.path.startsWith('/v2/'));
}

function send(inputs: Record<string, string> = {}, env: Record<string, string> = {}): Promise<ActionRun> {
  return runAction({
    inputs: { ...credentials(), content: 'Hello from CI', ...inputs },
    env,
    event: pushEvent,
  });
}

function expectOneErrorLine(run: ActionRun, text: string): void {
  expect(run.exitCode).toBe(1);
  const errors = run.commands('error');
  expect(errors).toHaveLength(1);
  expect(errors[0]).toContain(text);
  expect(run.outputs.result).toBe('failed');
}

describe('send', () => {
  it('mints a token, posts once and writes the outputs', async () => {
    const run = await send();
    expect(run.exitCode).toBe(0);
    expect(zoom.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
      'POST /oauth/token',
      'POST /v2/im/chat/messages',
    ]);
    const [message] = [...zoom.messages.values()];
    expect(message?.content).toEqual({ body: [{ type: 'message', text: 'Hello from CI' }] });
    expect(run.outputs).toMatchObject({
      message_id: message?.id,
      result: 'sent',
      robot_jid: zoom.options.robotJid,
      to_jid: zoom.options.channels[0],
      deleted_ids: '',
      request: '',
    });
    expect(run.outputs.sent_time).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d/);
    expect(JSON.parse(run.outputs.response as string)).toMatchObject({ message_id: message?.id });
    expect(run.exported.ZOOM_MESSAGE_ID).toBe(message?.id);
  });

  it('uses the token answer api_url plus /v2 when api_url is not given', async () => {
    // The simulator's token answer names its own host; a default api.zoom.us call would fail here.
    const run = await send();
    expect(run.exitCode).toBe(0);
    expect(messageRequests()).toHaveLength(1);
  });

  it('uses a given token as is: no token request', async () => {
    const { client_id: _, client_secret: __, ...rest } = credentials();
    const run = await runAction({
      inputs: { ...rest, token: zoom.mintToken(), api_url: zoom.apiUrl, content: 'x' },
    });
    expect(run.exitCode).toBe(0);
    expect(zoom.requests.map((r) => r.path)).toEqual(['/v2/im/chat/messages']);
  });

  it('renders a YAML card with github context and sends the documented fields', async () => {
    const run = await send({
      content: [
        'head:',
        '  text: "Deploying {{ github.repository }}"',
        'body:',
        '  - type: message',
        '    text: "Started by {{ github.actor }} at {{ github.event.after | slice: 0, 7 }}"',
      ].join('\n'),
      user_jid: 'user@xmpp.zoom.us',
      visible_to_user: 'viewer@xmpp.zoom.us',
      is_markdown_support: 'true',
    });
    expect(run.exitCode).toBe(0);
    const body = messageRequests()[0]?.body as Record<string, unknown>;
    expect(body).toEqual({
      robot_jid: zoom.options.robotJid,
      account_id: zoom.options.accountId,
      to_jid: zoom.options.channels[0],
      user_jid: 'user@xmpp.zoom.us',
      visible_to_user: 'viewer@xmpp.zoom.us',
      is_markdown_support: true,
      content: {
        head: { text: 'Deploying octo-org/hello-world' },
        body: [
          {
            type: 'message',
            text: `Started by octocat at ${pushEvent.after.slice(0, 7)}`,
            is_markdown_support: true,
          },
        ],
      },
    });
  });

  it('reads content_file relative to the workspace', async () => {
    const workspace = tempDir('ws-');
    writeFileSync(join(workspace, 'msg.json'), '{"head": {"text": "From {{ github.workflow }}"}}');
    const run = await runAction({
      inputs: { ...credentials(), content_file: 'msg.json' },
      workspace,
    });
    expect(run.exitCode).toBe(0);
    expect([...zoom.messages.values()][0]?.content).toEqual({ head: { text: 'From CI' } });
  });

  it('sends a threaded reply with reply_to', async () => {
    const root = await send();
    const reply = await send({
      reply_to: root.outputs.message_id as string,
      content: 'stage 1 done',
    });
    expect(reply.exitCode).toBe(0);
    expect(messageRequests()[1]?.body).toMatchObject({ reply_to: root.outputs.message_id });
  });
});

describe('edit', () => {
  it('changes the same message in place, to_jid included', async () => {
    const sent = await send({ content: 'Deploying...' });
    const run = await send({
      mode: 'edit',
      message_id: sent.outputs.message_id as string,
      content: 'Deployed',
    });
    expect(run.exitCode).toBe(0);
    expect(run.outputs).toMatchObject({ result: 'edited', message_id: sent.outputs.message_id });
    const edit = messageRequests()[1];
    expect(edit?.method).toBe('PUT');
    expect(edit?.path).toBe(`/v2/im/chat/messages/${sent.outputs.message_id}`);
    expect(edit?.body).toMatchObject({ to_jid: zoom.options.channels[0] });
    expect(zoom.messages.size).toBe(1);
    expect(zoom.messages.get(sent.outputs.message_id as string)?.content).toEqual({
      body: [{ type: 'message', text: 'Deployed' }],
    });
  });

  it('takes the id from ZOOM_MESSAGE_ID', async () => {
    const sent = await send();
    const run = await send({ mode: 'edit', content: 'v2' }, { ZOOM_MESSAGE_ID: sent.outputs.message_id as string });
    expect(run.outputs.result).toBe('edited');
  });

  it('fails on an unknown id with Zoom code 8001 and a hint', async () => {
    const run = await send({ mode: 'edit', message_id: 'nope', content: 'x' });
    expectOneErrorLine(run, 'Zoom edit failed: HTTP 404, code 8001');
    expect(run.commands('error')[0]).toContain("mode 'upsert' sends a new one instead");
    expect(run.commands('error')[0]).toMatch(/Zoom tracking id \S+/);
  });
});

describe('upsert', () => {
  it('sends when there is no id, then edits the same message', async () => {
    const first = await send({ mode: 'upsert', content: 'one' });
    expect(first.outputs.result).toBe('sent');
    const second = await send({
      mode: 'upsert',
      content: 'two',
      message_id: first.outputs.message_id as string,
    });
    expect(second.outputs).toMatchObject({
      result: 'edited',
      message_id: first.outputs.message_id,
    });
    expect(zoom.messages.size).toBe(1);
    expect(second.exported.ZOOM_MESSAGE_ID).toBe(first.outputs.message_id);
  });

  it('does not send when the edit fails for another reason (7002)', async () => {
    const sent = await send();
    zoom.requests.length = 0;
    const run = await send({
      mode: 'upsert',
      message_id: sent.outputs.message_id as string,
      robot_jid: 'other-bot@xmpp.zoom.us',
    });
    expectOneErrorLine(run, 'HTTP 404, code 7002');
    expect(messageRequests().map((r) => r.method)).toEqual(['PUT']);
    expect(zoom.messages.size).toBe(1);
  });

  it('sends a new message when Zoom no longer knows the id', async () => {
    const run = await send({ mode: 'upsert', content: 'again', message_id: 'deleted-long-ago' });
    expect(run.exitCode).toBe(0);
    expect(run.outputs.result).toBe('sent');
    expect(messageRequests().map((r) => r.method)).toEqual(['PUT', 'POST']);
    expect(zoom.messages.size).toBe(1);
    expect(run.outputs.message_id).not.toBe('deleted-long-ago');
  });
});

describe('delete', () => {
  it('deletes several ids, with robot_jid and account_id in the query and the body', async () => {
    const ids = [];
    for (const text of ['a', 'b', 'c']) ids.push((await send({ content: text })).outputs.message_id as string);
    zoom.requests.length = 0;
    const run = await send({ mode: 'delete', message_id: `${ids[0]}, ${ids[1]}\n${ids[2]}` });
    expect(run.exitCode).toBe(0);
    expect(run.outputs).toMatchObject({
      result: 'deleted',
      deleted_ids: ids.join('\n'),
      message_id: '',
    });
    const deletes = messageRequests();
    expect(deletes.map((r) => r.method)).toEqual(['DELETE', 'DELETE', 'DELETE']);
    expect(deletes[0]?.query).toEqual({
      robot_jid: zoom.options.robotJid,
      account_id: zoom.options.accountId,
    });
    expect(deletes[0]?.body).toEqual({
      robot_jid: zoom.options.robotJid,
      account_id: zoom.options.accountId,
    });
  });

  it('warns, and does not fail, for an id that is already gone', async () => {
    const kept = (await send()).outputs.message_id as string;
    const run = await send({ mode: 'delete', message_id: `gone-1 ${kept}` });
    expect(run.exitCode).toBe(0);
    expect(run.outputs).toMatchObject({ result: 'deleted', deleted_ids: kept });
    expect(run.commands('warning').join('\n')).toContain('gone-1 was already gone');
    expect(zoom.messages.size).toBe(0);
  });
});

describe('delete with failures', () => {
  it('deletes the others, reports each failure and keeps the last response', async () => {
    const kept = (await send()).outputs.message_id as string;
    zoom.onRequest((req) =>
      req.method === 'DELETE' && req.path.endsWith('/bad-1')
        ? { kind: 'respond', status: 400, body: { code: 300, message: 'bad id' } }
        : undefined,
    );
    const run = await send({
      mode: 'delete',
      message_id: `bad-1 ${kept} gone-2`,
      fail_on_error: 'false',
    });
    expect(run.exitCode).toBe(0);
    expect(run.outputs).toMatchObject({ result: 'failed', deleted_ids: kept });
    expect(run.commands('warning').join('\n')).toContain('Could not delete bad-1');
    expect(run.commands('warning').join('\n')).toContain('gone-2 was already gone');
    expect(JSON.parse(run.outputs.response as string)).toMatchObject({ message_id: kept });
    expect(zoom.messages.size).toBe(0);
  });
});

describe('dry run', () => {
  it('renders, prints the request and calls nothing', async () => {
    const run = await runAction({
      inputs: {
        ...credentials(),
        api_url: zoom.apiUrl,
        robot_jid: 'bot@xmpp.zoom.us',
        account_id: 'acct',
        to_jid: 'chan@conference.xmpp.zoom.us',
        content: 'head:\n  text: "Run {{ github.run_number }}"',
        dry_run: 'true',
      },
    });
    expect(run.exitCode).toBe(0);
    expect(zoom.requests).toHaveLength(0);
    expect(run.outputs.result).toBe('dry_run');
    expect(run.outputs.message_id).toBe('');
    expect(JSON.parse(run.outputs.request as string)).toEqual({
      robot_jid: 'bot@xmpp.zoom.us',
      account_id: 'acct',
      to_jid: 'chan@conference.xmpp.zoom.us',
      is_markdown_support: false,
      content: { head: { text: 'Run 42' } },
    });
    expect(run.stdout).toContain(`POST ${zoom.apiUrl}/im/chat/messages`);
  });
});

describe('bad input fails before any call, with one error line', () => {
  it.each([
    [{ mode: 'post' }, "Invalid mode 'post'. Expected one of: send, edit, delete, upsert."],
    [{ mode: 'edit' }, "Input 'message_id' is required when mode is 'edit'"],
    [{ mode: 'delete', content: '' }, "Input 'message_id' is required when mode is 'delete'"],
    [{ content: '' }, "Input 'content' is required"],
    [{ content_file: 'x.yml' }, "Inputs 'content' and 'content_file' are both set"],
    [{ content: 'head:\n  txt: x' }, 'at content.head.text: the head needs a text string'],
    [{ content: 'head:\n  text: x\nheade: y' }, "unknown key 'heade' (did you mean 'head'?)"],
    [{ content: 'head:\n  text: {{ github.actor }}' }, "a YAML value that starts with '{{' must be quoted"],
    [
      { content: 'Hi {{ github.actor | nosuchfilter }}' },
      "Input 'content' at content.body[0].text line 1, col 4: template error: undefined filter: nosuchfilter",
    ],
    [{ robot_jid: '' }, "Input 'robot_jid' is required"],
    [{ account_id: '' }, "Input 'account_id' is required"],
    [{ to_jid: '' }, "Input 'to_jid' is required when mode is 'send'"],
    [{ client_secret: '' }, "Input 'client_secret' is required"],
    [
      {
        is_markdown_support: 'true',
        content: 'body:\n  - type: message\n    text: x\n    link: https://x',
      },
      'Zoom rejects a message item with a link',
    ],
  ])('%o', async (change, text) => {
    const run = await send(change);
    expectOneErrorLine(run, text);
    expect(zoom.requests).toHaveLength(0);
  });

  it('fails even with fail_on_error false', async () => {
    const run = await send({ content: 'head:\n  text: x\nheade: y', fail_on_error: 'false' });
    expectOneErrorLine(run, "unknown key 'heade'");
    expect(zoom.requests).toHaveLength(0);
  });

  it('refuses to post a credential a template printed', async () => {
    const run = await send({ content: 'leak: {{ env.LEAKED }}' }, { LEAKED: zoom.options.clientSecret });
    expectOneErrorLine(run, 'the rendered text holds a credential');
    expect(zoom.requests).toHaveLength(0);
  });

  it('keeps inputs and credential-like variables out of env', async () => {
    const run = await runAction({
      inputs: {
        robot_jid: 'b@xmpp.zoom.us',
        account_id: 'a',
        to_jid: 'c@conference.xmpp.zoom.us',
        dry_run: 'true',
        content: '[{{ env.INPUT_ROBOT_JID }}|{{ env.MY_API_TOKEN }}|{{ env.GITHUB_TOKEN }}|{{ env.VISIBLE }}]',
      },
      env: { MY_API_TOKEN: 'x1', GITHUB_TOKEN: 'x2', VISIBLE: 'shown' },
    });
    expect(JSON.parse(run.outputs.request as string).content.body[0].text).toBe('[|||shown]');
  });
});

describe('Zoom errors', () => {
  it('bad credentials: HTTP 400 invalid_client with a hint, no message call', async () => {
    const run = await send({ client_secret: 'wrong' });
    expectOneErrorLine(
      run,
      'Zoom token request failed: HTTP 400, code invalid_client: Invalid client_id or client_secret.',
    );
    expect(run.commands('error')[0]).toContain("Check 'client_id' and 'client_secret'");
    expect(messageRequests()).toHaveLength(0);
  });

  it('wrong channel: 403/7004 names to_jid', async () => {
    const run = await send({ to_jid: 'other@conference.xmpp.zoom.us' });
    expectOneErrorLine(run, 'HTTP 403, code 7004');
    expect(run.commands('error')[0]).toContain("Check 'to_jid'");
  });

  it('a wrong api_url (404 from an unknown path) says to check api_url', async () => {
    const run = await send({ api_url: `${zoom.url}/v1` });
    expectOneErrorLine(run, 'HTTP 404');
    expect(run.commands('error')[0]).toContain("Check 'api_url'");
  });

  it("Zoom's validation errors name each field, on one line", async () => {
    zoom.onRequest((req) =>
      req.method === 'POST' && req.path === '/v2/im/chat/messages'
        ? {
            kind: 'respond',
            status: 400,
            body: {
              code: 300,
              message: 'Validation Failed.\nSee errors.',
              errors: [{ field: 'to_jid', message: 'Invalid field.' }],
            },
          }
        : undefined,
    );
    const run = await send();
    expectOneErrorLine(run, 'HTTP 400, code 300: Validation Failed. See errors.; to_jid: Invalid field.');
    expect(run.stdout.split('\n').filter((line) => line.startsWith('::error::'))).toHaveLength(1);
    expect(run.commands('error')[0]).not.toContain('%0A');
  });

  it('wrong robot_jid: 404/7002 names robot_jid', async () => {
    const run = await send({ robot_jid: 'other-bot@xmpp.zoom.us' });
    expectOneErrorLine(run, 'HTTP 404, code 7002');
    expect(run.commands('error')[0]).toContain("Check 'robot_jid'");
  });

  it('a refused token: 401/7010 with a hint', async () => {
    const { client_id: _, client_secret: __, ...rest } = credentials();
    const run = await runAction({
      inputs: { ...rest, token: 'not-a-token', api_url: zoom.apiUrl, content: 'x' },
    });
    expectOneErrorLine(run, 'HTTP 401, code 7010');
    expect(run.commands('error')[0]).toContain('chatbot token (client_credentials)');
  });

  it('fail_on_error false turns a Zoom error into a warning with outputs written', async () => {
    const run = await send({ to_jid: 'other@conference.xmpp.zoom.us', fail_on_error: 'false' });
    expect(run.exitCode).toBe(0);
    expect(run.commands('error')).toHaveLength(0);
    expect(run.commands('warning')[0]).toContain('HTTP 403, code 7004');
    expect(run.outputs.result).toBe('failed');
    expect(JSON.parse(run.outputs.response as string)).toMatchObject({ code: 7004 });
  });

  it('fail_on_error false also covers a network error', async () => {
    const { client_id: _, client_secret: __, ...rest } = credentials();
    const run = await runAction({
      inputs: {
        ...rest,
        token: 'a-token-nobody-minted',
        api_url: 'http://127.0.0.1:1/v2',
        content: 'x',
        fail_on_error: 'false',
      },
    });
    expect(run.exitCode).toBe(0);
    expect(run.commands('warning')[0]).toContain('got no answer (ECONNREFUSED');
    expect(run.outputs.result).toBe('failed');
  });

  it('an unreachable API fails with one readable line', async () => {
    const { client_id: _, client_secret: __, ...rest } = credentials();
    const run = await runAction({
      inputs: {
        ...rest,
        token: 'a-token-nobody-minted',
        api_url: 'http://127.0.0.1:1/v2',
        content: 'x',
      },
    });
    expectOneErrorLine(run, 'got no answer (ECONNREFUSED');
  });
});

describe('secrets', () => {
  it('masks every credential and the minted token, and never prints them', async () => {
    const run = await send({ mode: 'upsert' });
    const minted = String(messageRequests()[0]?.headers.authorization ?? '').slice('Bearer '.length);
    expect(minted).not.toBe('');
    const masks = run.stdout.split('\n').filter((line) => line.startsWith('::add-mask::'));
    expect(masks).toEqual(
      expect.arrayContaining([
        `::add-mask::${zoom.options.clientSecret}`,
        `::add-mask::${zoom.options.clientId}`,
        `::add-mask::${minted}`,
      ]),
    );
    const visible = [
      ...run.stdout.split('\n').filter((line) => !line.startsWith('::add-mask::')),
      run.stderr,
      ...Object.values(run.outputs),
      ...Object.values(run.exported),
      run.summary,
    ].join('\n');
    for (const secret of [zoom.options.clientSecret, minted]) expect(visible).not.toContain(secret);
  });
});

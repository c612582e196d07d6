// A dry run of every mode: the request it prints is the one a real run would send (method, URL with
// its query, body), it calls nothing, and its outputs and summary say it was a dry run.

import { describe, expect, it } from 'vitest';
import type { ActionRun } from '../tools/run-action.ts';
import { runInProcess } from './support/in-process.ts';

const WHO = { robot_jid: 'bot@xmpp.zoom.us', account_id: 'acct-1' };

function dryRun(inputs: Record<string, string>, event?: unknown): Promise<ActionRun> {
  return runInProcess({ inputs: { ...WHO, dry_run: 'true', ...inputs }, event });
}

function expectDryRun(run: ActionRun, call: string, body: object): void {
  expect(run.exitCode, run.stdout).toBe(0);
  expect(run.stdout).toContain(
    `Dry run: nothing was sent. Would call:\n${call}\nAuthorization: Bearer ***\n${JSON.stringify(body, null, 2)}\n`,
  );
  expect(run.outputs.result).toBe('dry_run');
  expect(JSON.parse(run.outputs.request as string)).toEqual(body);
  expect(run.outputs.message_id).toBe('');
  expect(run.exported).toEqual({});
  expect(run.state).toEqual({ isPost: 'true' });
}

const body = (extra: object) => ({ ...WHO, ...extra });

describe('dry run', () => {
  it('send with a token: the default API base', async () => {
    const run = await dryRun({
      token: 'given-zoom-token',
      to_jid: 'chan@conference.xmpp.zoom.us',
      content: 'Hi',
      user_jid: 'u@xmpp.zoom.us',
    });
    expectDryRun(
      run,
      'POST https://api.zoom.us/v2/im/chat/messages',
      body({
        is_markdown_support: false,
        content: { body: [{ type: 'message', text: 'Hi' }] },
        user_jid: 'u@xmpp.zoom.us',
        to_jid: 'chan@conference.xmpp.zoom.us',
      }),
    );
    expect(run.summary).toContain('| Result | dry_run |');
    expect(run.summary).toContain('| Target | chan@conference.xmpp.zoom.us |');
    expect(run.summary).toContain('Would post:\n\n```text\nHi\n```');
  });

  it('send with app credentials: the base comes from the token answer', async () => {
    const run = await dryRun({
      client_id: 'app-client-id',
      client_secret: 'app-secret-value',
      to_jid: 'chan@conference.xmpp.zoom.us',
      content: 'Hi',
      reply_to: 'root-1',
      visible_to_user: 'v@xmpp.zoom.us',
    });
    expectDryRun(
      run,
      'POST <api_url from the token answer>/im/chat/messages',
      body({
        is_markdown_support: false,
        content: { body: [{ type: 'message', text: 'Hi' }] },
        to_jid: 'chan@conference.xmpp.zoom.us',
        visible_to_user: 'v@xmpp.zoom.us',
        reply_to: 'root-1',
      }),
    );
    expect(run.outputs.thread_id).toBe('');
  });

  it('send without any credential: the default API base', async () => {
    const run = await dryRun({ to_jid: 'chan@conference.xmpp.zoom.us', content: 'Hi' });
    expect(run.stdout).toContain('Would call:\nPOST https://api.zoom.us/v2/im/chat/messages\n');
  });

  it('edit: a PUT to the message, its id escaped, and markdown on each message item', async () => {
    const run = await dryRun({
      token: 'given-zoom-token',
      api_url: 'https://zoom.example/v2/',
      mode: 'edit',
      message_id: 'a/b?c',
      is_markdown_support: 'true',
      content: 'body:\n  - type: message\n    text: "*x*"\n  - type: divider',
    });
    expectDryRun(
      run,
      'PUT https://zoom.example/v2/im/chat/messages/a%2Fb%3Fc',
      body({
        is_markdown_support: true,
        content: {
          body: [{ type: 'message', text: '*x*', is_markdown_support: true }, { type: 'divider' }],
        },
      }),
    );
    expect(run.summary).toContain('| Message id | a/b?c |');
  });

  it('edit with to_jid sends it; upsert with an id is a PUT too', async () => {
    const edit = await dryRun({
      token: 'given-zoom-token',
      mode: 'edit',
      message_id: 'm1',
      to_jid: 'chan@conference.xmpp.zoom.us',
      content: 'x',
    });
    expectDryRun(
      edit,
      'PUT https://api.zoom.us/v2/im/chat/messages/m1',
      body({
        is_markdown_support: false,
        content: { body: [{ type: 'message', text: 'x' }] },
        to_jid: 'chan@conference.xmpp.zoom.us',
      }),
    );
    const upsert = await dryRun({
      token: 'given-zoom-token',
      mode: 'upsert',
      message_id: 'm2',
      to_jid: 'chan@conference.xmpp.zoom.us',
      content: 'x',
    });
    expectDryRun(
      upsert,
      'PUT https://api.zoom.us/v2/im/chat/messages/m2',
      body({
        is_markdown_support: false,
        content: { body: [{ type: 'message', text: 'x' }] },
        to_jid: 'chan@conference.xmpp.zoom.us',
      }),
    );
    expect(upsert.summary).toContain('| Message id | m2 |');
  });

  it('upsert without an id is a send', async () => {
    const run = await dryRun({
      token: 'given-zoom-token',
      mode: 'upsert',
      to_jid: 'chan@conference.xmpp.zoom.us',
      content: 'x',
    });
    expectDryRun(
      run,
      'POST https://api.zoom.us/v2/im/chat/messages',
      body({
        is_markdown_support: false,
        content: { body: [{ type: 'message', text: 'x' }] },
        to_jid: 'chan@conference.xmpp.zoom.us',
      }),
    );
    expect(run.summary).not.toContain('| Message id |');
  });

  it('upsert with a key: a send, or a PUT to the message the key keeps', async () => {
    const run = await dryRun(
      {
        token: 'given-zoom-token',
        mode: 'upsert',
        key: 'pr-{{ github.event.pull_request.number }}',
        to_jid: 'chan@conference.xmpp.zoom.us',
        content: 'x',
      },
      { pull_request: { number: 7 } },
    );
    expectDryRun(
      run,
      "POST https://api.zoom.us/v2/im/chat/messages (or PUT to the message kept under key 'pr-7', if there is one)",
      body({
        is_markdown_support: false,
        content: { body: [{ type: 'message', text: 'x' }] },
        to_jid: 'chan@conference.xmpp.zoom.us',
      }),
    );
    expect(run.stdout).toContain("Dry run: key 'pr-7' would be looked up on #7.\n");
  });

  it('delete: one DELETE per id, with the query string it sends', async () => {
    const run = await dryRun({
      token: 'given-zoom-token',
      api_url: 'https://zoom.example/v2',
      mode: 'delete',
      message_id: 'm1, a/b',
      user_jid: 'u@xmpp.zoom.us',
    });
    const query = 'robot_jid=bot%40xmpp.zoom.us&account_id=acct-1&user_jid=u%40xmpp.zoom.us';
    expectDryRun(
      run,
      `DELETE https://zoom.example/v2/im/chat/messages/m1?${query}\nDELETE https://zoom.example/v2/im/chat/messages/a%2Fb?${query}`,
      body({ user_jid: 'u@xmpp.zoom.us' }),
    );
    expect(run.outputs.deleted_ids).toBe('');
    expect(run.summary).toContain('| Mode | delete |');
    expect(run.summary).toContain('| Target | 2 message id(s) |');
    expect(run.stdout).not.toContain('would be looked up');
  });

  it('delete with a key: the ids the key keeps', async () => {
    const run = await dryRun({ token: 'given-zoom-token', mode: 'delete', key: 'release' }, { issue: { number: 12 } });
    expectDryRun(
      run,
      "DELETE https://api.zoom.us/v2/im/chat/messages/{each id kept under key 'release'}?robot_jid=bot%40xmpp.zoom.us&account_id=acct-1",
      body({}),
    );
    expect(run.stdout).toContain("Dry run: key 'release' would be looked up on #12.\n");
    expect(run.summary).toContain("| Target | the message(s) kept under key 'release' |");
  });
});

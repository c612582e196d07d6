// What a send, edit or upsert leaves for later steps: every output, the exported ZOOM_MESSAGE_ID,
// the log line and the summary, including when Zoom's answer leaves fields out.

import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ActionRun } from '../tools/run-action.ts';
import { startZoomSimulator, type ZoomSimulator, zoomInputs } from '../tools/zoom-simulator.ts';
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

/** A message that exists in the simulator, made without a request. */
const storedMessage = (id: string): string => zoom.store(id, 'old');

const TRACKING = 'v=2.0;clid=test;rid=T1';

/** Zoom acts on message requests, and answers with `body` instead of its own answer. */
function answerWith(status: number, body: object): void {
  zoom.onRequest((req) =>
    req.path.startsWith('/v2/')
      ? { kind: 'act-then-respond', status, body, headers: { 'x-zm-trackingid': TRACKING } }
      : undefined,
  );
}

describe('a send', () => {
  it('sets every output from the answer, exports the id and logs it with the tracking id', async () => {
    const result = await run();
    const [message] = [...zoom.messages.values()];
    const id = message?.id as string;
    const answer = JSON.parse(result.outputs.response as string);
    expect(result.outputs).toEqual({
      message_id: id,
      sent_time: answer.sent_time,
      to_jid: zoom.options.channels[0],
      robot_jid: zoom.options.robotJid,
      result: 'sent',
      thread_id: id,
      deleted_ids: '',
      response: JSON.stringify(answer),
      request: '',
    });
    expect(answer).toEqual({
      message_id: id,
      robot_jid: zoom.options.robotJid,
      sent_time: expect.stringMatching(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/),
      to_jid: zoom.options.channels[0],
    });
    expect(result.exported).toEqual({ ZOOM_MESSAGE_ID: id });
    expect(result.stdout).toMatch(
      new RegExp(`Zoom message ${id} sent \\(Zoom tracking id v=2\\.0;clid=sim;rid=SIM_\\w+\\)\\.\n`),
    );
  });

  it('an answer with only an id: the other outputs are empty, the summary keeps the given target', async () => {
    answerWith(201, { message_id: 'only-id' });
    const result = await run();
    expect(result.outputs).toMatchObject({
      message_id: 'only-id',
      sent_time: '',
      to_jid: '',
      robot_jid: '',
      thread_id: 'only-id',
      response: '{"message_id":"only-id"}',
    });
    expect(result.summary).toContain(`| Target | ${zoom.options.channels[0]} |`);
    expect(result.summary).toContain(`| Zoom tracking id | ${TRACKING} |`);
    expect(result.stdout).toContain(`Zoom message only-id sent (Zoom tracking id ${TRACKING}).\n`);
  });

  it.each([
    ['no id', { robot_jid: 'b' }, 'none'],
    ['an empty id', { message_id: '' }, '""'],
    ['a blank id', { message_id: '  ' }, '"  "'],
    ['a number', { message_id: 42 }, 'number'],
    ['an object', { message_id: { id: 'x' } }, 'object'],
    ['a line break', { message_id: 'm-1\n::save-state name=finalize::{}' }, '"m-1\\n::save-state name=finalize::{}"'],
    ['a dot-dot', { message_id: '..' }, '".."'],
  ])(
    'an answer with %s as its message_id: a failed send, not retried, nothing exported or saved',
    async (_, answer, said) => {
      answerWith(201, answer);
      const result = await run({ finalize: 'Done' });
      expect(result.exitCode).toBe(1);
      const [error] = result.commands('error');
      expect(error).toContain(
        `Zoom send answer unreadable: HTTP 201: the answer holds no usable message_id (${said}).`,
      );
      expect(error).toContain('The message was probably posted');
      expect(error).toContain(`(Zoom tracking id ${TRACKING})`);
      expect(zoom.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/messages'))).toHaveLength(1);
      expect(result.outputs.message_id).toBe('');
      expect(result.outputs.thread_id).toBe('');
      expect(result.outputs.result).toBe('failed');
      expect(result.exported).toEqual({});
      expect(result.state).toEqual({ isPost: 'true' });
      expect(result.stdout).not.toMatch(/^\s*::save-state/m);
      expect(result.stdout).not.toContain('[object Object]');
    },
  );

  it("sent_time as Zoom wrote it, with or without its ' +0000'", async () => {
    // The simulator writes the zone on every second answer, as some of Zoom's examples do.
    const [plain, zoned] = [await run(), await run()];
    expect(plain.outputs.sent_time).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/);
    expect(zoned.outputs.sent_time).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d \+0000$/);
    for (const result of [plain, zoned]) {
      expect(result.outputs.result).toBe('sent');
      expect(result.outputs.sent_time).toBe(JSON.parse(result.outputs.response as string).sent_time);
    }
  });

  it('with fail_on_error false, an answer without an id is a warning', async () => {
    answerWith(201, { robot_jid: 'b' });
    const result = await run({ fail_on_error: 'false' });
    expect(result.exitCode).toBe(0);
    expect(result.commands('warning').join('\n')).toContain('no usable message_id (none)');
    expect(result.outputs.result).toBe('failed');
    expect(result.exported).toEqual({});
  });

  it('a reply: thread_id is the root, the summary target the answer to_jid', async () => {
    const root = storedMessage('root-1');
    answerWith(201, { message_id: 'reply-1', to_jid: 'answered@conference.xmpp.zoom.us' });
    const result = await run({ reply_to: root });
    expect(result.outputs).toMatchObject({ message_id: 'reply-1', thread_id: root });
    expect(result.summary).toContain('| Target | answered@conference.xmpp.zoom.us |');
    expect(result.summary).toContain('| Message id | reply-1 |');
  });
});

describe('an edit', () => {
  it('exports nothing: ZOOM_MESSAGE_ID already names the message', async () => {
    const id = storedMessage('m-edit');
    const result = await run({ mode: 'edit', message_id: id, content: 'new' });
    expect(result.outputs).toMatchObject({ result: 'edited', message_id: id, thread_id: id });
    expect(result.exported).toEqual({});
    expect(result.summary).toContain(`| Message id | ${id} |`);
    expect(result.stdout).toMatch(new RegExp(`Zoom message ${id} edited \\(Zoom tracking id \\S+\\)\\.\n`));
  });

  it('an answer without an id: the message is still the one edited', async () => {
    const id = storedMessage('m-quiet');
    answerWith(200, {});
    const result = await run({ mode: 'edit', message_id: id, content: 'new', reply_to: 'root-9' });
    expect(result.outputs).toMatchObject({ result: 'edited', message_id: id, thread_id: 'root-9', to_jid: '' });
    expect(result.summary).toContain(`| Target | ${zoom.options.channels[0]} |`);
    expect(zoom.messages.get(id)?.edits).toBe(1);
  });

  it('without to_jid, the summary names no target', async () => {
    const id = storedMessage('m-no-target');
    answerWith(200, {});
    const result = await run({ mode: 'edit', message_id: id, content: 'new', to_jid: '' });
    expect(result.exitCode).toBe(0);
    expect(result.summary).not.toContain('| Target |');
  });
});

describe('an upsert', () => {
  it('that edits: its id is the message, and it is exported', async () => {
    const id = storedMessage('m-up');
    answerWith(200, {});
    const result = await run({ mode: 'upsert', message_id: id, content: 'new' });
    expect(result.outputs).toMatchObject({ result: 'edited', message_id: id });
    expect(result.exported).toEqual({ ZOOM_MESSAGE_ID: id });
  });

  it('that sends anew: the new id, exported, and the old one only in the request it tried', async () => {
    const result = await run({ mode: 'upsert', message_id: 'gone-long-ago', content: 'new' });
    const [message] = [...zoom.messages.values()];
    expect(result.outputs).toMatchObject({ result: 'sent', message_id: message?.id });
    expect(result.exported).toEqual({ ZOOM_MESSAGE_ID: message?.id });
    expect(zoom.requests.filter((r) => r.path.startsWith('/v2/')).map((r) => `${r.method} ${r.status}`)).toEqual([
      'PUT 404',
      'POST 201',
    ]);
  });
});

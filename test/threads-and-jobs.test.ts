// thread_id for timelines under a root message, and a message id carried from one job to the next
// through job outputs (needs.<job>.outputs.message_id), with no shared environment.

import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ActionRun } from '../tools/run-action.ts';
import { startZoomSimulator, type ZoomSimulator, zoomInputs } from '../tools/zoom-simulator.ts';
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

function step(inputs: Record<string, string>, env: Record<string, string> = {}): Promise<ActionRun> {
  return runAction({
    inputs: {
      ...zoomInputs(zoom),
      ...inputs,
    },
    env,
  });
}

describe('thread_id', () => {
  it('a root, replies under it, the root edited: every step names the same thread', async () => {
    const root = await step({ content: 'Pipeline: building' });
    const rootId = root.outputs.message_id as string;
    expect(root.outputs.thread_id).toBe(rootId);

    const build = await step({ content: 'build: done', reply_to: rootId });
    expect(build.outputs.thread_id).toBe(rootId);
    expect(build.outputs.message_id).not.toBe(rootId);
    expect(zoom.messages.get(build.outputs.message_id as string)?.replyTo).toBe(rootId);

    const test = await step({ mode: 'upsert', content: 'tests: done', reply_to: rootId });
    expect(test.outputs).toMatchObject({ result: 'sent', thread_id: rootId });

    const edited = await step({ mode: 'edit', message_id: rootId, content: 'Pipeline: testing' });
    expect(edited.outputs.thread_id).toBe(rootId);

    // Editing a reply: reply_to is not sent (an edit cannot move a message) but names the thread.
    const replyEdit = await step({
      mode: 'edit',
      message_id: build.outputs.message_id as string,
      reply_to: rootId,
      content: 'build: done in 2m',
    });
    expect(replyEdit.outputs.thread_id).toBe(rootId);
    const put = zoom.requests.at(-1);
    expect(put?.method).toBe('PUT');
    expect(put?.body).not.toHaveProperty('reply_to');
    expect(zoom.messages.size).toBe(3);
  });

  it('is empty for delete and dry run', async () => {
    const sent = await step({ content: 'x' });
    const removed = await step({ mode: 'delete', message_id: sent.outputs.message_id as string });
    expect(removed.outputs.thread_id).toBe('');
    const dry = await step({ content: 'x', dry_run: 'true', reply_to: 'root' });
    expect(dry.outputs.thread_id).toBe('');
  });
});

describe('an id carried across jobs', () => {
  it('job 2 edits the message job 1 sent, through needs.<job>.outputs.message_id', async () => {
    const announce = await step({ content: 'Deploying' });
    expect(announce.exitCode).toBe(0);
    // Job outputs carry the step output; nothing else (no ZOOM_MESSAGE_ID) crosses jobs.
    const fromNeeds = announce.outputs.message_id as string;
    const report = await step({ mode: 'edit', message_id: fromNeeds, content: 'Deployed' });
    expect(report.exitCode).toBe(0);
    expect(report.outputs).toMatchObject({ result: 'edited', message_id: fromNeeds });
    expect(zoom.messages.size).toBe(1);
    expect(zoom.messages.get(fromNeeds)?.content).toEqual({
      body: [{ type: 'message', text: 'Deployed' }],
    });
  });

  it('without the id, an edit in the next job fails before any call: the env does not cross jobs', async () => {
    await step({ content: 'Deploying' });
    zoom.requests.length = 0;
    const report = await step({ mode: 'edit', content: 'Deployed' });
    expect(report.exitCode).toBe(1);
    expect(report.commands('error')[0]).toContain("Input 'message_id' is required");
    expect(zoom.requests).toHaveLength(0);
  });
});

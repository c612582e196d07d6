// A delete retried after an error: when the retry finds the message gone (404, code 8001), whether
// the step reports it deleted (an earlier attempt may have done it) or already gone (none could).

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

/** A message that exists in the simulator, made without a request. */
const storedMessage = (id: string): string => zoom.store(id, 'kept');

/** Applies `fault` to the first message request only. */
function onFirstMessageRequest(fault: Fault): void {
  let done = false;
  zoom.onRequest((req) => {
    if (!req.path.startsWith('/v2/') || done) return undefined;
    done = true;
    return fault;
  });
}

function run(inputs: Record<string, string>): Promise<ActionRun> {
  return runInProcess({ inputs: { ...zoomInputs(zoom), retries: '1', ...inputs } });
}

/** What Zoom answered each message request, in order. */
function messageStatuses(): number[] {
  return zoom.requests.filter((r) => r.path.startsWith('/v2/')).map((r) => r.status);
}

const body = (status: number) => ({ code: status, message: `HTTP ${status} from Zoom` });

describe('a delete Zoom carried out but answered with an error', () => {
  it.each([500, 502, 504])('%i, then 404 code 8001 on the retry: deleted', async (status) => {
    const id = storedMessage('done-by-first-try');
    onFirstMessageRequest({ kind: 'act-then-respond', status, body: body(status) });
    const result = await run({ mode: 'delete', message_id: id });
    expect(result.exitCode).toBe(0);
    expect(messageStatuses()).toEqual([status, 404]);
    expect(result.outputs.result).toBe('deleted');
    expect(result.outputs.deleted_ids).toBe(id);
    expect(result.commands('warning')).toEqual([]);
    expect(result.stdout).toContain(`Zoom delete of ${id}: gone on retry: an earlier attempt deleted it.`);
    expect(result.stdout).toContain('Deleted 1 of 1 Zoom message(s); 0 already gone, 0 failed.');
    expect(result.stdout).toContain(`- ${id}: deleted\n`);
    expect(result.summary).toContain(`| ${id} | deleted |`);
    // The retry's 404 answer is the delete's response; it names no message.
    expect(JSON.parse(result.outputs.response as string)).toMatchObject({ code: 8001 });
    expect(result.outputs.to_jid).toBe('');
  });

  it('and another delete in the same step is counted apart', async () => {
    const first = storedMessage('first');
    const second = storedMessage('second');
    onFirstMessageRequest({ kind: 'act-then-respond', status: 500, body: body(500) });
    const result = await run({ mode: 'delete', message_id: `${first} ${second} never-was` });
    expect(result.exitCode).toBe(0);
    expect(result.outputs.deleted_ids).toBe(`${first}\n${second}`);
    expect(result.commands('warning')).toEqual([
      'Zoom message never-was was already gone (404, code 8001): nothing to delete.',
    ]);
    expect(result.stdout).toContain('Deleted 2 of 3 Zoom message(s); 1 already gone, 0 failed.');
    expect(result.summary).toContain('| never-was | already gone (404, code 8001) |');
  });
});

describe('a delete Zoom refused before acting', () => {
  it.each<[string, Fault]>([
    ['503', { kind: 'respond', status: 503, body: body(503) }],
    ['429', { kind: 'respond', status: 429, body: body(429), headers: { 'Retry-After': '0' } }],
  ])('%s, then 404 code 8001 on the retry: already gone, not deleted', async (_, fault) => {
    onFirstMessageRequest(fault);
    const result = await run({ mode: 'delete', message_id: 'never-was' });
    expect(result.exitCode).toBe(0);
    expect(messageStatuses()).toEqual([fault.kind === 'respond' ? fault.status : 0, 404]);
    expect(result.outputs.result).toBe('deleted');
    expect(result.outputs.deleted_ids).toBe('');
    expect(result.commands('warning')).toEqual([
      'Zoom message never-was was already gone (404, code 8001): nothing to delete.',
    ]);
    expect(result.stdout).not.toContain('gone on retry');
    expect(result.summary).toContain('| never-was | already gone (404, code 8001) |');
  });
});

describe('after an error that may have acted, other answers still count', () => {
  it('a 404 with another code is a failure', async () => {
    let calls = 0;
    zoom.onRequest((req) => {
      if (!req.path.startsWith('/v2/')) return undefined;
      calls += 1;
      return calls === 1
        ? { kind: 'respond', status: 500, body: body(500) }
        : { kind: 'respond', status: 404, body: { code: 404, message: 'Not found' } };
    });
    const result = await run({ mode: 'delete', message_id: 'some-id' });
    expect(result.exitCode).toBe(1);
    expect(result.outputs.result).toBe('failed');
    expect(result.outputs.deleted_ids).toBe('');
    const errors = result.commands('error');
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain(
      'Could not delete some-id: Zoom delete failed: HTTP 404, code 404 (2 attempts): Not found.',
    );
  });

  it('an edit whose retry finds no message fails: only a delete is done when the message is gone', async () => {
    onFirstMessageRequest({ kind: 'respond', status: 500, body: body(500) });
    const result = await run({ mode: 'edit', message_id: 'never-was', content: 'new text' });
    expect(result.exitCode).toBe(1);
    expect(messageStatuses()).toEqual([500, 404]);
    expect(result.outputs.result).toBe('failed');
    const [error] = result.commands('error');
    expect(error).toContain('Zoom edit failed: HTTP 404, code 8001 (2 attempts): Message does not exist: never-was.');
  });
});

// src/index.ts as the runner starts it: the main step runs; a post step runs only with something to
// finalize.

import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startZoomSimulator, type ZoomSimulator, zoomInputs } from '../tools/zoom-simulator.ts';
import { runEntryInProcess } from './support/in-process.ts';

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

describe('the entry', () => {
  it('runs the main step, and then the post step with what it saved', async () => {
    const inputs = { ...zoomInputs(zoom), content: 'Hi', finalize: 'Done' };
    const main = await runEntryInProcess({ inputs });
    expect(main.exitCode).toBe(0);
    expect(main.outputs.result).toBe('sent');
    expect(main.state.isPost).toBe('true');
    const post = await runEntryInProcess({ inputs, state: main.state });
    expect(post.exitCode).toBe(0);
    expect(post.stdout).toContain(`Zoom message ${main.outputs.message_id} finalized`);
    expect(zoom.requests.filter((r) => r.path.startsWith('/v2/')).map((r) => r.method)).toEqual(['POST', 'PUT']);
  });

  it('a post step with nothing to finalize does nothing at all', async () => {
    const post = await runEntryInProcess({ inputs: { ...zoomInputs(zoom), content: 'Hi' }, state: { isPost: 'true' } });
    expect(post.exitCode).toBe(0);
    expect(post.stdout).toBe('');
    expect(post.outputs).toEqual({});
    expect(zoom.requests).toHaveLength(0);
  });
});

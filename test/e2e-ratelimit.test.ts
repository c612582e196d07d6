// The bundled dist/index.js against a Zoom that asks for an absurd wait: the step says the wait is too
// long, as a warning when fail_on_error is false, instead of dying on "Invalid time value". The rest
// of the rate-limit behaviour is tested in-process (test/faults.test.ts, test/bulk-delete.test.ts).

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAction } from '../tools/run-action.ts';
import { startZoomSimulator, type ZoomSimulator, zoomInputs } from '../tools/zoom-simulator.ts';

let zoom: ZoomSimulator;
beforeAll(async () => {
  zoom = await startZoomSimulator();
});
afterAll(async () => {
  await zoom.close();
});

describe('dist/index.js and an absurd Retry-After', () => {
  it('Retry-After: 99999999999999 with fail_on_error false: a warning that it is too long to wait, exit 0', async () => {
    zoom.onRequest((req) =>
      req.path.startsWith('/v2/')
        ? {
            kind: 'respond',
            status: 429,
            body: { code: 429, message: 'You have reached the maximum per-second rate limit for this API.' },
            headers: { 'Retry-After': '99999999999999' },
          }
        : undefined,
    );
    const run = await runAction({ inputs: { ...zoomInputs(zoom), content: 'Hello', fail_on_error: 'false' } });
    expect(run.exitCode, run.stdout + run.stderr).toBe(0);
    expect(run.commands('error')).toEqual([]);
    const warnings = run.commands('warning');
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain(
      "Zoom send failed: HTTP 429, code 429: You have reached the maximum per-second rate limit for this API. Zoom's rate limit resets at a time too far ahead to show (too long to wait), more than the 60 s the action waits",
    );
    expect(warnings[0]).toContain('(fail_on_error is false: the step goes on)');
    expect(`${run.stdout}${run.stderr}`).not.toContain('Invalid time value');
    expect(run.outputs.result).toBe('failed');
    expect(zoom.requests.map((r) => `${r.method} ${r.path} -> ${r.status}`)).toEqual([
      'POST /oauth/token -> 200',
      'POST /v2/im/chat/messages -> 429',
    ]);
    expect(zoom.messages.size).toBe(0);
  });
});

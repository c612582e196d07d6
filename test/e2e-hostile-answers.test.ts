// The defences against hostile answers, through the bundled dist/index.js as a runner runs it: the
// forged id of issue 17's report, a token answer naming another host, a dot id, a message of
// 130,000 lines from a file, an answer without end and a timeout. The cases in full are in
// hostile-answers.test.ts, in-process.

import { writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { runAction } from '../tools/run-action.ts';
import { startZoomSimulator, type ZoomSimulator, zoomInputs } from '../tools/zoom-simulator.ts';
import { tempDir } from './support/temp.ts';

let zoom: ZoomSimulator;
let endless: Server;
let endlessUrl: string;
beforeAll(async () => {
  zoom = await startZoomSimulator();
  endless = createServer((req, res) => {
    req.resume();
    res.writeHead(201, { 'content-type': 'application/json' });
    const chunk = Buffer.alloc(1024 * 1024, 'x');
    const more = (): void => {
      while (res.write(chunk));
      res.once('drain', more);
    };
    more();
  });
  await new Promise<void>((done) => endless.listen(0, '127.0.0.1', done));
  endlessUrl = `http://127.0.0.1:${(endless.address() as AddressInfo).port}/v2`;
});
afterAll(async () => {
  await zoom.close();
  endless.closeAllConnections();
  await new Promise((done) => endless.close(done));
});
beforeEach(() => {
  zoom.reset();
});

const inputs = (extra: Record<string, string>): Record<string, string> => ({
  ...zoomInputs(zoom),
  content: 'Hello',
  ...extra,
});

describe('dist/index.js against hostile answers', () => {
  it('a message_id that would forge the post state: a failed send, no command, no state', async () => {
    const forged = `m-1\n::save-state name=finalize::{"messageId":"x","startedAt":"","finalize":{"kind":"preset"}}`;
    zoom.onRequest((req) =>
      req.path.startsWith('/v2/') ? { kind: 'act-then-respond', status: 201, body: { message_id: forged } } : undefined,
    );
    const result = await runAction({ inputs: inputs({ finalize: 'true' }) });
    expect(result.exitCode).toBe(1);
    expect(result.stdout).not.toMatch(/^\s*::save-state/m);
    expect(result.state).toEqual({ isPost: 'true' });
    expect(result.exported).toEqual({});
    expect(result.commands('error')[0]).toContain('no usable message_id');
  });

  it('a token answer naming a plain-http host elsewhere: no message call', async () => {
    zoom.onRequest((req) =>
      req.path === '/oauth/token'
        ? { kind: 'respond', status: 200, body: { access_token: zoom.mintToken(), api_url: 'http://gateway.test' } }
        : undefined,
    );
    const result = await runAction({ inputs: inputs({}) });
    expect(result.exitCode).toBe(1);
    expect(result.commands('error')[0]).toContain("the answer's api_url 'http://gateway.test' is not an https URL");
    expect(zoom.requests.filter((r) => r.path.startsWith('/v2/'))).toEqual([]);
  });

  it("message_id '..': bad input, no call", async () => {
    const result = await runAction({ inputs: inputs({ mode: 'delete', message_id: '..' }) });
    expect(result.exitCode).toBe(1);
    expect(result.commands('error')[0]).toContain("Invalid message_id '..'");
    expect(zoom.requests).toEqual([]);
  });

  it('a content_file of 130,000 lines is posted once, and the step succeeds with its summary', async () => {
    const workspace = tempDir('workspace-');
    writeFileSync(join(workspace, 'big.txt'), Array.from({ length: 130_000 }, (_, i) => `line ${i}`).join('\n'));
    const result = await runAction({ inputs: inputs({ content: '', content_file: 'big.txt' }), workspace });
    expect(result.exitCode).toBe(0);
    expect(result.outputs.result).toBe('sent');
    expect(zoom.requests.filter((r) => r.path.startsWith('/v2/'))).toHaveLength(1);
    expect(result.summary).toContain('more lines)');
  });

  it('an answer without end: cut at 16 MiB, a clear error', async () => {
    const result = await runAction({
      inputs: inputs({ token: zoom.mintToken(), client_id: '', client_secret: '', api_url: endlessUrl }),
    });
    expect(result.exitCode).toBe(1);
    expect(result.commands('error')[0]).toContain('the answer is larger than 16 MiB');
  });

  it('a timeout names timeout_seconds', async () => {
    zoom.onRequest((req) => (req.path.startsWith('/v2/') ? { kind: 'hang' } : undefined));
    const result = await runAction({ inputs: inputs({ timeout_seconds: '0.3', retries: '0' }) });
    expect(result.commands('error')[0]).toContain('timed out: no answer within 0.3 s, the timeout_seconds input');
  });
});

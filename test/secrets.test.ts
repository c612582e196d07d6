// Secrets never show: not in logs, outputs, the summary or errors, even when Zoom (or something in
// front of it) echoes the request back. runAction scans every end-to-end run; these runs provoke it.

import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type ActionRun, findLeaks, secretsOf } from '../tools/run-action.ts';
import { startZoomSimulator, type ZoomSimulator } from '../tools/zoom-simulator.ts';
import { runInProcess as runAction } from './support/in-process.ts';

// A secret with characters that JSON and URLs escape, so echoes hold it in other forms too.
const SECRET = 'sec"ret/with+odd&chars\\x';
let zoom: ZoomSimulator;

beforeAll(async () => {
  zoom = await startZoomSimulator({ clientSecret: SECRET });
});
afterAll(async () => {
  await zoom.close();
});
beforeEach(() => {
  zoom.reset();
});

function inputs(extra: Record<string, string> = {}): Record<string, string> {
  return {
    client_id: zoom.options.clientId,
    client_secret: SECRET,
    robot_jid: zoom.options.robotJid,
    account_id: zoom.options.accountId,
    to_jid: zoom.options.channels[0] as string,
    oauth_url: zoom.oauthUrl,
    content: 'hello',
    ...extra,
  };
}

/** Everything a person could see of a run, add-mask lines aside. */
function visible(run: ActionRun): string {
  return [
    ...run.stdout.split('\n').filter((line) => !line.startsWith('::add-mask::')),
    run.stderr,
    ...Object.values(run.outputs),
    run.summary,
  ].join('\n');
}

describe('echoed secrets', () => {
  it('a token endpoint error that echoes the Basic header and the secret', async () => {
    zoom.onRequest((req) =>
      req.path === '/oauth/token'
        ? {
            kind: 'respond',
            status: 400,
            body: {
              error: 'invalid_request',
              reason: `bad request: ${req.headers.authorization} ${JSON.stringify({ client_secret: SECRET })} ${encodeURIComponent(SECRET)}`,
            },
          }
        : undefined,
    );
    const run = await runAction({ inputs: inputs() });
    expect(run.exitCode).toBe(1);
    const basic = Buffer.from(`${zoom.options.clientId}:${SECRET}`).toString('base64');
    const text = visible(run);
    for (const form of [SECRET, basic, JSON.stringify(SECRET).slice(1, -1), encodeURIComponent(SECRET)]) {
      expect(text).not.toContain(form);
    }
    expect(run.commands('error')[0]).toContain('bad request: Basic ***');
  });

  it('a message error that echoes the bearer token, cut short in the middle of it', async () => {
    zoom.onRequest((req) => {
      if (!req.path.startsWith('/v2/')) return undefined;
      // An HTML page (so the action shows its start): the token lands across the 200-character cut.
      const page = `<html><body>${'e'.repeat(150)} ${req.headers.authorization} ${'f'.repeat(100)}</body></html>`;
      return { kind: 'respond', status: 400, body: page };
    });
    const run = await runAction({ inputs: inputs() });
    expect(run.exitCode).toBe(1);
    const minted = String(zoom.requests[1]?.headers.authorization).slice('Bearer '.length);
    expect(minted.length).toBeGreaterThan(20);
    const text = visible(run);
    // Not the token, nor the part of it before the cut.
    expect(text).not.toContain(minted.slice(0, 12));
    expect(run.commands('error')[0]).toContain('Bearer ***');
  });

  it('a given token echoed in an error, the response output and the summary', async () => {
    const token = zoom.mintToken();
    zoom.onRequest((req) =>
      req.path.startsWith('/v2/')
        ? {
            kind: 'respond',
            status: 403,
            body: { code: 7004, message: `token ${token} not allowed` },
          }
        : undefined,
    );
    const { client_id: _, client_secret: __, ...rest } = inputs();
    const run = await runAction({ inputs: { ...rest, token, api_url: zoom.apiUrl } });
    expect(run.exitCode).toBe(1);
    expect(run.outputs.response).toContain('token *** not allowed');
    expect(run.summary).toContain('token *** not allowed');
    expect(visible(run)).not.toContain(token);
  });
});

describe('the leak scan itself', () => {
  it('finds a secret in any stream, and skips only add-mask lines', () => {
    const run: ActionRun = {
      exitCode: 0,
      stdout: '::add-mask::s3cr3t\nall fine\n',
      stderr: '',
      outputs: { response: '{"ok":true}' },
      exported: {},
      state: {},
      summary: '',
      commands: () => [],
    };
    expect(findLeaks(run, '', ['s3cr3t'])).toEqual([]);
    expect(findLeaks({ ...run, stdout: 'token s3cr3t' }, '', ['s3cr3t'])).toHaveLength(1);
    expect(findLeaks({ ...run, stderr: 's3cr3t' }, '', ['s3cr3t'])).toHaveLength(1);
    expect(findLeaks({ ...run, summary: 's3cr3t' }, '', ['s3cr3t'])).toHaveLength(1);
    expect(findLeaks({ ...run, outputs: { response: 's3cr3t' } }, '', ['s3cr3t'])).toHaveLength(1);
    expect(findLeaks({ ...run, exported: { X: 's3cr3t' } }, '', ['s3cr3t'])).toHaveLength(1);
    expect(findLeaks(run, 'state s3cr3t', ['s3cr3t'])).toHaveLength(1);
  });

  it('knows the client secret, a given token, proxy passwords and every minted token', () => {
    const minted = zoom.mintToken();
    const secrets = secretsOf({
      INPUT_CLIENT_SECRET: 'cs',
      INPUT_TOKEN: 'tk',
      ZOOM_CLIENT_SECRET: 'env-cs',
      HTTPS_PROXY: 'http://u:p%40ss@proxy:3128',
    });
    expect(secrets).toEqual(expect.arrayContaining(['cs', 'tk', 'env-cs', 'p@ss', minted]));
  });
});

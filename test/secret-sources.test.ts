// Every place a credential can come from is masked: the Zoom app secret given only in the
// environment (and the Basic header made of it), a second secret in the environment behind the
// input, and the GitHub token as an input and in the environment. Each run has Zoom echo the values
// back; none may show (the run's collector also fails on any it knows of), and the echo is seen
// masked, so the test cannot pass because nothing was echoed.

import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ActionRun } from '../tools/run-action.ts';
import { startZoomSimulator, type ZoomSimulator } from '../tools/zoom-simulator.ts';
import { runInProcess } from './support/in-process.ts';

// Characters JSON and URLs escape, so an echo may hold each secret in three forms.
const APP_SECRET = 'env"secret/with+odd&chars\\y';
const OTHER_SECRET = 'an-older-secret-left-in-env';
const INPUT_GITHUB_TOKEN = 'ghs_inputTokenInputToken0123456789';
const ENV_GITHUB_TOKEN = 'ghs_envTokenEnvTokenEnv0123456789';

let zoom: ZoomSimulator;

beforeAll(async () => {
  zoom = await startZoomSimulator({ clientSecret: APP_SECRET });
});
afterAll(async () => {
  await zoom.close();
});
beforeEach(() => {
  zoom.reset();
});

/** The inputs of a send, without any credential. */
function target(): Record<string, string> {
  return {
    robot_jid: zoom.options.robotJid,
    account_id: zoom.options.accountId,
    to_jid: zoom.options.channels[0] as string,
    oauth_url: zoom.oauthUrl,
    content: 'hello',
  };
}

/** Each value as it is, JSON-escaped and URL-escaped. */
function forms(...values: string[]): string[] {
  return values.flatMap((value) => [value, JSON.stringify(value).slice(1, -1), encodeURIComponent(value)]);
}

/** Everything a person could see of a run, add-mask lines aside. */
function visible(run: ActionRun): string {
  return [
    ...run.stdout.split('\n').filter((line) => !line.startsWith('::add-mask::')),
    run.stderr,
    ...Object.values(run.outputs),
    ...Object.values(run.exported),
    run.summary,
  ].join('\n');
}

/** Has Zoom's answer to message requests echo `values` in all their forms in an error. */
function echoOnMessages(...values: string[]): void {
  zoom.onRequest((req) =>
    req.path.startsWith('/v2/')
      ? {
          kind: 'respond',
          status: 400,
          body: { code: 300, message: `echo: ${forms(...values).join(' ')}` },
        }
      : undefined,
  );
}

describe('credentials from every source are masked', () => {
  it('the app secret given only as env ZOOM_CLIENT_SECRET, and the Basic header made of it', async () => {
    zoom.onRequest((req) =>
      req.path === '/oauth/token'
        ? {
            kind: 'respond',
            status: 400,
            body: {
              error: 'invalid_request',
              reason: `echo: ${req.headers.authorization} ${forms(APP_SECRET).join(' ')}`,
            },
          }
        : undefined,
    );
    const run = await runInProcess({
      inputs: target(),
      env: { ZOOM_CLIENT_ID: zoom.options.clientId, ZOOM_CLIENT_SECRET: APP_SECRET },
    });
    expect(run.exitCode).toBe(1);
    const basic = Buffer.from(`${zoom.options.clientId}:${APP_SECRET}`).toString('base64');
    for (const form of [basic, ...forms(APP_SECRET)]) expect(visible(run)).not.toContain(form);
    expect(run.commands('error')).toEqual([
      expect.stringContaining(
        'Zoom token request failed: HTTP 400, code invalid_request: echo: Basic *** *** *** ***.',
      ),
    ]);
  });

  it('a second app secret in the environment, behind the client_secret input', async () => {
    echoOnMessages(OTHER_SECRET);
    const run = await runInProcess({
      inputs: { ...target(), client_id: zoom.options.clientId, client_secret: APP_SECRET },
      env: { ZOOM_CLIENT_SECRET: OTHER_SECRET },
    });
    expect(run.exitCode).toBe(1);
    for (const form of forms(OTHER_SECRET)) expect(visible(run)).not.toContain(form);
    expect(run.commands('error')[0]).toContain('code 300: echo: *** *** ***.');
  });

  it('the github_token input and env GITHUB_TOKEN, in the main step', async () => {
    echoOnMessages(INPUT_GITHUB_TOKEN, ENV_GITHUB_TOKEN);
    const run = await runInProcess({
      inputs: {
        ...target(),
        client_id: zoom.options.clientId,
        client_secret: APP_SECRET,
        github_token: INPUT_GITHUB_TOKEN,
      },
      env: { GITHUB_TOKEN: ENV_GITHUB_TOKEN },
    });
    expect(run.exitCode).toBe(1);
    for (const form of forms(INPUT_GITHUB_TOKEN, ENV_GITHUB_TOKEN)) {
      expect(visible(run)).not.toContain(form);
    }
    expect(run.commands('error')[0]).toContain('code 300: echo: *** *** *** *** *** ***.');
    expect(run.summary).toContain('echo: *** *** *** *** *** ***');
  });

  it('env GITHUB_TOKEN alone, in the post step', async () => {
    const inputs = {
      ...target(),
      client_id: zoom.options.clientId,
      client_secret: APP_SECRET,
      finalize: 'Done',
    };
    const main = await runInProcess({ inputs });
    expect(main.exitCode).toBe(0);
    echoOnMessages(ENV_GITHUB_TOKEN);
    const post = await runInProcess({
      inputs,
      // No GitHub to ask: the outcome stays unknown, and the edit gets Zoom's echo.
      env: { GITHUB_TOKEN: ENV_GITHUB_TOKEN, GITHUB_API_URL: 'http://127.0.0.1:9' },
      state: main.state,
    });
    expect(post.exitCode).toBe(0);
    for (const form of forms(ENV_GITHUB_TOKEN)) expect(visible(post)).not.toContain(form);
    expect(post.commands('warning').join('\n')).toContain('code 300: echo: *** *** ***.');
  });
});

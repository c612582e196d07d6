// What Zoom's own material says, held: JIDs look like JIDs, the hint for a user-managed app's 7001,
// and Zoom for Government's pair of hosts.

import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { withGovHint } from '../src/zoom/connect.ts';
import { ZoomApiError } from '../src/zoom/errors.ts';
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

const run = (inputs: Record<string, string>) =>
  runInProcess({ inputs: { ...zoomInputs(zoom), content: 'Hello', retries: '0', ...inputs } });

describe('JIDs look like JIDs', () => {
  it.each([
    [
      'robot_jid',
      { robot_jid: 'v1abc' },
      "Invalid robot_jid 'v1abc'. Expected a JID: the Bot JID on the app's Features page, such as v1abc123@xmpp.zoom.us.",
    ],
    [
      'to_jid',
      { to_jid: 'C0123456789' },
      "Invalid to_jid 'C0123456789'. Expected a JID: a channel's ID followed by @conference.xmpp.zoom.us, or a user's ID in lower case followed by @xmpp.zoom.us.",
    ],
    [
      'user_jid',
      { user_jid: 'KDcuGIm1QgePTO8WbOqwIQ' },
      "Invalid user_jid 'KDcuGIm1QgePTO8WbOqwIQ'. Expected a JID: a user's ID in lower case followed by @xmpp.zoom.us.",
    ],
    [
      'to_jid on an edit',
      { mode: 'edit', message_id: 'm-1', to_jid: 'channel-id' },
      "Invalid to_jid 'channel-id'. Expected a JID: a channel's ID followed by @conference.xmpp.zoom.us, or a user's ID in lower case followed by @xmpp.zoom.us.",
    ],
  ])('%s without an @: bad input before any call', async (_, inputs, error) => {
    const result = await run(inputs);
    expect(result.exitCode).toBe(1);
    expect(result.commands('error')).toEqual([error]);
    expect(zoom.requests).toEqual([]);
  });

  it('visible_to_user is a user ID, as Zoom documents it: not checked, passed as given', async () => {
    const result = await run({ visible_to_user: 'KDcuGIm1QgePTO8WbOqwIQ' });
    expect(result.exitCode).toBe(0);
    const [send] = zoom.requests.filter((r) => r.path.startsWith('/v2/'));
    expect((send?.body as Record<string, unknown> | undefined)?.visible_to_user).toBe('KDcuGIm1QgePTO8WbOqwIQ');
  });
});

describe('a 7001 and user-managed apps', () => {
  const refuse = () =>
    zoom.onRequest((req) =>
      req.path.startsWith('/v2/')
        ? { kind: 'respond', status: 400, body: { code: 7001, message: 'Invalid request body.' } }
        : undefined,
    );

  it.each(['send', 'edit'])('%s without user_jid: the hint names user_jid', async (mode) => {
    refuse();
    const result = await run(mode === 'edit' ? { mode, message_id: 'm-1' } : { mode });
    expect(result.commands('error')[0]).toContain(
      "Or set 'user_jid': it is required when the app is user-managed (the user's JID, on whose behalf the bot posts).",
    );
  });

  it('with user_jid given: only the content hint', async () => {
    refuse();
    const result = await run({ user_jid: 'someone@xmpp.zoom.us' });
    const [error] = result.commands('error');
    expect(error).toContain("Zoom refused the request body: check the content's shape");
    expect(error).not.toContain("'user_jid'");
  });

  it('a delete refused with 7001: no user_jid hint (Zoom documents none for it)', async () => {
    refuse();
    const result = await run({ mode: 'delete', message_id: 'm-1' });
    expect(result.commands('error')[0]).not.toContain("'user_jid'");
  });
});

describe("Zoom for Government's hosts", () => {
  const refused = () =>
    new ZoomApiError('Zoom token request failed: HTTP 400, code invalid_client: Invalid client_id or client_secret.', {
      status: 400,
      code: 'invalid_client',
      zoomMessage: 'Invalid client_id or client_secret',
      trackingId: undefined,
      body: '',
    });
  const hosts = (apiUrl: string | undefined, oauthUrl: string) => ({
    apiUrl: apiUrl ? new URL(apiUrl) : undefined,
    oauthUrl: new URL(oauthUrl),
  });
  const hint = 'set oauth_url to https://zoomgov.com/oauth/token too';

  it('api_url on zoomgov.com with the commercial token URL: the hint says to set oauth_url', () => {
    const error = withGovHint(refused(), hosts('https://api.zoomgov.com/v2', 'https://zoom.us/oauth/token') as never);
    expect((error as Error).message).toContain(hint);
  });

  it.each([
    ['both hosts on zoomgov.com', 'https://api.zoomgov.com/v2', 'https://zoomgov.com/oauth/token'],
    ['commercial hosts', 'https://api.zoom.us/v2', 'https://zoom.us/oauth/token'],
    ['no api_url', undefined, 'https://zoom.us/oauth/token'],
  ])('%s: no such hint', (_, apiUrl, oauthUrl) => {
    const error = withGovHint(refused(), hosts(apiUrl, oauthUrl) as never);
    expect((error as Error).message).not.toContain(hint);
  });

  it('another failure than invalid_client: no such hint', () => {
    const other = new ZoomApiError('x', {
      status: 500,
      code: 'server_error',
      zoomMessage: '',
      trackingId: undefined,
      body: '',
    });
    const error = withGovHint(other, hosts('https://api.zoomgov.com/v2', 'https://zoom.us/oauth/token') as never);
    expect(error).toBe(other);
  });
});

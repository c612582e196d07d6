import { describe, expect, it } from 'vitest';
import { parseInputs, type Settings } from '../src/action/settings.js';
import { InputError } from '../src/errors.js';

const BASE = {
  client_id: 'id-123',
  client_secret: 'secret-456',
  robot_jid: 'bot@xmpp.zoom.us',
  account_id: 'acct',
  to_jid: 'chan@conference.xmpp.zoom.us',
  content: 'Hello',
};

// Like the runner's getInput: unset inputs read as '', values are trimmed.
function parse(inputs: Record<string, string>, env: NodeJS.ProcessEnv = {}): Settings {
  return parseInputs((name) => (inputs[name] ?? '').trim(), env);
}

function failure(inputs: Record<string, string>, env: NodeJS.ProcessEnv = {}): string {
  try {
    parse(inputs, env);
  } catch (error) {
    expect(error).toBeInstanceOf(InputError);
    return (error as Error).message;
  }
  throw new Error('expected parseInputs to throw');
}

describe('parseInputs', () => {
  it('applies every default for a send', () => {
    const settings = parse(BASE);
    expect(settings).toMatchObject({
      mode: 'send',
      toJid: BASE.to_jid,
      content: { input: 'content', value: 'Hello' },
      auth: { kind: 'credentials', clientId: 'id-123', clientSecret: 'secret-456' },
      isMarkdown: false,
      failOnError: true,
      dryRun: false,
      apiUrl: undefined,
    });
    expect(settings.oauthUrl.href).toBe('https://zoom.us/oauth/token');
  });

  it('falls back to the documented environment variables', () => {
    const settings = parse(
      { content: 'x', mode: 'edit' },
      {
        ZOOM_CLIENT_ID: 'env-id',
        ZOOM_CLIENT_SECRET: 'env-secret',
        ZOOM_ROBOT_JID: 'env-bot@xmpp.zoom.us',
        ZOOM_ACCOUNT_ID: 'env-acct',
        ZOOM_TO_JID: 'env-chan@conference.xmpp.zoom.us',
        ZOOM_MESSAGE_ID: 'env-msg',
      },
    );
    expect(settings).toMatchObject({
      mode: 'edit',
      messageId: 'env-msg',
      robotJid: 'env-bot@xmpp.zoom.us',
      accountId: 'env-acct',
      toJid: 'env-chan@conference.xmpp.zoom.us',
      auth: { kind: 'credentials', clientId: 'env-id', clientSecret: 'env-secret' },
    });
  });

  it('prefers the input over the environment', () => {
    const settings = parse({ ...BASE, mode: 'edit', message_id: 'input-msg' }, { ZOOM_MESSAGE_ID: 'env-msg' });
    expect(settings).toMatchObject({ messageId: 'input-msg' });
  });

  it('uses a given token as is and ignores credentials', () => {
    expect(parse({ ...BASE, token: 'tok' }).auth).toEqual({ kind: 'token', token: 'tok' });
  });

  it('splits delete ids on newlines, commas and spaces, dropping repeats', () => {
    const settings = parse({ ...BASE, mode: 'delete', message_id: 'a, b\nc  d,,a\n' });
    expect(settings).toMatchObject({ mode: 'delete', messageIds: ['a', 'b', 'c', 'd'] });
  });

  it('reads booleans as the toolkit does and refuses anything else', () => {
    expect(parse({ ...BASE, is_markdown_support: 'TRUE', fail_on_error: 'False' })).toMatchObject({
      isMarkdown: true,
      failOnError: false,
    });
    expect(failure({ ...BASE, dry_run: 'yes' })).toBe("Invalid dry_run 'yes'. Expected true or false.");
  });

  it('needs no credentials in a dry run', () => {
    const { client_id: _, client_secret: __, ...rest } = BASE;
    expect(parse({ ...rest, dry_run: 'true' }).auth).toBeUndefined();
  });

  it("skips with missing_credentials 'skip' and no credential at all: the ids may be empty; a dry run is no skip", () => {
    const none = { client_id: '', client_secret: '', robot_jid: '', account_id: '', to_jid: '' };
    expect(parse({ ...BASE, ...none, missing_credentials: 'skip' })).toMatchObject({ skip: true, auth: undefined });
    expect(parse({ ...BASE, missing_credentials: 'skip' })).toMatchObject({
      skip: false,
      auth: { kind: 'credentials' },
    });
    const dry = parse({ ...BASE, client_id: '', client_secret: '', missing_credentials: 'skip', dry_run: 'true' });
    expect(dry).toMatchObject({ skip: false, auth: undefined, dryRun: true });
  });

  it.each([
    [{ mode: 'post' }, "Invalid mode 'post'. Expected one of: send, edit, delete, upsert."],
    [{ mode: 'edit' }, "Input 'message_id' is required when mode is 'edit'"],
    [{ mode: 'delete' }, "Input 'message_id' is required when mode is 'delete'"],
    [{ mode: 'edit', message_id: 'a b' }, "Input 'message_id' holds several ids ('a b')"],
    [{ content: '' }, "Input 'content' is required"],
    [{ content_file: 'msg.yml' }, "Inputs 'content' and 'content_file' are both set"],
    [{ robot_jid: '' }, "Input 'robot_jid' is required (or set ZOOM_ROBOT_JID)"],
    [{ account_id: '' }, "Input 'account_id' is required (or set ZOOM_ACCOUNT_ID)"],
    [{ to_jid: '' }, "Input 'to_jid' is required when mode is 'send' (or set ZOOM_TO_JID)"],
    [{ mode: 'upsert', to_jid: '' }, "Input 'to_jid' is required when mode is 'upsert'"],
    [{ client_secret: '' }, "Input 'client_secret' is required"],
    [{ client_id: '', client_secret: '' }, "Inputs 'client_id' and 'client_secret' are required: set both"],
    [{ api_url: 'api.zoom.us/v2' }, "Invalid api_url 'api.zoom.us/v2'. Expected an http(s) URL"],
    [
      { oauth_url: 'ftp://zoom.us/token' },
      "Invalid oauth_url 'ftp://zoom.us/token'. Expected an http(s) URL such as https://zoom.us/oauth/token.",
    ],
  ])('refuses %o', (change, expected) => {
    expect(failure({ ...BASE, ...change })).toContain(expected);
  });

  it('does not need to_jid for an edit', () => {
    expect(parse({ ...BASE, mode: 'edit', message_id: 'm', to_jid: '' })).toMatchObject({
      toJid: undefined,
    });
  });
});

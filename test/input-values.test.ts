// Each input's accepted spellings and limits, and the exact error for what is refused, through
// parseInputs as the action calls it.

import { describe, expect, it } from 'vitest';
import { parseInputs, type Settings } from '../src/action/settings.js';
import { InputError } from '../src/errors.js';

const BASE: Record<string, string> = {
  client_id: 'id-123',
  client_secret: 'secret-456',
  robot_jid: 'bot@xmpp.zoom.us',
  account_id: 'acct',
  to_jid: 'chan@conference.xmpp.zoom.us',
  content: 'Hello',
};

function parse(inputs: Record<string, string>, env: NodeJS.ProcessEnv = {}): Settings {
  const all = { ...BASE, ...inputs };
  return parseInputs((name) => (all[name] ?? '').trim(), env);
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

describe('booleans', () => {
  it.each([
    ['true', true],
    ['True', true],
    ['TRUE', true],
    ['false', false],
    ['False', false],
    ['FALSE', false],
  ])('%s', (text, value) => {
    expect(parse({ is_markdown_support: text, fail_on_error: text, dry_run: text })).toMatchObject({
      isMarkdown: value,
      failOnError: value,
      dryRun: value,
    });
  });

  it.each(['yes', 'tRue', '1'])('refuses %j, naming the input', (text) => {
    expect(failure({ fail_on_error: text })).toBe(`Invalid fail_on_error '${text}'. Expected true or false.`);
    expect(failure({ is_markdown_support: text })).toBe(
      `Invalid is_markdown_support '${text}'. Expected true or false.`,
    );
  });

  it('finalize: the preset card for any true, off for any false, else a template', () => {
    for (const text of ['true', 'True', 'TRUE']) expect(parse({ finalize: text }).finalize).toEqual({ kind: 'preset' });
    for (const text of ['false', 'False', 'FALSE', '']) expect(parse({ finalize: text }).finalize).toBeUndefined();
    expect(parse({ finalize: 'Done' }).finalize).toEqual({ kind: 'template', text: 'Done' });
  });
});

describe('timeout_seconds', () => {
  it.each([
    ['3600', 3_600_000],
    ['0.001', 1],
    ['12.75', 12_750],
    ['.5', 500],
  ])('%s', (text, ms) => {
    expect(parse({ timeout_seconds: text }).timeoutMs).toBe(ms);
  });

  it.each(['3600.5', '1.', '1.5s', 'x1.5', '.5s', '1..5', '-1', '0.0'])('refuses %j', (text) => {
    expect(failure({ timeout_seconds: text })).toBe(
      `Invalid timeout_seconds '${text}'. Expected a number of seconds above 0 and at most 3600, such as 30 or 2.5.`,
    );
  });
});

describe('required inputs', () => {
  it.each([
    [
      'robot_jid',
      'ZOOM_ROBOT_JID',
      " It is the Bot JID on your app's Features > Team Chat Subscription page in the Zoom App Marketplace.",
    ],
    ['account_id', 'ZOOM_ACCOUNT_ID', " It is the Account ID on your app's App Credentials page."],
  ])('%s says where to find it', (name, variable, hint) => {
    expect(failure({ [name]: '' })).toBe(`Input '${name}' is required (or set ${variable}).${hint}`);
  });

  it('to_jid says where to find it, and for which mode', () => {
    expect(failure({ to_jid: '' })).toBe(
      "Input 'to_jid' is required when mode is 'send' (or set ZOOM_TO_JID). It is the JID of the channel (…@conference.xmpp.zoom.us) or user (…@xmpp.zoom.us) to post to.",
    );
  });

  it('each falls back to its variable, trimmed', () => {
    expect(
      parse(
        { robot_jid: '', account_id: '', to_jid: '', client_id: '', client_secret: '' },
        {
          ZOOM_ROBOT_JID: ' env-bot@xmpp.zoom.us ',
          ZOOM_ACCOUNT_ID: ' env-acct ',
          ZOOM_TO_JID: ' env-chan@conference.xmpp.zoom.us ',
          ZOOM_CLIENT_ID: ' env-id ',
          ZOOM_CLIENT_SECRET: ' env-secret ',
          GITHUB_TOKEN: ' env-gh ',
        },
      ),
    ).toMatchObject({
      robotJid: 'env-bot@xmpp.zoom.us',
      accountId: 'env-acct',
      toJid: 'env-chan@conference.xmpp.zoom.us',
      auth: { kind: 'credentials', clientId: 'env-id', clientSecret: 'env-secret' },
      githubToken: 'env-gh',
    });
  });

  it('a blank variable is no value', () => {
    expect(failure({ robot_jid: '' }, { ZOOM_ROBOT_JID: '   ' })).toContain("Input 'robot_jid' is required");
    expect(parse({}, { GITHUB_TOKEN: '  ' }).githubToken).toBeUndefined();
  });

  it('names the one credential missing, or both', () => {
    const how =
      "(the chatbot app's credentials, or ZOOM_CLIENT_ID and ZOOM_CLIENT_SECRET), or 'token' with an already minted chatbot token.";
    expect(failure({ client_secret: '' })).toBe(
      `Input 'client_secret' is required: set 'client_id' and 'client_secret' ${how}`,
    );
    expect(failure({ client_id: '' })).toBe(
      `Input 'client_id' is required: set 'client_id' and 'client_secret' ${how}`,
    );
    expect(failure({ client_id: '', client_secret: '' })).toBe(
      `Inputs 'client_id' and 'client_secret' are required: set both ${how} Where secrets are empty (a pull request from a fork or from Dependabot), missing_credentials 'skip' skips the step instead.`,
    );
  });
});

describe('message ids', () => {
  it('a delete splits on any run of newlines, commas and spaces, each id once, in order', () => {
    expect(parse({ mode: 'delete', message_id: 'b, a\n\n b,,c\t a' })).toMatchObject({ messageIds: ['b', 'a', 'c'] });
  });

  it('a delete of nothing but separators is a missing id', () => {
    expect(failure({ mode: 'delete', message_id: ' , \n' })).toBe(
      "Input 'message_id' is required when mode is 'delete': one or more message ids separated by newlines, commas or spaces (or set ZOOM_MESSAGE_ID).",
    );
  });

  it.each(['a,b', 'a b', 'a\nb'])('an edit refuses several ids: %j', (text) => {
    expect(failure({ mode: 'edit', message_id: text })).toBe(
      `Input 'message_id' holds several ids ('${text}'), but mode 'edit' changes one message. Expected a single id; only mode 'delete' takes a list.`,
    );
  });

  it('an upsert takes one id, or none', () => {
    expect(parse({ mode: 'upsert', message_id: 'm1' })).toMatchObject({ mode: 'upsert', messageId: 'm1' });
    expect(parse({ mode: 'upsert' })).toMatchObject({ mode: 'upsert', messageId: undefined });
    expect(parse({ mode: 'send', message_id: 'ignored' })).not.toHaveProperty('messageId');
  });
});

describe('content sources', () => {
  it('content_file names a file; content is the text; a preset alone is enough', () => {
    expect(parse({ content: '', content_file: 'msg.yml' })).toMatchObject({
      content: { input: 'content_file', value: 'msg.yml' },
    });
    expect(parse({})).toMatchObject({ content: { input: 'content', value: 'Hello' } });
    expect(parse({ content: '', preset: 'Deploy' })).toMatchObject({ content: undefined, preset: 'deploy' });
  });

  it('an unknown preset, with a suggestion', () => {
    expect(failure({ preset: 'deplyo' })).toMatch(
      /^Invalid preset 'deplyo' \(did you mean 'deploy'\?\)\. Expected one of: /,
    );
  });
});

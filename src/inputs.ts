// Raw action inputs -> one typed, validated settings value. Everything after this works on types.

import { InputError } from './errors.js';

export const MODES = ['send', 'edit', 'delete', 'upsert'] as const;
export type Mode = (typeof MODES)[number];

/** How the action authenticates: a given token, or app credentials to mint one. */
export type Auth =
  | { kind: 'token'; token: string }
  | { kind: 'credentials'; clientId: string; clientSecret: string };

/** Where the message template comes from. */
export interface ContentSource {
  input: 'content' | 'content_file';
  /** The inline text, or the workspace-relative path for content_file. */
  value: string;
}

interface CommonSettings {
  robotJid: string;
  accountId: string;
  /** Absent only in a dry run, which calls nothing. */
  auth: Auth | undefined;
  /** The api_url input; absent when the token answer or the default decides. */
  apiUrl: URL | undefined;
  oauthUrl: URL;
  userJid: string | undefined;
  isMarkdown: boolean;
  failOnError: boolean;
  dryRun: boolean;
  /** Retries after the first attempt of each call (0: one attempt). */
  retries: number;
  /** How long one request may take, first byte sent to last byte received. */
  timeoutMs: number;
}

export type Settings = CommonSettings &
  (
    | {
        mode: 'send';
        content: ContentSource;
        toJid: string;
        visibleToUser: string | undefined;
        replyTo: string | undefined;
      }
    | { mode: 'edit'; content: ContentSource; messageId: string; toJid: string | undefined }
    | { mode: 'delete'; messageIds: string[] }
    | {
        mode: 'upsert';
        content: ContentSource;
        messageId: string | undefined;
        toJid: string;
        visibleToUser: string | undefined;
        replyTo: string | undefined;
      }
  );

/** Reads one input by name, trimmed; '' when unset. */
export type ReadInput = (name: string) => string;

/** Turns raw inputs (with their documented env fallbacks) into settings; throws InputError. */
export function parseInputs(read: ReadInput, env: NodeJS.ProcessEnv): Settings {
  const withEnv = (name: string, variable: string): string =>
    read(name) || (env[variable] ?? '').trim();

  const modeText = read('mode') || 'send';
  const mode = MODES.find((m) => m === modeText);
  if (!mode) {
    throw new InputError(`Invalid mode '${modeText}'. Expected one of: ${MODES.join(', ')}.`);
  }

  const dryRun = readBoolean(read, 'dry_run', false);
  const common: CommonSettings = {
    robotJid: required(withEnv('robot_jid', 'ZOOM_ROBOT_JID'), 'robot_jid', 'ZOOM_ROBOT_JID'),
    accountId: required(withEnv('account_id', 'ZOOM_ACCOUNT_ID'), 'account_id', 'ZOOM_ACCOUNT_ID'),
    auth: readAuth(read, env, dryRun),
    apiUrl: optionalUrl(read('api_url'), 'api_url'),
    oauthUrl: optionalUrl(read('oauth_url'), 'oauth_url') ?? new URL('https://zoom.us/oauth/token'),
    userJid: read('user_jid') || undefined,
    isMarkdown: readBoolean(read, 'is_markdown_support', false),
    failOnError: readBoolean(read, 'fail_on_error', true),
    dryRun,
    retries: readRetries(read),
    timeoutMs: readTimeoutSeconds(read) * 1000,
  };

  const messageIdText = withEnv('message_id', 'ZOOM_MESSAGE_ID');
  if (mode === 'delete') {
    const messageIds = [...new Set(messageIdText.split(/[\s,]+/).filter(Boolean))];
    if (messageIds.length === 0) {
      throw new InputError(
        "Input 'message_id' is required when mode is 'delete': one or more message ids separated by newlines, commas or spaces (or set ZOOM_MESSAGE_ID).",
      );
    }
    return { ...common, mode, messageIds };
  }

  const content = readContentSource(read);
  const messageId = singleMessageId(messageIdText, mode);
  if (mode === 'edit') {
    if (!messageId) {
      throw new InputError(
        "Input 'message_id' is required when mode is 'edit': the id from a send step's 'message_id' output (or set ZOOM_MESSAGE_ID).",
      );
    }
    return {
      ...common,
      mode,
      content,
      messageId,
      toJid: withEnv('to_jid', 'ZOOM_TO_JID') || undefined,
    };
  }
  const toJid = required(withEnv('to_jid', 'ZOOM_TO_JID'), 'to_jid', 'ZOOM_TO_JID', mode);
  const visibleToUser = read('visible_to_user') || undefined;
  const replyTo = read('reply_to') || undefined;
  if (mode === 'send') return { ...common, mode, content, toJid, visibleToUser, replyTo };
  return { ...common, mode, content, messageId, toJid, visibleToUser, replyTo };
}

function readAuth(read: ReadInput, env: NodeJS.ProcessEnv, dryRun: boolean): Auth | undefined {
  const token = read('token');
  if (token) return { kind: 'token', token };
  const clientId = read('client_id') || (env.ZOOM_CLIENT_ID ?? '').trim();
  const clientSecret = read('client_secret') || (env.ZOOM_CLIENT_SECRET ?? '').trim();
  if (clientId && clientSecret) return { kind: 'credentials', clientId, clientSecret };
  if (dryRun) return undefined;
  const missing = clientId
    ? 'client_secret'
    : clientSecret
      ? 'client_id'
      : 'client_id and client_secret';
  throw new InputError(
    `Input '${missing}' is required: set 'client_id' and 'client_secret' (the chatbot app's credentials, or ZOOM_CLIENT_ID and ZOOM_CLIENT_SECRET), or 'token' with an already minted chatbot token.`,
  );
}

function readContentSource(read: ReadInput): ContentSource {
  // Not trimmed further: getInput already trims, like the runner's toolkit does.
  const content = read('content');
  const contentFile = read('content_file');
  if (content && contentFile) {
    throw new InputError(
      "Inputs 'content' and 'content_file' are both set. Expected exactly one: the message inline, or a file path relative to the workspace.",
    );
  }
  if (contentFile) return { input: 'content_file', value: contentFile };
  if (content) return { input: 'content', value: content };
  throw new InputError(
    "Input 'content' is required: the message as plain text or as Zoom's content object in YAML or JSON (or 'content_file' with a path relative to the workspace).",
  );
}

function singleMessageId(text: string, mode: Mode): string | undefined {
  if (!text) return undefined;
  if (/[\s,]/.test(text)) {
    throw new InputError(
      `Input 'message_id' holds several ids ('${text}'), but mode '${mode}' changes one message. Expected a single id; only mode 'delete' takes a list.`,
    );
  }
  return text;
}

function required(value: string, name: string, variable: string, mode?: Mode): string {
  if (value) return value;
  const when = mode ? ` when mode is '${mode}'` : '';
  throw new InputError(
    `Input '${name}' is required${when} (or set ${variable}).${HINTS[name] ?? ''}`,
  );
}

const HINTS: Record<string, string> = {
  robot_jid:
    " It is the Bot JID on your app's Features > Team Chat Subscription page in the Zoom App Marketplace.",
  account_id: " It is the Account ID on your app's App Credentials page.",
  to_jid:
    ' It is the JID of the channel (…@conference.xmpp.zoom.us) or user (…@xmpp.zoom.us) to post to.',
};

function readBoolean(read: ReadInput, name: string, fallback: boolean): boolean {
  const text = read(name);
  if (!text) return fallback;
  // The same spellings the YAML 1.2 core schema and core.getBooleanInput accept.
  if (['true', 'True', 'TRUE'].includes(text)) return true;
  if (['false', 'False', 'FALSE'].includes(text)) return false;
  throw new InputError(`Invalid ${name} '${text}'. Expected true or false.`);
}

/** The most retries accepted: with backoff, more would keep a failing step running for minutes. */
export const MAX_RETRIES = 10;

function readRetries(read: ReadInput): number {
  const text = read('retries');
  if (!text) return 3;
  if (!/^\d+$/.test(text) || Number(text) > MAX_RETRIES) {
    throw new InputError(
      `Invalid retries '${text}'. Expected a whole number from 0 (one attempt) to ${MAX_RETRIES}.`,
    );
  }
  return Number(text);
}

function readTimeoutSeconds(read: ReadInput): number {
  const text = read('timeout_seconds');
  if (!text) return 30;
  const seconds = /^\d+(\.\d+)?$|^\.\d+$/.test(text) ? Number(text) : Number.NaN;
  if (!(seconds > 0) || seconds > 3600) {
    throw new InputError(
      `Invalid timeout_seconds '${text}'. Expected a number of seconds above 0 and at most 3600, such as 30 or 2.5.`,
    );
  }
  return seconds;
}

function optionalUrl(text: string, name: string): URL | undefined {
  if (!text) return undefined;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new InputError(
      `Invalid ${name} '${text}'. Expected an http(s) URL such as https://api.zoom.us/v2.`,
    );
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new InputError(
      `Invalid ${name} '${text}'. Expected an http(s) URL such as https://api.zoom.us/v2.`,
    );
  }
  return url;
}

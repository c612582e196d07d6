// Raw action inputs -> one typed, validated settings value. Everything after this works on types.

import { InputError } from '../errors.js';
import type { FinalizeSetting } from '../message/finalize.js';
import { PRESETS, type Preset } from '../message/presets.js';
import { normaliseStatus, STATUS_SPELLINGS, STATUSES, type Status } from '../message/status.js';
import { suggest } from '../message/suggest.js';
import type { Auth } from '../zoom/connect.js';

/** What the action can do. */
export const MODES = ['send', 'edit', 'delete', 'upsert'] as const;
export type Mode = (typeof MODES)[number];

/**
 * The inputs' defaults, as action.yml also states them (a test holds the two equal). The action
 * applies them itself, so it behaves the same when run without action.yml (dist/ or from source).
 */
export const DEFAULTS = {
  mode: 'send',
  is_markdown_support: 'false',
  oauth_url: 'https://zoom.us/oauth/token',
  fail_on_error: 'true',
  retries: '3',
  timeout_seconds: '30',
  dry_run: 'false',
} as const;

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
  /** The run's outcome for templates, folded into one of STATUSES; '' when not given. */
  status: Status | '';
  /** The data input as written (YAML or JSON); parsed when the context is built. */
  data: string;
  /** Retries after the first attempt of each call (0: one attempt). */
  retries: number;
  /** How long one request may take, first byte sent to last byte received. */
  timeoutMs: number;
}

/** What the message is made of: the user's content, a preset, or a preset with content over it. */
export type MessageSource =
  | { content: ContentSource; preset: Preset | undefined }
  | { content: undefined; preset: Preset };

/** The inputs behind one living message: finalize in a post step, and ids kept under a key. */
export interface LivingSettings {
  finalize: FinalizeSetting | undefined;
  /** The key template (rendered later, with the context); upsert and delete only. */
  key: string | undefined;
  /** github_token, else env GITHUB_TOKEN: for the jobs API (finalize) and the key's comment. */
  githubToken: string | undefined;
}

export type Settings = CommonSettings &
  LivingSettings &
  (
    | (MessageSource & {
        mode: 'send';
        toJid: string;
        visibleToUser: string | undefined;
        replyTo: string | undefined;
      })
    | (MessageSource & {
        mode: 'edit';
        messageId: string;
        toJid: string | undefined;
        /** Not sent (an edit cannot move a message); names the thread for the thread_id output. */
        replyTo: string | undefined;
      })
    | { mode: 'delete'; messageIds: string[] }
    | (MessageSource & {
        mode: 'upsert';
        messageId: string | undefined;
        toJid: string;
        visibleToUser: string | undefined;
        replyTo: string | undefined;
      })
  );

/** The settings of a send, edit or upsert. */
export type WriteSettings = Exclude<Settings, { mode: 'delete' }>;

/** The settings of a delete. */
export type DeleteSettings = Extract<Settings, { mode: 'delete' }>;

/** Reads one input by name, trimmed; '' when unset. */
export type ReadInput = (name: string) => string;

/** Turns raw inputs (with their documented env fallbacks) into settings; throws InputError. */
export function parseInputs(read: ReadInput, env: NodeJS.ProcessEnv): Settings {
  const withEnv = (name: string, variable: string): string =>
    read(name) || (env[variable] ?? '').trim();

  const modeText = read('mode') || DEFAULTS.mode;
  const mode = MODES.find((m) => m === modeText);
  if (!mode) {
    throw new InputError(`Invalid mode '${modeText}'. Expected one of: ${MODES.join(', ')}.`);
  }

  const dryRun = readBoolean(read, 'dry_run');
  const common: CommonSettings = {
    robotJid: required(withEnv('robot_jid', 'ZOOM_ROBOT_JID'), 'robot_jid', 'ZOOM_ROBOT_JID'),
    accountId: required(withEnv('account_id', 'ZOOM_ACCOUNT_ID'), 'account_id', 'ZOOM_ACCOUNT_ID'),
    auth: readAuth(read, env, dryRun),
    apiUrl: optionalUrl(read('api_url'), 'api_url'),
    oauthUrl: optionalUrl(read('oauth_url') || DEFAULTS.oauth_url, 'oauth_url') as URL,
    userJid: read('user_jid') || undefined,
    isMarkdown: readBoolean(read, 'is_markdown_support'),
    failOnError: readBoolean(read, 'fail_on_error'),
    dryRun,
    status: readStatus(read),
    data: read('data'),
    retries: readRetries(read),
    timeoutMs: readTimeoutSeconds(read) * 1000,
  };

  const living = readLivingInputs(read, env, mode);
  if (living.key) {
    // The key's record names the message: neither message_id nor ZOOM_MESSAGE_ID is read, so an
    // id left in the environment by an earlier step cannot redirect a keyed write.
    if (mode === 'delete') return { ...common, ...living, mode, messageIds: [] };
    const toJid = required(withEnv('to_jid', 'ZOOM_TO_JID'), 'to_jid', 'ZOOM_TO_JID', mode);
    return {
      ...common,
      ...living,
      ...readMessageSource(read),
      mode: 'upsert',
      messageId: undefined,
      toJid,
      visibleToUser: read('visible_to_user') || undefined,
      replyTo: read('reply_to') || undefined,
    };
  }

  const messageIdText = withEnv('message_id', 'ZOOM_MESSAGE_ID');
  if (mode === 'delete') {
    const messageIds = [...new Set(messageIdText.split(/[\s,]+/).filter(Boolean))];
    if (messageIds.length === 0) {
      throw new InputError(
        "Input 'message_id' is required when mode is 'delete': one or more message ids separated by newlines, commas or spaces (or set ZOOM_MESSAGE_ID).",
      );
    }
    return { ...common, ...living, mode, messageIds };
  }

  const message = readMessageSource(read);
  const messageId = singleMessageId(messageIdText, mode);
  if (mode === 'edit') {
    if (!messageId) {
      throw new InputError(
        "Input 'message_id' is required when mode is 'edit': the id from a send step's 'message_id' output (or set ZOOM_MESSAGE_ID).",
      );
    }
    return {
      ...common,
      ...message,
      ...living,
      mode,
      messageId,
      toJid: withEnv('to_jid', 'ZOOM_TO_JID') || undefined,
      replyTo: read('reply_to') || undefined,
    };
  }
  const toJid = required(withEnv('to_jid', 'ZOOM_TO_JID'), 'to_jid', 'ZOOM_TO_JID', mode);
  const visibleToUser = read('visible_to_user') || undefined;
  const replyTo = read('reply_to') || undefined;
  if (mode === 'send') {
    return { ...common, ...living, ...message, mode, toJid, visibleToUser, replyTo };
  }
  return { ...common, ...living, ...message, mode, messageId, toJid, visibleToUser, replyTo };
}

function readLivingInputs(read: ReadInput, env: NodeJS.ProcessEnv, mode: Mode): LivingSettings {
  const key = read('key') || undefined;
  if (key && mode !== 'upsert' && mode !== 'delete') {
    throw new InputError(
      `Input 'key' works with mode 'upsert' (edit the message kept under the key, else send one) or 'delete'; mode is '${mode}'.`,
    );
  }
  if (key && read('message_id')) {
    throw new InputError(
      "Inputs 'key' and 'message_id' are both set. Expected one: with 'key' the message id is read from the key's record.",
    );
  }
  const finalize = readFinalize(read('finalize'));
  if (finalize && mode === 'delete') {
    throw new InputError(
      "Input 'finalize' does not apply to mode 'delete': there is no message left to finalize.",
    );
  }
  const githubToken = read('github_token') || (env.GITHUB_TOKEN ?? '').trim() || undefined;
  return { finalize, key, githubToken };
}

function readFinalize(text: string): FinalizeSetting | undefined {
  if (!text || ['false', 'False', 'FALSE'].includes(text)) return undefined;
  if (['true', 'True', 'TRUE'].includes(text)) return { kind: 'preset' };
  return { kind: 'template', text };
}

/** The credentials from inputs and their env fallbacks (the post step reads them again). */
export function readAuth(
  read: ReadInput,
  env: NodeJS.ProcessEnv,
  dryRun: boolean,
): Auth | undefined {
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

function readMessageSource(read: ReadInput): MessageSource {
  // Not trimmed further: getInput already trims, like the runner's toolkit does.
  const content = read('content');
  const contentFile = read('content_file');
  const preset = readPreset(read);
  if (content && contentFile) {
    throw new InputError(
      "Inputs 'content' and 'content_file' are both set. Expected exactly one: the message inline, or a file path relative to the workspace.",
    );
  }
  if (contentFile) return { content: { input: 'content_file', value: contentFile }, preset };
  if (content) return { content: { input: 'content', value: content }, preset };
  if (preset) return { content: undefined, preset };
  throw new InputError(
    `Input 'content' is required: the message as plain text or as Zoom's content object in YAML or JSON (or 'content_file' with a path relative to the workspace, or 'preset': ${PRESETS.join(', ')}).`,
  );
}

function readPreset(read: ReadInput): Preset | undefined {
  const text = read('preset');
  if (!text) return undefined;
  const preset = PRESETS.find((name) => name === text.toLowerCase());
  if (!preset) {
    throw new InputError(
      `Invalid preset '${text}'${suggest(text, PRESETS)}. Expected one of: ${PRESETS.join(', ')}.`,
    );
  }
  return preset;
}

function readStatus(read: ReadInput): Status | '' {
  const text = read('status');
  const status = normaliseStatus(text);
  if (status === undefined) {
    throw new InputError(
      `Invalid status '${text}'${suggest(text, STATUS_SPELLINGS)}. Expected one of: ${STATUSES.join(', ')} (as \${{ job.status }} or a step's conclusion gives it), or empty.`,
    );
  }
  return status;
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

function readBoolean(
  read: ReadInput,
  name: 'dry_run' | 'is_markdown_support' | 'fail_on_error',
): boolean {
  const text = read(name) || DEFAULTS[name];
  // The same spellings the YAML 1.2 core schema and core.getBooleanInput accept.
  if (['true', 'True', 'TRUE'].includes(text)) return true;
  if (['false', 'False', 'FALSE'].includes(text)) return false;
  throw new InputError(`Invalid ${name} '${text}'. Expected true or false.`);
}

/** The most retries accepted: with backoff, more would keep a failing step running for minutes. */
export const MAX_RETRIES = 10;

function readRetries(read: ReadInput): number {
  const text = read('retries') || DEFAULTS.retries;
  if (!/^\d+$/.test(text) || Number(text) > MAX_RETRIES) {
    throw new InputError(
      `Invalid retries '${text}'. Expected a whole number from 0 (one attempt) to ${MAX_RETRIES}.`,
    );
  }
  return Number(text);
}

function readTimeoutSeconds(read: ReadInput): number {
  const text = read('timeout_seconds') || DEFAULTS.timeout_seconds;
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

// Raw action inputs -> one typed, validated settings value. Everything after this works on types.

import { InputError } from '../errors.js';
import type { FinalizeSetting } from '../message/finalize.js';
import { PRESETS, type Preset } from '../message/presets.js';
import type { Status } from '../message/status.js';
import type { Auth } from '../zoom/connect.js';
import type { Sender, WriteTarget } from '../zoom/modes.js';
import { checkInputNames } from './input-names.js';
import * as values from './input-values.js';

/** The inputs' defaults as action.yml states them (a test holds them equal); applied here for runs without it. */
export const DEFAULTS = {
  mode: 'send',
  is_markdown_support: 'false',
  oauth_url: 'https://zoom.us/oauth/token',
  fail_on_error: 'true',
  retries: '3',
  timeout_seconds: '30',
  dry_run: 'false',
  missing_credentials: 'fail',
} as const;

/** The message: the user's content (inline, or content_file's path), a preset, or a preset with content over it. */
export type MessageSource =
  | { content: { input: 'content' | 'content_file'; value: string }; preset: Preset | undefined }
  | { content: undefined; preset: Preset };

interface CommonSettings extends Sender {
  /** Absent only in a dry run or a skip, which call nothing. */
  auth: Auth | undefined;
  /** No credential at all and missing_credentials 'skip': the inputs are checked, then nothing is called. */
  skip: boolean;
  /** The api_url input; absent when the token answer or the default decides. */
  apiUrl: URL | undefined;
  oauthUrl: URL;
  failOnError: boolean;
  dryRun: boolean;
  /** The run's outcome for templates, one of STATUSES; '' when not given. */
  status: Status | '';
  /** The data input as written (YAML or JSON); parsed when the context is built. */
  data: string;
  /** Retries after the first attempt of each call (0: one attempt). */
  retries: number;
  /** How long one attempt of a request may take, connecting to the last byte of the answer. */
  timeoutMs: number;
  finalize: FinalizeSetting | undefined;
  /** The key template (rendered later, with the context); upsert and delete only. */
  key: string | undefined;
  /** github_token, else env GITHUB_TOKEN: for the jobs API (finalize) and the key's comment. */
  githubToken: string | undefined;
}

/** The settings of a send, edit or upsert. An edit's replyTo is not sent: it names thread_id's thread. */
export type WriteSettings = CommonSettings & MessageSource & WriteTarget & { replyTo: string | undefined };

/** The settings of a delete. */
export type DeleteSettings = CommonSettings & { mode: 'delete'; messageIds: string[] };

export type Settings = WriteSettings | DeleteSettings;

/** Reads one input by name, trimmed; '' when unset. */
export type ReadInput = (name: string) => string;

/** Turns raw inputs (with their documented env fallbacks) into settings; throws InputError. */
export function parseInputs(read: ReadInput, env: NodeJS.ProcessEnv): Settings {
  checkInputNames(env);
  const withEnv = (name: string, variable: string): string => read(name) || (env[variable] ?? '').trim();
  const mode = values.readChoice(read('mode') || DEFAULTS.mode, 'mode', values.MODES);
  const dryRun = values.readBoolean(read('dry_run') || DEFAULTS.dry_run, 'dry_run');
  const missing = read('missing_credentials') || DEFAULTS.missing_credentials;
  const skipAllowed = values.readChoice(missing, 'missing_credentials', values.MISSING_CREDENTIALS) === 'skip';
  const auth = readAuth(read, env, dryRun, skipAllowed);
  const skip = !auth && !dryRun;
  // A skip calls nothing: the ids, often secrets as well (empty on a fork), may be empty too.
  const need = (name: string, variable: string, when?: values.Mode): string =>
    skip ? withEnv(name, variable) : values.required(withEnv(name, variable), name, variable, when);
  const common: CommonSettings = {
    robotJid: values.readJid(need('robot_jid', 'ZOOM_ROBOT_JID'), 'robot_jid'),
    accountId: need('account_id', 'ZOOM_ACCOUNT_ID'),
    auth,
    skip,
    apiUrl: values.readUrl(read('api_url'), 'api_url'),
    oauthUrl: values.readUrl(read('oauth_url') || DEFAULTS.oauth_url, 'oauth_url') as URL,
    userJid: values.readJid(read('user_jid'), 'user_jid'),
    isMarkdown: values.readBoolean(read('is_markdown_support') || DEFAULTS.is_markdown_support, 'is_markdown_support'),
    failOnError: values.readBoolean(read('fail_on_error') || DEFAULTS.fail_on_error, 'fail_on_error'),
    dryRun,
    status: values.readStatus(read('status')),
    data: read('data'),
    retries: values.readRetries(read('retries') || DEFAULTS.retries),
    timeoutMs: values.readTimeoutSeconds(read('timeout_seconds') || DEFAULTS.timeout_seconds) * 1000,
    ...readLivingInputs(read, mode),
    githubToken: withEnv('github_token', 'GITHUB_TOKEN') || undefined,
  };
  const toJid = (): string => values.readJid(need('to_jid', 'ZOOM_TO_JID', mode), 'to_jid');
  const replyTo = read('reply_to') || undefined;
  const visibleToUser = read('visible_to_user') || undefined;
  if (common.key) {
    // The key's record names the message: neither message_id nor ZOOM_MESSAGE_ID is read, so an
    // id left in the environment by an earlier step cannot redirect a keyed write.
    if (mode === 'delete') return { ...common, mode, messageIds: [] };
    const target = { toJid: toJid(), visibleToUser, replyTo };
    return { ...common, ...readMessageSource(read), mode: 'upsert', messageId: undefined, ...target };
  }
  const messageIdText = withEnv('message_id', 'ZOOM_MESSAGE_ID');
  // A skipped send leaves no message_id output: an edit or delete of it skips as well.
  if (mode === 'delete') {
    return { ...common, mode, messageIds: skip && !messageIdText ? [] : values.messageIdList(messageIdText) };
  }
  const message = readMessageSource(read);
  const messageId = values.singleMessageId(messageIdText, mode);
  if (mode === 'edit') {
    if (!messageId && !skip) {
      throw new InputError(
        "Input 'message_id' is required when mode is 'edit': the id from a send step's 'message_id' output (or set ZOOM_MESSAGE_ID).",
      );
    }
    const editTo = values.readJid(withEnv('to_jid', 'ZOOM_TO_JID'), 'to_jid');
    return { ...common, ...message, mode, messageId: messageId ?? '', toJid: editTo, replyTo };
  }
  const target = { toJid: toJid(), visibleToUser, replyTo };
  if (mode === 'send') return { ...common, ...message, ...target, mode };
  return { ...common, ...message, ...target, mode, messageId };
}

function readLivingInputs(read: ReadInput, mode: Settings['mode']): Pick<CommonSettings, 'finalize' | 'key'> {
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
  const finalize = values.readFinalize(read('finalize'));
  if (finalize && mode === 'delete') {
    throw new InputError("Input 'finalize' does not apply to mode 'delete': there is no message left to finalize.");
  }
  return { finalize, key };
}

/** The credentials from inputs and their env fallbacks (the post step reads them again); undefined: none needed. */
function readAuth(read: ReadInput, env: NodeJS.ProcessEnv, dryRun: boolean, skipAllowed: boolean): Auth | undefined {
  const token = read('token');
  if (token) return { kind: 'token', token };
  const clientId = read('client_id') || (env.ZOOM_CLIENT_ID ?? '').trim();
  const clientSecret = read('client_secret') || (env.ZOOM_CLIENT_SECRET ?? '').trim();
  if (clientId && clientSecret) return { kind: 'credentials', clientId, clientSecret };
  // None at all is what a pull request from a fork or from Dependabot gets (its secrets are empty);
  // one without the other is a mistake, and fails whatever missing_credentials says.
  const none = !clientId && !clientSecret;
  if (dryRun || (none && skipAllowed)) return undefined;
  const how =
    "(the chatbot app's credentials, or ZOOM_CLIENT_ID and ZOOM_CLIENT_SECRET), or 'token' with an already minted chatbot token.";
  if (none) {
    throw new InputError(
      `Inputs 'client_id' and 'client_secret' are required: set both ${how} Where secrets are empty (a pull request from a fork or from Dependabot), missing_credentials 'skip' skips the step instead.`,
    );
  }
  const note = skipAllowed ? " missing_credentials 'skip' skips only when neither is set." : '';
  throw new InputError(
    `Input '${clientId ? 'client_secret' : 'client_id'}' is required: set 'client_id' and 'client_secret' ${how}${note}`,
  );
}

function readMessageSource(read: ReadInput): MessageSource {
  const content = read('content');
  const contentFile = read('content_file');
  const preset = values.readPreset(read('preset'));
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

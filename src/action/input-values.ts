// One input's text -> its value, or an InputError that quotes it and says the form expected.

import { InputError } from '../errors.js';
import type { FinalizeSetting } from '../message/finalize.js';
import { PRESETS, type Preset } from '../message/presets.js';
import { normaliseStatus, STATUS_SPELLINGS, STATUSES, type Status } from '../message/status.js';
import { suggest } from '../message/suggest.js';

/** What the action can do. */
export const MODES = ['send', 'edit', 'delete', 'upsert'] as const;
export type Mode = (typeof MODES)[number];

/** The most retries accepted: with backoff, more would keep a failing step running for minutes. */
export const MAX_RETRIES = 10;

// The spellings the YAML 1.2 core schema and core.getBooleanInput accept.
const TRUE = ['true', 'True', 'TRUE'];
const FALSE = ['false', 'False', 'FALSE'];

const HINTS: Record<string, string> = {
  robot_jid: " It is the Bot JID on your app's Features > Team Chat Subscription page in the Zoom App Marketplace.",
  account_id: " It is the Account ID on your app's App Credentials page.",
  to_jid: ' It is the JID of the channel (…@conference.xmpp.zoom.us) or user (…@xmpp.zoom.us) to post to.',
};

/** What to do when no credential at all is set (as on a pull request from a fork): fail, or skip the step. */
export const MISSING_CREDENTIALS = ['fail', 'skip'] as const;

/** A word input (mode, missing_credentials), in any case: users write `Edit` as they write `Deploy`. */
export function readChoice<T extends string>(text: string, name: string, choices: readonly T[]): T {
  const choice = choices.find((c) => c === text.toLowerCase());
  if (!choice) throw new InputError(`Invalid ${name} '${text}'. Expected one of: ${choices.join(', ')}.`);
  return choice;
}

/** A true/false input. */
export function readBoolean(text: string, name: string): boolean {
  if (TRUE.includes(text)) return true;
  if (FALSE.includes(text)) return false;
  throw new InputError(`Invalid ${name} '${text}'. Expected true or false.`);
}

/** The finalize input: off, the preset's final card (true), or a template. */
export function readFinalize(text: string): FinalizeSetting | undefined {
  if (!text || FALSE.includes(text)) return undefined;
  if (TRUE.includes(text)) return { kind: 'preset' };
  return { kind: 'template', text };
}

/** The preset input, in any case. */
export function readPreset(text: string): Preset | undefined {
  if (!text) return undefined;
  const preset = PRESETS.find((name) => name === text.toLowerCase());
  if (preset) return preset;
  throw new InputError(`Invalid preset '${text}'${suggest(text, PRESETS)}. Expected one of: ${PRESETS.join(', ')}.`);
}

/** The status input, folded into one of STATUSES. */
export function readStatus(text: string): Status | '' {
  const status = normaliseStatus(text);
  if (status !== undefined) return status;
  throw new InputError(
    `Invalid status '${text}'${suggest(text, STATUS_SPELLINGS)}. Expected one of: ${STATUSES.join(', ')} (as \${{ job.status }} or a step's conclusion gives it), or empty.`,
  );
}

/** The retries input. */
export function readRetries(text: string): number {
  if (/^\d+$/.test(text) && Number(text) <= MAX_RETRIES) return Number(text);
  throw new InputError(`Invalid retries '${text}'. Expected a whole number from 0 (one attempt) to ${MAX_RETRIES}.`);
}

/** The timeout_seconds input. */
export function readTimeoutSeconds(text: string): number {
  const seconds = /^\d+(\.\d+)?$|^\.\d+$/.test(text) ? Number(text) : Number.NaN;
  if (seconds > 0 && seconds <= 3600) return seconds;
  throw new InputError(
    `Invalid timeout_seconds '${text}'. Expected a number of seconds above 0 and at most 3600, such as 30 or 2.5.`,
  );
}

/** An http(s) URL input; undefined when empty. */
export function readUrl(text: string, name: string): URL | undefined {
  if (!text) return undefined;
  const url = URL.parse(text);
  if (url?.protocol === 'https:' || url?.protocol === 'http:') return url;
  const example = name === 'oauth_url' ? 'https://zoom.us/oauth/token' : 'https://api.zoom.us/v2';
  throw new InputError(`Invalid ${name} '${text}'. Expected an http(s) URL such as ${example}.`);
}

/** `value`, or the error for a required input left empty. */
export function required(value: string, name: string, variable: string, mode?: Mode): string {
  if (value) return value;
  const when = mode ? ` when mode is '${mode}'` : '';
  throw new InputError(`Input '${name}' is required${when} (or set ${variable}).${HINTS[name] ?? ''}`);
}

// `.` and `..` would name another path than a message's (im/chat/messages/..).
function checkPathSegment(id: string): string {
  if (id !== '.' && id !== '..') return id;
  throw new InputError(
    `Invalid message_id '${id}'. Expected a Zoom message id, such as the message_id output of a send.`,
  );
}

// What a JID looks like, from Zoom's support article on JIDs.
const JID_FORMS: Record<string, string> = {
  robot_jid: "the Bot JID on the app's Features page, such as v1abc123@xmpp.zoom.us",
  to_jid: "a channel's ID followed by @conference.xmpp.zoom.us, or a user's ID in lower case followed by @xmpp.zoom.us",
  user_jid: "a user's ID in lower case followed by @xmpp.zoom.us",
};

/** A JID input (robot_jid, to_jid, user_jid): `value`, which must hold an `@`, or undefined when empty. */
export function readJid(value: string, name: string): string;
export function readJid(value: string | undefined, name: string): string | undefined;
export function readJid(value: string | undefined, name: string): string | undefined {
  if (!value || value.includes('@')) return value || undefined;
  throw new InputError(`Invalid ${name} '${value}'. Expected a JID: ${JID_FORMS[name] ?? 'it holds an @'}.`);
}

/** The one message id of an edit or upsert; several are an error. */
export function singleMessageId(text: string, mode: Mode): string | undefined {
  if (!text) return undefined;
  if (!/[\s,]/.test(text)) return checkPathSegment(text);
  throw new InputError(
    `Input 'message_id' holds several ids ('${text}'), but mode '${mode}' changes one message. Expected a single id; only mode 'delete' takes a list.`,
  );
}

/** A delete's ids: separated by newlines, commas or spaces, each once. */
export function messageIdList(text: string): string[] {
  const messageIds = [...new Set(text.split(/[\s,]+/).filter(Boolean))];
  if (messageIds.length > 0) return messageIds.map(checkPathSegment);
  throw new InputError(
    "Input 'message_id' is required when mode is 'delete': one or more message ids separated by newlines, commas or spaces (or set ZOOM_MESSAGE_ID).",
  );
}

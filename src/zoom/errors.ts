// Zoom's failures as errors a person can act on: what Zoom said, in one line, with a hint for the
// causes that are known, and Zoom's tracking id.

import { CallError } from '../errors.js';
import { isRecord, parseJsonObject } from '../json.js';
import { firstHeader, type HttpResponse, trackingId } from './http.js';

export { ZoomRequestError } from './http.js';

/** A call to Zoom, as named in messages. */
export type Operation = 'token request' | 'send' | 'edit' | 'delete';

/** What Zoom (or a proxy in front of it) said when it answered with an HTTP error. */
export interface ZoomErrorDetails {
  status: number;
  /** Zoom's numeric code, or the token endpoint's OAuth `error`; absent when not given. */
  code: number | string | undefined;
  /** Zoom's message, the OAuth `reason`, or the start of a body that is not JSON. */
  zoomMessage: string;
  trackingId: string | undefined;
  body: string;
}

/** Zoom (or something in front of it) answered with an HTTP error. */
export class ZoomApiError extends CallError {
  override name = 'ZoomApiError';
  readonly details: ZoomErrorDetails;
  constructor(message: string, details: ZoomErrorDetails) {
    super(message);
    this.details = details;
  }
}

/** Replaces each secret in a text with `***`. */
export type Redact = (text: string) => string;

/** How an error line is put together: `note` replaces Zoom's message, `hint` the known-failure hint. */
export interface ErrorParts {
  note?: string;
  hint?: string;
  /** Said after the hint. */
  extra?: string | undefined;
  /** " (4 attempts)" after the status. */
  tries?: string;
}

/** " (Zoom tracking id …)" after a line, for an answer that had one; '' otherwise. */
export const trackingNote = (id: string | undefined): string => (id ? ` (Zoom tracking id ${id})` : '');

/** `error` with `hint` said after its own, before Zoom's tracking id. */
export function withHint(error: ZoomApiError, hint: string): ZoomApiError {
  const tracking = trackingNote(error.details.trackingId);
  const said = tracking && error.message.endsWith(tracking) ? error.message.slice(0, -tracking.length) : error.message;
  return new ZoomApiError(`${said} ${hint}${tracking}`, error.details);
}

/** What an error answer says: Zoom's {code, message}, OAuth's {error, reason}, or its text. */
export function details(response: HttpResponse, redact: Redact): ZoomErrorDetails {
  const json = parseJsonObject(response.text);
  const code = typeof json?.code === 'number' || typeof json?.code === 'string' ? json.code : stringOf(json?.error);
  const said =
    stringOf(json?.message) ?? stringOf(json?.reason) ?? `${describeType(response)}${bodyStart(response.text, redact)}`;
  // Zoom's validation errors (code 300) list each field; the error line says which. One line.
  const fields = (Array.isArray(json?.errors) ? json.errors : []).flatMap((entry: unknown) =>
    isRecord(entry) && typeof entry.field === 'string' ? [`${entry.field}: ${String(entry.message ?? '')}`] : [],
  );
  return {
    status: response.status,
    code,
    zoomMessage: [said, ...fields].join('; ').replace(/\s+/g, ' ').trim(),
    trackingId: trackingId(response.headers),
    body: response.text,
  };
}

function stringOf(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** The error for an answer Zoom gave: status, code, message, hint and tracking id in one line. */
export function apiError(operation: Operation, response: HttpResponse, redact: Redact, parts: ErrorParts = {}) {
  const info = details(response, redact);
  const message = shorten(parts.note ?? info.zoomMessage, MAX_SAID);
  const codeText = info.code === undefined ? '' : `, code ${shorten(String(info.code), 100)}`;
  const tracking = trackingNote(info.trackingId);
  const said = [parts.hint ?? hintFor(operation, info), parts.extra].filter(Boolean).join(' ');
  const failed = response.status >= 200 && response.status <= 299 ? 'answer unreadable' : 'failed';
  return new ZoomApiError(
    `Zoom ${operation} ${failed}: HTTP ${response.status}${codeText}${parts.tries ?? ''}: ${message.replace(/\.$/, '')}.${said ? ` ${said}` : ''}${tracking}`,
    info,
  );
}

// An annotation stays readable: what Zoom said is cut to this many characters, its length given.
const MAX_SAID = 2000;

function shorten(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max)}… (${text.length} characters in all)` : text;
}

/** "text/html, " for an answer's content type, as error lines describe a body. */
export function describeType(response: HttpResponse): string {
  const type = firstHeader(response.headers, 'content-type');
  return type ? `${type.split(';')[0]}, ` : '';
}

/** The start of a body as one line of text; secrets are masked before it is cut short. */
export function bodyStart(text: string, redact: Redact): string {
  const flat = redact(text)
    .replace(/<(script|style)[^>]*>[\s\S]*?<\/\1>/gi, ' ')
    .replace(/<[^>]*>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  if (!flat) return 'empty body';
  return `body: ${flat.length > 200 ? `${flat.slice(0, 200)}…` : flat}`;
}

const TOKEN_REFUSED =
  "The token was refused: a 'token' input must be a chatbot token (client_credentials) less than an hour old; or set 'client_id' and 'client_secret' so the action mints one.";
const MISSING_SCOPE = "The app lacks a scope: add 'imchat:bot' to the chatbot app's scopes.";
const CHECK_ROBOT_JID =
  "Check 'robot_jid': the Bot JID on the app's Features page, for the same app as the credentials.";

// The hints for Zoom's numeric codes on the message endpoints.
const CODE_HINTS: Record<number, string> = {
  7010: TOKEN_REFUSED,
  124: TOKEN_REFUSED,
  4711: MISSING_SCOPE,
  4700: MISSING_SCOPE,
  7002: CHECK_ROBOT_JID,
  7003: CHECK_ROBOT_JID,
  7004: "Check 'to_jid' (the bot must be added to that channel, or the user must have the app) and 'account_id'.",
  7001: "Zoom refused the request body: check the content's shape, and that no message item has 'link' when is_markdown_support is true.",
  8001: "Check 'message_id': the message does not exist or was deleted (mode 'upsert' sends a new one instead).",
};

/** A hint for the failures whose cause is known. */
function hintFor(operation: Operation, { status, code }: ZoomErrorDetails): string {
  if (status === 429) {
    return "Zoom's rate limit for the account was still reached after the retries: space the calls out, or raise 'retries'.";
  }
  if (status >= 500) return '';
  if (operation === 'token request') {
    if (code === 'invalid_client' || status === 401) {
      return "Check 'client_id' and 'client_secret': the Client ID and Client Secret on the chatbot app's App Credentials page.";
    }
    return "Check 'oauth_url' and that the app is a Team Chat (chatbot) app.";
  }
  if (code === 7004 && operation === 'delete')
    return "Check 'account_id' and 'robot_jid': the bot is not allowed to delete it.";
  const known = typeof code === 'number' ? CODE_HINTS[code] : undefined;
  if (known) return known;
  if (status === 401) return "Check 'token', or 'client_id' and 'client_secret'.";
  if (status === 404 && (code === undefined || Number(code) === 404)) {
    return "Check 'api_url': it should end in /v2, e.g. https://api.zoom.us/v2.";
  }
  return '';
}

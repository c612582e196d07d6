// Zoom's failures as errors a person can act on: what Zoom said, in one line, with a hint for the
// causes that are known, and Zoom's tracking id.

import { CallError } from '../errors.js';
import { parseJsonObject } from '../json.js';
import type { Headers, HttpResponse } from './http.js';

export { ZoomRequestError } from './http.js';

/** A call to Zoom, as named in messages. */
export type Operation = 'token request' | 'send' | 'edit' | 'delete';

/** What Zoom (or a proxy in front of it) said when it answered with an HTTP error. */
export interface ZoomErrorDetails {
  status: number;
  /** Zoom's numeric code, or the OAuth `error` string of the token endpoint; absent when not given. */
  code: number | string | undefined;
  /** Zoom's message, the OAuth `reason`, or the start of a body that is not JSON. */
  zoomMessage: string;
  trackingId: string | undefined;
  /** The raw response body. */
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

/** How an error line is put together. */
export interface ErrorParts {
  /** Replaces Zoom's message. */
  note?: string;
  /** Replaces the hint for known failures. */
  hint?: string;
  /** Said after the hint. */
  extra?: string | undefined;
  /** " (4 attempts)" after the status. */
  tries?: string;
}

/** Zoom's tracking id of an answer (x-zm-trackingid). */
export function trackingId(headers: Headers): string | undefined {
  const value = headers['x-zm-trackingid'];
  return Array.isArray(value) ? value[0] : value;
}

/** What an error answer says: Zoom's {code, message}, OAuth's {error, reason}, or its text. */
export function details(response: HttpResponse, redact: Redact): ZoomErrorDetails {
  const json = parseJsonObject(response.text);
  const code =
    typeof json?.code === 'number' || typeof json?.code === 'string'
      ? json.code
      : typeof json?.error === 'string'
        ? json.error
        : undefined;
  const said =
    typeof json?.message === 'string'
      ? json.message
      : typeof json?.reason === 'string'
        ? json.reason
        : `${describeType(response)}${bodyStart(response.text, redact)}`;
  // Zoom's validation errors (code 300) list each field; the error line says which. One line.
  const fields = Array.isArray(json?.errors)
    ? json.errors
        .map((entry: unknown) => {
          const field = parseField(entry);
          return field ? `${field.field}: ${field.message}` : '';
        })
        .filter(Boolean)
    : [];
  return {
    status: response.status,
    code,
    zoomMessage: [said, ...fields].join('; ').replace(/\s+/g, ' ').trim(),
    trackingId: trackingId(response.headers),
    body: response.text,
  };
}

function parseField(entry: unknown): { field: string; message: string } | undefined {
  if (typeof entry !== 'object' || entry === null) return undefined;
  const { field, message } = entry as Record<string, unknown>;
  return typeof field === 'string' ? { field, message: String(message ?? '') } : undefined;
}

/** The error for an answer Zoom gave: status, code, message, hint and tracking id in one line. */
export function apiError(
  operation: Operation,
  response: HttpResponse,
  redact: Redact,
  parts: ErrorParts = {},
): ZoomApiError {
  const info = details(response, redact);
  const message = parts.note ?? info.zoomMessage;
  const codeText = info.code === undefined ? '' : `, code ${info.code}`;
  const tracking = info.trackingId ? ` (Zoom tracking id ${info.trackingId})` : '';
  const hint = parts.hint ?? hintFor(operation, info);
  const said = [hint, parts.extra].filter(Boolean).join(' ');
  const failed = response.status >= 200 && response.status <= 299 ? 'answer unreadable' : 'failed';
  return new ZoomApiError(
    `Zoom ${operation} ${failed}: HTTP ${response.status}${codeText}${parts.tries ?? ''}: ${message.replace(/\.$/, '')}.${said ? ` ${said}` : ''}${tracking}`,
    info,
  );
}

/** "text/html, " for an answer's content type, as error lines describe a body. */
export function describeType(response: HttpResponse): string {
  const type = response.headers['content-type'];
  const text = Array.isArray(type) ? type[0] : type;
  return text ? `${text.split(';')[0]}, ` : '';
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
  switch (code) {
    case 7010:
    case 124:
      return "The token was refused: a 'token' input must be a chatbot token (client_credentials) less than an hour old; or set 'client_id' and 'client_secret' so the action mints one.";
    case 4711:
      return "The app lacks a scope: add 'imchat:bot' to the chatbot app's scopes.";
    case 7002:
    case 7003:
      return "Check 'robot_jid': the Bot JID on the app's Features page, for the same app as the credentials.";
    case 7004:
      if (operation === 'delete') return "Check 'account_id' and 'robot_jid': the bot is not allowed to delete it.";
      return "Check 'to_jid' (the bot must be added to that channel, or the user must have the app) and 'account_id'.";
    case 7001:
      return "Zoom refused the request body: check the content's shape, and that no message item has 'link' when is_markdown_support is true.";
    case 8001:
      return "Check 'message_id': the message does not exist or was deleted (mode 'upsert' sends a new one instead).";
    default:
      if (status === 401) return "Check 'token', or 'client_id' and 'client_secret'.";
      if (status === 404 && (code === undefined || Number(code) === 404))
        return "Check 'api_url': it should end in /v2, e.g. https://api.zoom.us/v2.";
      return '';
  }
}

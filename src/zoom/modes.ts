// What each mode does with Zoom: the request bodies and the calls, with upsert's and delete's rules.

import { type Content, longestText } from '../message/content.js';
import {
  type DeleteParams,
  deleteMessage,
  editMessage,
  type MessageBody,
  sendMessage,
  type ZoomClient,
  type ZoomResult,
} from './client.js';
import { ZoomApiError } from './errors.js';

/** What a send, edit or upsert did. */
export interface MessageOutcome {
  result: 'sent' | 'edited';
  zoom: ZoomResult;
}

/** What happened to one id of a delete. */
export type DeleteResult =
  | { messageId: string; status: 'deleted'; zoom: ZoomResult }
  | { messageId: string; status: 'missing' }
  | { messageId: string; status: 'failed'; error: unknown };

/** What a delete did, id by id. */
export interface DeleteOutcome {
  /** Every id's result, in the order the ids were given. */
  results: DeleteResult[];
  deletedIds: string[];
  /** Ids Zoom did not know (404/8001): already gone, so not a failure. */
  missingIds: string[];
  failures: { messageId: string; error: unknown }[];
  /** The last answer Zoom gave. */
  last: ZoomResult | undefined;
}

/** Who speaks: what every body and every delete names. */
export interface Sender {
  robotJid: string;
  accountId: string;
  userJid: string | undefined;
  isMarkdown: boolean;
}

/** Where a send goes. */
export type SendTarget = Sender & {
  toJid: string;
  visibleToUser: string | undefined;
  replyTo: string | undefined;
};

/** What an edit needs to know besides the content (the post step has only this much). */
export type EditTarget = Sender & { toJid: string | undefined };

/** What a send, edit or upsert changes. */
export type WriteTarget =
  | (SendTarget & { mode: 'send' })
  | (EditTarget & { mode: 'edit'; messageId: string })
  | (SendTarget & { mode: 'upsert'; messageId: string | undefined });

/** The body of the send (POST) to `target`. */
export function sendBody(target: SendTarget, content: Content): MessageBody {
  const body = baseBody(target, content);
  body.to_jid = target.toJid;
  if (target.visibleToUser) body.visible_to_user = target.visibleToUser;
  if (target.replyTo) body.reply_to = target.replyTo;
  return body;
}

/** The body of the edit (PUT) this settings value would make. */
export function editBody(settings: EditTarget, content: Content): MessageBody {
  const body = baseBody(settings, content);
  // Zoom's example edit carries to_jid; send it when known.
  if (settings.toJid) body.to_jid = settings.toJid;
  return body;
}

/** Who deletes, as sent in the query string and the body. */
export function deleteParams(settings: Sender): DeleteParams {
  const params: DeleteParams = { robot_jid: settings.robotJid, account_id: settings.accountId };
  if (settings.userJid) params.user_jid = settings.userJid;
  return params;
}

function baseBody(settings: Sender, content: Content): MessageBody {
  const body: MessageBody = {
    robot_jid: settings.robotJid,
    account_id: settings.accountId,
    is_markdown_support: settings.isMarkdown,
    content: settings.isMarkdown ? withItemMarkdown(content) : content,
  };
  if (settings.userJid) body.user_jid = settings.userJid;
  return body;
}

// Zoom documents the markdown flag both on the request and on each message item; set both.
function withItemMarkdown(content: Content): Content {
  if (!content.body) return content;
  return {
    ...content,
    body: content.body.map((item) =>
      item.type === 'message' && item.is_markdown_support === undefined
        ? { ...item, is_markdown_support: true }
        : item,
    ),
  };
}

/** Sends, edits or upserts the message. */
export async function writeMessage(
  client: ZoomClient,
  settings: WriteTarget,
  content: Content,
): Promise<MessageOutcome> {
  try {
    return await write(client, settings, content);
  } catch (error) {
    throw withLengthHint(error, content);
  }
}

// Zoom's size limits are not documented, so nothing is refused up front; when Zoom refuses a message
// as too long, say which text is longest and how to shorten it.
function withLengthHint(error: unknown, content: Content): unknown {
  if (!(error instanceof ZoomApiError) || !isTooLong(error)) return error;
  const longest = longestText(content);
  if (!longest) return error;
  const hint = `Zoom refused the message as too long. The longest text is ${longest.path} (${longest.length} characters): shorten it, for example with Liquid's truncate filter: "{{ text | truncate: 1000 }}".`;
  return new ZoomApiError(`${error.message} ${hint}`, error.details);
}

function isTooLong(error: ZoomApiError): boolean {
  const { status, zoomMessage } = error.details;
  if (status === 413) return true;
  return (
    status === 400 &&
    /too long|too large|exceeds? .*(length|limit|size)|maximum length/i.test(zoomMessage)
  );
}

async function write(
  client: ZoomClient,
  settings: WriteTarget,
  content: Content,
): Promise<MessageOutcome> {
  switch (settings.mode) {
    case 'send':
      return { result: 'sent', zoom: await sendMessage(client, sendBody(settings, content)) };
    case 'edit':
      return {
        result: 'edited',
        zoom: await editMessage(client, settings.messageId, editBody(settings, content)),
      };
    case 'upsert': {
      if (settings.messageId) {
        try {
          return {
            result: 'edited',
            zoom: await editMessage(client, settings.messageId, editBody(settings, content)),
          };
        } catch (error) {
          if (!isMessageGone(error)) throw error;
        }
      }
      return { result: 'sent', zoom: await sendMessage(client, sendBody(settings, content)) };
    }
  }
}

/**
 * Deletes every id, several at a time as the client's pacer allows; one failure does not stop the
 * others. Results keep the order of the ids.
 */
export async function deleteMessages(
  client: ZoomClient,
  messageIds: string[],
  params: DeleteParams,
): Promise<DeleteOutcome> {
  const results = await Promise.all(
    messageIds.map(async (messageId): Promise<DeleteResult> => {
      try {
        return {
          messageId,
          status: 'deleted',
          zoom: await deleteMessage(client, messageId, params),
        };
      } catch (error) {
        if (isMessageGone(error)) return { messageId, status: 'missing' };
        return { messageId, status: 'failed', error };
      }
    }),
  );
  const outcome: DeleteOutcome = {
    results,
    deletedIds: [],
    missingIds: [],
    failures: [],
    last: undefined,
  };
  for (const result of results) {
    if (result.status === 'deleted') {
      outcome.deletedIds.push(result.messageId);
      outcome.last = result.zoom;
    } else if (result.status === 'missing') {
      outcome.missingIds.push(result.messageId);
    } else {
      outcome.failures.push({ messageId: result.messageId, error: result.error });
    }
  }
  return outcome;
}

/**
 * Zoom's 404 with code 8001 means the message id is unknown. A 404 with another code (7002: bad
 * robot_jid) is a real error; a bare 404 without a code is a wrong api_url, not a missing message.
 */
export function isMessageGone(error: unknown): boolean {
  return (
    error instanceof ZoomApiError &&
    error.details.status === 404 &&
    Number(error.details.code) === 8001
  );
}

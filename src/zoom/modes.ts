// What each mode does with Zoom: the request bodies and the calls, with upsert's and delete's rules.

import { type Content, longestText } from '../message/content.js';
import type { DeleteParams, MessageBody, ZoomClient, ZoomResult } from './client.js';
import { deleteMessage, editMessage, sendMessage } from './client.js';
import { withHint, ZoomApiError } from './errors.js';

/** What a send, edit or upsert did. */
export type MessageOutcome = { result: 'sent' | 'edited'; zoom: ZoomResult };

/** What happened to one id of a delete; `missing`: Zoom did not know it (404/8001), not a failure. */
export type DeleteResult =
  | { messageId: string; status: 'deleted'; zoom: ZoomResult }
  | { messageId: string; status: 'missing' }
  | { messageId: string; status: 'failed'; error: unknown };

/** Who speaks: what every body and every delete names. */
export type Sender = { robotJid: string; accountId: string; userJid: string | undefined; isMarkdown: boolean };

/** Where a send goes. */
export type SendTarget = Sender & { toJid: string; visibleToUser: string | undefined; replyTo: string | undefined };

/** What an edit needs to know besides the content (the post step has only this much). */
export type EditTarget = Sender & { toJid: string | undefined };

/** What a send, edit or upsert changes. */
export type WriteTarget =
  | (SendTarget & { mode: 'send' })
  | (EditTarget & { mode: 'edit'; messageId: string })
  | (SendTarget & { mode: 'upsert'; messageId: string | undefined });

/** The body of the send (POST) to `target`. */
export function sendBody(target: SendTarget, content: Content): MessageBody {
  const body = { ...baseBody(target, content), to_jid: target.toJid };
  if (target.visibleToUser) body.visible_to_user = target.visibleToUser;
  if (target.replyTo) body.reply_to = target.replyTo;
  return body;
}

/** The body of the edit (PUT) of `target`. */
export function editBody(target: EditTarget, content: Content): MessageBody {
  const body = baseBody(target, content);
  // Zoom's example edit carries to_jid; send it when known.
  if (target.toJid) body.to_jid = target.toJid;
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
      item.type === 'message' && item.is_markdown_support === undefined ? { ...item, is_markdown_support: true } : item,
    ),
  };
}

/** Sends, edits or upserts the message. */
export async function writeMessage(client: ZoomClient, target: WriteTarget, content: Content): Promise<MessageOutcome> {
  const edit = async (messageId: string): Promise<MessageOutcome> => ({
    result: 'edited',
    zoom: await editMessage(client, messageId, editBody(target, content)),
  });
  try {
    if (target.mode === 'edit') return await edit(target.messageId);
    if (target.mode === 'upsert' && target.messageId) {
      try {
        return await edit(target.messageId);
      } catch (error) {
        // upsert: a message Zoom no longer has is sent anew.
        if (!isMessageGone(error)) throw error;
      }
    }
    return { result: 'sent', zoom: await sendMessage(client, sendBody(target, content)) };
  } catch (error) {
    throw withUserJidHint(withLengthHint(error, content), target);
  }
}

// Zoom's API description and SDK mark user_jid required, its guide only for user-managed apps:
// a 7001 without one may mean the app is user-managed.
function withUserJidHint(error: unknown, target: Sender): unknown {
  if (!(error instanceof ZoomApiError) || Number(error.details.code) !== 7001 || target.userJid) return error;
  const hint =
    "Or set 'user_jid': it is required when the app is user-managed (the user's JID, on whose behalf the bot posts).";
  return withHint(error, hint);
}

// How Zoom words a 400 for a message too long.
const TOO_LONG = /too long|too large|exceeds? .*(length|limit|size)|maximum length/i;

// Zoom's size limits are not documented, so nothing is refused up front; when Zoom refuses a message
// as too long, say which text is longest and how to shorten it.
function withLengthHint(error: unknown, content: Content): unknown {
  if (!(error instanceof ZoomApiError)) return error;
  const { status, zoomMessage } = error.details;
  const tooLong = status === 413 || (status === 400 && TOO_LONG.test(zoomMessage));
  const longest = tooLong ? longestText(content) : undefined;
  if (!longest) return error;
  const hint = `Zoom refused the message as too long. The longest text is ${longest.path} (${longest.length} characters): shorten it, for example with Liquid's truncate filter: "{{ text | truncate: 1000 }}".`;
  return withHint(error, hint);
}

/** Deletes every id, as many at once as the pacer allows; one failure does not stop the others. */
export function deleteMessages(client: ZoomClient, messageIds: string[], params: DeleteParams) {
  return Promise.all(
    messageIds.map(async (messageId): Promise<DeleteResult> => {
      try {
        return { messageId, status: 'deleted', zoom: await deleteMessage(client, messageId, params) };
      } catch (error) {
        return isMessageGone(error) ? { messageId, status: 'missing' } : { messageId, status: 'failed', error };
      }
    }),
  );
}

/** Zoom's 404 with code 8001: the id is unknown (with 7002 it is a bad robot_jid, with no code a wrong api_url). */
export function isMessageGone(error: unknown): boolean {
  return error instanceof ZoomApiError && error.details.status === 404 && Number(error.details.code) === 8001;
}

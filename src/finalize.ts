// `finalize`: what the main step saves for the post step, the final message's template, and the
// values that template sees on top of the usual context (status, status_color, status_emoji, elapsed).

import { type Content, checkMarkdownCompatible, parseContent } from './content.js';
import { statusLook, type TemplateContext } from './context.js';
import { PRESETS } from './inputs.js';
import { mergeContent, presetContent } from './presets.js';
import { renderContent } from './render.js';

/** The state name under which the main step saves a FinalizeState. */
export const FINALIZE_STATE = 'finalize';

/** What the finalize input asks for: a template of its own, or the preset's final form (`true`). */
export type FinalizeSetting = { kind: 'template'; text: string } | { kind: 'preset' };

/** Everything the post step needs besides credentials (read again from inputs, never saved). */
export interface FinalizeState {
  /** The message the main step wrote: the post step edits this one, whatever ZOOM_MESSAGE_ID says. */
  messageId: string;
  /** When the main step ran (ISO-8601): elapsed time counts from here when the job's start is unknown. */
  startedAt: string;
  finalize: FinalizeSetting;
  /** The `preset` input, when the workflow set one; `true` falls back to deploy. */
  preset: string;
  robotJid: string;
  accountId: string;
  toJid: string | undefined;
  userJid: string | undefined;
  isMarkdown: boolean;
  /** api_url as given or as resolved from the token answer. */
  apiUrl: string;
  oauthUrl: string;
  /** The retries and timeout_seconds inputs, as resolved by the main step. */
  retries?: number;
  timeoutMs?: number;
  /** With `key`: the post step re-reads the record and leaves the message to a newer run. */
  key?: { key: string; repository: string; issue: number; runId: number; runAttempt: number };
}

/** The outcome as templates see it: '' when it could not be read (no token or no permission). */
export type FinalStatus = 'success' | 'failure' | 'cancelled' | '';

// The neutral case (no token or no permission to read the outcome) gets a look of its own.
const NEUTRAL = { status_color: '#6E7781', status_emoji: '🏁' };

/** The usual template context with the job's outcome and the elapsed time filled in. */
export function withFinalValues(
  context: TemplateContext,
  status: FinalStatus,
  elapsed: string,
): TemplateContext {
  const look = status ? statusLook(status) : NEUTRAL;
  return { ...context, status, ...look, elapsed };
}

/** "45s", "3m 12s", "1h 4m 0s" for a duration in milliseconds (never negative). */
export function formatElapsed(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = total % 60;
  if (hours > 0) return `${hours}h ${minutes}m ${seconds}s`;
  if (minutes > 0) return `${minutes}m ${seconds}s`;
  return `${seconds}s`;
}

/**
 * `finalize: true`: the preset's own card (deploy when the step set none) for the final status,
 * its sub-head saying how long the job took, so the finished message matches the started one.
 */
export function finalContentFor(
  preset: string,
  context: TemplateContext,
  markdown: boolean,
): Content {
  const chosen = PRESETS.find((name) => name === preset) ?? 'deploy';
  const card = presetContent(chosen, context, markdown);
  const subHead = card.head?.sub_head as { text?: unknown } | undefined;
  const before = typeof subHead?.text === 'string' && subHead.text ? `${subHead.text} · ` : '';
  const ending = context.status ? 'took {{ elapsed }}' : 'finished after {{ elapsed }}';
  return mergeContent(card, {
    head: { ...card.head, sub_head: { text: `${before}${ending}` } },
  } as Partial<Content>);
}

/** The final message: the finalize template (or the preset's final form) rendered over `context`. */
export async function renderFinalContent(
  finalize: FinalizeSetting,
  preset: string,
  context: TemplateContext,
  isMarkdown: boolean,
): Promise<Content> {
  const template =
    finalize.kind === 'preset'
      ? finalContentFor(preset, context, isMarkdown)
      : await parseContent(finalize.text, 'finalize');
  const content = await renderContent(template, context, 'finalize', { markdown: isMarkdown });
  if (isMarkdown) checkMarkdownCompatible(content, 'finalize');
  return content;
}

/** Reads the saved state back; undefined when it is missing or not what the main step writes. */
export function parseFinalizeState(text: string): FinalizeState | undefined {
  if (!text) return undefined;
  try {
    const value = JSON.parse(text) as Partial<FinalizeState>;
    if (typeof value.messageId !== 'string' || !value.messageId) return undefined;
    if (typeof value.robotJid !== 'string' || typeof value.accountId !== 'string') return undefined;
    if (!value.finalize || (value.finalize.kind !== 'preset' && value.finalize.kind !== 'template'))
      return undefined;
    return value as FinalizeState;
  } catch {
    return undefined;
  }
}

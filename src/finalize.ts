// `finalize`: what the main step saves for the post step, the final message's template, and the
// values that template sees on top of the usual context (status, status_color, status_emoji, elapsed).

import { type Content, checkMarkdownCompatible, parseContent } from './content.js';
import type { TemplateContext } from './context.js';
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
  /** With `key`: the post step re-reads the record and leaves the message to a newer run. */
  key?: { key: string; repository: string; issue: number; runId: number; runAttempt: number };
}

/** The outcome as templates see it: '' when it could not be read (no token or no permission). */
export type FinalStatus = 'success' | 'failure' | 'cancelled' | '';

/** The values a finalize template sees besides the usual context. */
export interface FinalValues {
  status: FinalStatus;
  status_color: string;
  status_emoji: string;
  /** Time since the job started, as people write it: "45s", "3m 12s", "1h 4m 0s". */
  elapsed: string;
}

// Kept apart from context.ts so the template branch's own `status` input can replace these colours
// and emoji without a clash: cancelled is grey, not red, as there.
const LOOK: Record<FinalStatus, { color: string; emoji: string }> = {
  success: { color: '#2da44e', emoji: '✅' },
  failure: { color: '#cf222e', emoji: '❌' },
  cancelled: { color: '#8c959f', emoji: '⚪' },
  '': { color: '#8c959f', emoji: '🏁' },
};

/** The usual template context plus the outcome and the elapsed time. */
export function withFinalValues(
  context: TemplateContext,
  status: FinalStatus,
  elapsed: string,
): TemplateContext & FinalValues {
  const look = LOOK[status];
  return { ...context, status, status_color: look.color, status_emoji: look.emoji, elapsed };
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

const TITLES: Record<string, string> = {
  deploy: 'Deploy',
  build: 'Build',
  pull_request: 'Pull request',
};

/**
 * `finalize: true`: the preset's final form, as a template. Until the presets land this is one
 * built-in card per preset name (deploy when none is set); after the merge it should return the
 * preset's own card rendered with status set, so the final message matches the started one.
 */
export function finalContentFor(preset: string): Content {
  const title = TITLES[preset] ?? 'Deploy';
  return {
    head: {
      text: `{{ status_emoji }} ${title} {{ github.repository }}: {{ status | default: "finished" }}`,
      style: { color: '{{ status_color }}', bold: true },
      sub_head: { text: '{{ github.workflow }} #{{ github.run_number }}, {{ elapsed }}' },
    },
    body: [
      {
        type: 'fields',
        items: [
          { key: 'Ref', value: '{{ github.ref_name }}', short: true },
          { key: 'Commit', value: '{{ github.sha | slice: 0, 7 }}', short: true },
          { key: 'Actor', value: '{{ github.actor }}', short: true },
          { key: 'Took', value: '{{ elapsed }}', short: true },
        ],
      },
      {
        type: 'message',
        text: '{{ github.server_url }}/{{ github.repository }}/actions/runs/{{ github.run_id }}',
      },
    ],
  };
}

/** The final message: the finalize template (or the preset's final form) rendered over `context`. */
export async function renderFinalContent(
  finalize: FinalizeSetting,
  preset: string,
  context: TemplateContext & FinalValues,
  isMarkdown: boolean,
): Promise<Content> {
  const template =
    finalize.kind === 'preset'
      ? finalContentFor(preset)
      : await parseContent(finalize.text, 'finalize');
  const content = await renderContent(template, context, 'finalize');
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

// `finalize`: the final message's template, and the values that template sees on top of the
// usual context (status, status_color, status_emoji, elapsed).

import { isRecord } from '../json.js';
import { type Content, checkMarkdownCompatible, parseContent } from './content.js';
import type { TemplateContext } from './context.js';
import { PRESETS, presetContent } from './presets.js';
import { renderContent } from './render.js';
import { statusLook } from './status.js';

/** What the finalize input asks for: a template of its own, or the preset's final form (`true`). */
export type FinalizeSetting = { kind: 'template'; text: string } | { kind: 'preset' };

/** The outcome as templates see it: '' when it could not be read (no token or no permission). */
export type FinalStatus = 'success' | 'failure' | 'cancelled' | '';

// The neutral case (no token or no permission to read the outcome) gets a look of its own.
const NEUTRAL = { status_color: '#6E7781', status_emoji: '🏁' };

/** The usual template context with the job's outcome and the elapsed time filled in. */
export function withFinalValues(context: TemplateContext, status: FinalStatus, elapsed: string): TemplateContext {
  return { ...context, status, ...(status ? statusLook(status) : NEUTRAL), elapsed };
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

/** `finalize: true`: the started message's preset card (deploy by default), its sub-head saying how long it took. */
export function finalContentFor(preset: string, context: TemplateContext, markdown: boolean): Content {
  const card = presetContent(PRESETS.find((name) => name === preset) ?? 'deploy', context, markdown);
  const subHead = card.head?.sub_head;
  const before = isRecord(subHead) && typeof subHead.text === 'string' && subHead.text ? `${subHead.text} · ` : '';
  const ending = context.status ? 'took {{ elapsed }}' : 'finished after {{ elapsed }}';
  return { ...card, head: { ...card.head, sub_head: { text: `${before}${ending}` } } as Content['head'] };
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

// The job summary: what the step did, in a few lines a person reads on the run page.

import { isRecord } from '../json.js';
import type { Content } from '../message/content.js';

/** What a run did, for the summary. Nothing here may be secret: the caller passes no credential. */
export interface SummaryInfo {
  mode: string;
  result: string;
  messageId?: string;
  /** The channel or user posted to, or the ids a delete was given. */
  target?: string;
  trackingId?: string;
  content?: Content;
  /** Why the step failed, or the warning it gave instead. */
  error?: string;
  deletes?: { messageId: string; outcome: string }[];
}

const MAX_PREVIEW_LINES = 40;
const MAX_LINE = 300;
const MAX_DELETE_ROWS = 200;

/** The summary as Markdown. */
export function summaryMarkdown(info: SummaryInfo): string {
  const rows: [string, string | undefined][] = [
    ['Mode', info.mode],
    ['Result', info.result],
    ['Message id', info.messageId],
    ['Target', info.target],
    ['Zoom tracking id', info.trackingId],
    ['Error', info.error],
  ];
  const lines = [`### Zoom chatbot message: ${cell(info.result)}`, '', '| | |', '| --- | --- |'];
  for (const [name, value] of rows) if (value) lines.push(`| ${name} | ${cell(value)} |`);
  if (info.content) {
    const preview = previewContent(info.content);
    const longestRun = Math.max(0, ...(preview.match(/`+/g) ?? []).map((run) => run.length));
    const fence = '`'.repeat(Math.max(3, longestRun + 1));
    lines.push('', info.result === 'dry_run' ? 'Would post:' : 'Content:', '', `${fence}text`, preview, fence);
  }
  if (info.deletes?.length) {
    lines.push('', '| Message id | Outcome |', '| --- | --- |');
    for (const row of info.deletes.slice(0, MAX_DELETE_ROWS)) {
      lines.push(`| ${cell(row.messageId)} | ${cell(row.outcome)} |`);
    }
    const more = info.deletes.length - MAX_DELETE_ROWS;
    if (more > 0) lines.push('', `… and ${more} more ids (see the step log).`);
  }
  return `${lines.join('\n')}\n`;
}

/** The message as plain text lines, roughly as Zoom shows the card. */
export function previewContent(content: Content): string {
  const lines: string[] = [];
  if (content.head) {
    lines.push(String(content.head.text));
    const sub = content.head.sub_head;
    if (isRecord(sub) && typeof sub.text === 'string') lines.push(sub.text);
    if (content.body?.length) lines.push('');
  }
  previewItems(content.body ?? [], lines);
  const shown = lines
    .slice(0, MAX_PREVIEW_LINES)
    .map((line) => (line.length > MAX_LINE ? `${line.slice(0, MAX_LINE)}…` : line));
  if (lines.length > MAX_PREVIEW_LINES) shown.push(`… (${lines.length - MAX_PREVIEW_LINES} more lines)`);
  return shown.join('\n');
}

function previewItems(items: unknown[], lines: string[]): void {
  for (const item of items.filter(isRecord)) {
    // No spread into push: a message of 100,000 lines would overflow the stack.
    if (item.type === 'message') for (const line of text(item.text).split('\n')) lines.push(line);
    else if (item.type === 'fields') for (const f of list(item.items)) lines.push(`${text(f.key)}: ${text(f.value)}`);
    else if (item.type === 'actions') {
      const buttons = list(item.items).map((button) => `[${text(button.text)}]`);
      lines.push(buttons.join(' '));
    } else if (item.type === 'attachments') {
      const information = isRecord(item.information) ? item.information : {};
      const title = isRecord(information.title) ? text(information.title.text) : '';
      lines.push(`Attachment: ${[title, text(item.resource_url)].filter(Boolean).join(' ')}`);
    } else if (item.type === 'divider') lines.push('----');
    else if (item.type === 'progress_bar') lines.push(`[progress ${String(item.value ?? '')}]`);
    else if (item.type === 'section') {
      previewItems(Array.isArray(item.sections) ? item.sections : [], lines);
      if (typeof item.footer === 'string') lines.push(item.footer);
    } else lines.push(`[${String(item.type)}]${item.text ? ` ${text(item.text)}` : ''}`);
  }
}

const text = (value: unknown): string => (typeof value === 'string' ? value : '');
const list = (value: unknown): Record<string, unknown>[] => (Array.isArray(value) ? value.filter(isRecord) : []);

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '|': '\\|', '`': '&#96;' };

// GitHub shows at most 1 MiB of a step's summary: with 200 delete rows of two cells, this keeps it well under.
const MAX_CELL = 1000;

// A table cell: one line, no column break, no HTML, at most MAX_CELL characters.
function cell(value: string): string {
  const flat = value.replace(/[&<>|`]/g, (c) => ENTITIES[c] ?? c).replace(/\s*\n\s*/g, ' ');
  return flat.length > MAX_CELL ? `${flat.slice(0, MAX_CELL)}…` : flat;
}

// The message as written by the user -> Zoom's content object (still holding templates).

import { InputError } from '../errors.js';
import { isRecord as isObject } from '../json.js';
import { ITEM_TYPES, isItemType, itemTypeHint } from './item-types.js';
import { suggest } from './suggest.js';
import { parseYamlOrJson } from './yaml.js';

/** Zoom's content object: a message card. */
export interface Content {
  head?: { text: string; [key: string]: unknown };
  body?: ContentItem[];
  settings?: Record<string, unknown>;
}

/** One body item; the fields beyond `type` depend on it. */
export type ContentItem = { type: string; [key: string]: unknown };

const TOP_KEYS = ['head', 'body', 'settings'];

/** True when the text is a card (YAML or JSON) rather than plain text; see the README's rule. */
export function isCard(text: string): boolean {
  // YAML comments and a document marker (---) may come before the first key.
  const first = text.split('\n').find((line) => line.trim() !== '' && !/^(\s*#|---(\s+#[^\n]*)?\s*$)/.test(line));
  if (first === undefined) return false;
  const line = first.trimStart();
  // `{{ x }}` and `{% if %}` open a template written as plain text; any other `{` opens JSON.
  if (line.startsWith('{')) return !line.startsWith('{{') && !line.startsWith('{%');
  return /^(head|body|settings):/.test(line);
}

/** The user's message as content with template leaves; over a preset, head, its text or body may be left out. */
export async function parseContent(text: string, source: string, overPreset = false): Promise<Content> {
  if (!isCard(text)) return { body: [{ type: 'message', text }] };
  const expected = "Zoom's content object (head, body, settings)";
  const value = await parseYamlOrJson(text, source, { expected, quoteHint: true });
  validateContent(value, source, overPreset);
  return value;
}

/** Checks the shape Zoom requires; throws InputError naming the first bad path. */
export function validateContent(value: unknown, source: string, overPreset = false): asserts value is Content {
  if (!isObject(value)) {
    throw new InputError(
      `Input '${source}' must be Zoom's content object (a mapping with head, body or settings), got ${describe(value)}.`,
    );
  }
  const unknownKey = Object.keys(value).find((key) => !TOP_KEYS.includes(key));
  if (unknownKey !== undefined) {
    throw new InputError(
      `Input '${source}' has an unknown key '${unknownKey}'${suggest(unknownKey, TOP_KEYS)}. Expected only: ${TOP_KEYS.join(', ')}.`,
    );
  }
  const emptyBody = Array.isArray(value.body) && value.body.length === 0;
  if (!overPreset && value.head === undefined && (value.body === undefined || emptyBody)) {
    throw new InputError(`Input '${source}' needs 'head' or a non-empty 'body': the message would be empty.`);
  }
  if (value.head !== undefined) validateHead(value.head, source, overPreset);
  if (value.settings !== undefined && !isObject(value.settings)) {
    throw new InputError(`Input '${source}' at content.settings must be a mapping, got ${describe(value.settings)}.`);
  }
  if (value.body !== undefined && !Array.isArray(value.body)) {
    throw new InputError(
      `Input '${source}' at content.body must be a list of items (- type: message ...), got ${describe(value.body)}.`,
    );
  }
  for (const [index, item] of (value.body ?? []).entries()) validateItem(item, `content.body[${index}]`, source);
}

function validateHead(head: unknown, source: string, overPreset: boolean): void {
  if (!isObject(head)) {
    throw new InputError(
      `Input '${source}' at content.head must be a mapping with a text: head: { text: "..." }, got ${describe(head)}.`,
    );
  }
  if (typeof head.text !== 'string' && !(overPreset && head.text === undefined)) {
    throw new InputError(
      `Input '${source}' at content.head.text: the head needs a text string, got ${describe(head.text)}.`,
    );
  }
  checkStyle(head.style, 'content.head.style', source);
  if (head.sub_head !== undefined) {
    if (!isObject(head.sub_head) || typeof head.sub_head.text !== 'string') {
      throw new InputError(
        `Input '${source}' at content.head.sub_head must be a mapping with a text string: sub_head: { text: "..." }, got ${describe(head.sub_head)}.`,
      );
    }
    checkStyle(head.sub_head.style, 'content.head.sub_head.style', source);
  }
}

function checkStyle(style: unknown, path: string, source: string): void {
  if (style !== undefined && !isObject(style)) {
    throw new InputError(
      `Input '${source}' at ${path} must be a mapping such as { color: "#2da44e", bold: true }, got ${describe(style)}.`,
    );
  }
}

function validateItem(item: unknown, path: string, source: string): void {
  if (!isObject(item) || typeof item.type !== 'string') {
    throw new InputError(
      `Input '${source}' at ${path} needs a type (one of ${ITEM_TYPES.slice(0, 9).join(', ')}, ...), got ${describe(item)}.`,
    );
  }
  if (!isItemType(item.type)) {
    throw new InputError(
      `Input '${source}' at ${path}.type has an unknown type '${item.type}'${itemTypeHint(item.type)}. Expected one of: ${ITEM_TYPES.join(', ')}.`,
    );
  }
  if (item.type === 'message' && typeof item.text !== 'string') {
    throw new InputError(
      `Input '${source}' at ${path}.text: a message item needs a text string, got ${describe(item.text)}.`,
    );
  }
  if (item.type !== 'section') return;
  if (!Array.isArray(item.sections)) {
    throw new InputError(
      `Input '${source}' at ${path}.sections: a section needs a list of items (sections: [- type: message ...]), got ${describe(item.sections)}.`,
    );
  }
  for (const [index, child] of item.sections.entries()) validateItem(child, `${path}.sections[${index}]`, source);
}

/** With markdown on, Zoom refuses a message item with `link` (7001): say so before calling. */
export function checkMarkdownCompatible(content: Content, source: string): void {
  const visit = (items: unknown[] | undefined, path: string): void => {
    for (const [index, item] of (items ?? []).entries()) {
      if (!isObject(item)) continue;
      const here = `${path}[${index}]`;
      if (item.type === 'message' && item.link !== undefined) {
        throw new InputError(
          `Input '${source}' at ${here}.link: Zoom rejects a message item with a link when is_markdown_support is true. Put the link in the text (<https://...|label>) or turn markdown off.`,
        );
      }
      if (Array.isArray(item.sections)) visit(item.sections, `${here}.sections`);
    }
  };
  visit(content.body, 'content.body');
}

/** Every string in `value` with its path (content.body[0].text), in document order. */
export function* textsIn(value: unknown, path: string): Generator<{ path: string; text: string }> {
  if (typeof value === 'string') yield { path, text: value };
  else if (Array.isArray(value)) for (const [index, item] of value.entries()) yield* textsIn(item, `${path}[${index}]`);
  else if (isObject(value)) for (const [key, child] of Object.entries(value)) yield* textsIn(child, `${path}.${key}`);
}

/** The longest text in the content, by characters: its path (content.body[0].text) and length. */
export function longestText(content: Content): { path: string; length: number } | undefined {
  let longest: { path: string; length: number } | undefined;
  for (const { path, text } of textsIn(content, 'content')) {
    const length = [...text].length;
    if (!longest || length > longest.length) longest = { path, length };
  }
  return longest;
}

function describe(value: unknown): string {
  if (value === null || value === undefined) return 'nothing';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  return `${typeof value} ${JSON.stringify(value)}`;
}

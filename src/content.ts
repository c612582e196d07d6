// The message as written by the user -> Zoom's content object (still holding templates).

import { InputError } from './errors.js';
import { ITEM_TYPES } from './item-types.js';
import { parseYamlSubset } from './yaml-subset.js';

/** Zoom's content object: a message card. */
export interface Content {
  head?: { text: string; [key: string]: unknown };
  body?: ContentItem[];
  settings?: Record<string, unknown>;
}

/** One body item; the fields beyond `type` depend on it. */
export interface ContentItem {
  type: string;
  [key: string]: unknown;
}

const TOP_KEYS = ['head', 'body', 'settings'];

/** True when the text is a card (YAML or JSON) rather than plain text; see the README's rule. */
export function isCard(text: string): boolean {
  const first = text.split('\n').find((line) => line.trim() !== '');
  if (first === undefined) return false;
  const line = first.trimStart();
  // `{{ x }}` and `{% if %}` open a template written as plain text; any other `{` opens JSON.
  if (line.startsWith('{')) return !line.startsWith('{{') && !line.startsWith('{%');
  return /^(head|body|settings):/.test(line);
}

/**
 * Parses the user's message into a content object whose string leaves are templates.
 * `source` names the input for error messages. Over a preset, head and body may be left out
 * and head may lack a text: the preset has them.
 */
export async function parseContent(
  text: string,
  source: string,
  overPreset = false,
): Promise<Content> {
  if (!isCard(text)) return { body: [{ type: 'message', text }] };
  const value = await parseCard(text, source);
  validateContent(value, source, overPreset);
  return value;
}

// A mapping value or list item whose first character is an unquoted `{{`.
const UNQUOTED_TEMPLATE = /^\s*(?:-\s+)?(?:[^\s'"#:][^:#]*:\s+)?\{\{/;

async function parseCard(text: string, source: string): Promise<unknown> {
  // JSON is YAML, but JSON.parse is cheap and already loaded: only YAML loads the YAML parser.
  if (text.trimStart().startsWith('{')) {
    try {
      return JSON.parse(text);
    } catch {
      // Not strict JSON (a flow-style YAML mapping, a trailing comma): let YAML have a go.
    }
  }
  // The usual card (block mappings and lists of one-line values) does not need the YAML library.
  const simple = parseYamlSubset(text);
  if (simple !== undefined) return simple;
  const { LineCounter, isCollection, parseDocument, visit } = await import('yaml');
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, uniqueKeys: true });
  const lines = text.split('\n');
  // In YAML `text: {{ x }}` is a mapping inside a mapping, not a string: either a parse error on
  // that line or a collection used as a key. Both get an error that says to quote it.
  let templateLine = document.errors
    .map((error) => error.linePos?.[0].line)
    .find((line) => line !== undefined && UNQUOTED_TEMPLATE.test(lines[line - 1] ?? ''));
  visit(document, {
    Pair(_, pair) {
      if (templateLine === undefined && isCollection(pair.key) && pair.key.range) {
        const line = lineCounter.linePos(pair.key.range[0]).line;
        // A list or mapping used as a key without any {{ is another YAML mistake.
        if (!UNQUOTED_TEMPLATE.test(lines[line - 1] ?? '')) return undefined;
        templateLine = line;
        return visit.BREAK;
      }
      return undefined;
    },
  });
  if (templateLine !== undefined) {
    const written = (lines[templateLine - 1] ?? '').trim();
    throw new InputError(
      `Input '${source}' line ${templateLine}: a YAML value that starts with '{{' must be quoted, as in text: "{{ github.actor }}" (found: ${written}).`,
    );
  }
  const [error] = document.errors;
  if (error) {
    const where = error.linePos ? ` line ${error.linePos[0].line}` : '';
    const reason = error.message.split('\n')[0]?.replace(/ at line \d+, column \d+:?$/, '');
    throw new InputError(
      `Input '${source}'${where} is not valid YAML or JSON: ${reason}. Expected Zoom's content object (head, body, settings).`,
    );
  }
  return document.toJS();
}

/** Checks the shape Zoom requires; throws InputError naming the first bad path. */
export function validateContent(
  value: unknown,
  source: string,
  overPreset = false,
): asserts value is Content {
  if (!isObject(value)) {
    throw new InputError(
      `Input '${source}' must be Zoom's content object (a mapping with head, body or settings), got ${describe(value)}.`,
    );
  }
  for (const key of Object.keys(value)) {
    if (!TOP_KEYS.includes(key)) {
      throw new InputError(
        `Input '${source}' has an unknown key '${key}'${suggest(key, TOP_KEYS)}. Expected only: ${TOP_KEYS.join(', ')}.`,
      );
    }
  }
  const emptyBody = Array.isArray(value.body) && value.body.length === 0;
  if (!overPreset && value.head === undefined && (value.body === undefined || emptyBody)) {
    throw new InputError(
      `Input '${source}' needs 'head' or a non-empty 'body': the message would be empty.`,
    );
  }
  // Over a preset the head's text may come from the preset.
  if (value.head !== undefined) validateHead(value.head, source, overPreset);
  if (value.settings !== undefined && !isObject(value.settings)) {
    throw new InputError(
      `Input '${source}' at content.settings must be a mapping, got ${describe(value.settings)}.`,
    );
  }
  if (value.body !== undefined) {
    if (!Array.isArray(value.body)) {
      throw new InputError(
        `Input '${source}' at content.body must be a list of items (- type: message ...), got ${describe(value.body)}.`,
      );
    }
    value.body.forEach((item, index) => {
      validateItem(item, `content.body[${index}]`, source);
    });
  }
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
  if (!ITEM_TYPES.includes(item.type)) {
    throw new InputError(
      `Input '${source}' at ${path}.type has an unknown type '${item.type}'${suggest(item.type, ITEM_TYPES)}. Expected one of: ${ITEM_TYPES.join(', ')}.`,
    );
  }
  if (item.type === 'message' && typeof item.text !== 'string') {
    throw new InputError(
      `Input '${source}' at ${path}.text: a message item needs a text string, got ${describe(item.text)}.`,
    );
  }
  if (item.type === 'section') {
    if (!Array.isArray(item.sections)) {
      throw new InputError(
        `Input '${source}' at ${path}.sections: a section needs a list of items (sections: [- type: message ...]), got ${describe(item.sections)}.`,
      );
    }
    item.sections.forEach((child, index) => {
      validateItem(child, `${path}.sections[${index}]`, source);
    });
  }
}

/** With markdown on, Zoom refuses a message item with `link` (7001): say so before calling. */
export function checkMarkdownCompatible(content: Content, source: string): void {
  const visit = (items: unknown[] | undefined, path: string): void => {
    items?.forEach((item, index) => {
      if (!isObject(item)) return;
      const here = `${path}[${index}]`;
      if (item.type === 'message' && item.link !== undefined) {
        throw new InputError(
          `Input '${source}' at ${here}.link: Zoom rejects a message item with a link when is_markdown_support is true. Put the link in the text (<https://...|label>) or turn markdown off.`,
        );
      }
      if (Array.isArray(item.sections)) visit(item.sections, `${here}.sections`);
    });
  };
  visit(content.body, 'content.body');
}

/** The longest text in the content, by characters: its path (content.body[0].text) and length. */
export function longestText(content: Content): { path: string; length: number } | undefined {
  let longest: { path: string; length: number } | undefined;
  const visit = (value: unknown, path: string): void => {
    if (typeof value === 'string') {
      const length = [...value].length;
      if (!longest || length > longest.length) longest = { path, length };
    } else if (Array.isArray(value)) {
      value.forEach((item, index) => {
        visit(item, `${path}[${index}]`);
      });
    } else if (isObject(value)) {
      for (const [key, child] of Object.entries(value)) visit(child, `${path}.${key}`);
    }
  };
  visit(content, 'content');
  return longest;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describe(value: unknown): string {
  if (value === null || value === undefined) return 'nothing';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  return `${typeof value} ${JSON.stringify(value)}`;
}

/** ", did you mean 'x'?" for the closest candidate, when one is close. */
export function suggest(word: string, candidates: readonly string[]): string {
  let best: string | undefined;
  let bestDistance = Math.max(2, Math.floor(word.length / 3)) + 1;
  for (const candidate of candidates) {
    const distance = editDistance(word.toLowerCase(), candidate);
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best ? ` (did you mean '${best}'?)` : '';
}

/** Up to `count` candidates nearest to `word`, nearest first; all of them when none is near. */
export function closest(word: string, candidates: readonly string[], count = 3): string[] {
  const limit = Math.max(2, Math.floor(word.length / 2));
  const ranked = candidates
    .map((candidate) => ({ candidate, distance: editDistance(word.toLowerCase(), candidate) }))
    .sort((a, b) => a.distance - b.distance || a.candidate.localeCompare(b.candidate));
  const near = ranked.filter((entry) => entry.distance <= limit).slice(0, count);
  return (near.length > 0 ? near : ranked).map((entry) => entry.candidate);
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      current[j] = Math.min(
        (previous[j] ?? 0) + 1,
        (current[j - 1] ?? 0) + 1,
        (previous[j - 1] ?? 0) + cost,
      );
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}

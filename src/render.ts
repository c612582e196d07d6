// Content template -> the content object sent to Zoom. Only string leaves are rendered, after
// parsing, so no value can break the structure.

import type { Content } from './content.js';
import type { TemplateContext } from './context.js';
import { InputError } from './errors.js';

const TEMPLATE_MARK = /\{\{|\{%/;

/** Renders every string leaf of `template` as a Liquid template over `context`. */
export async function renderContent(
  template: Content,
  context: TemplateContext,
  source: string,
): Promise<Content> {
  const leaves: { path: string; text: string }[] = [];
  collectTemplates(template, 'content', leaves);
  if (leaves.length === 0) return template;
  const rendered = new Map<string, string>();
  const liquidLeaves: { path: string; text: string }[] = [];
  for (const leaf of leaves) {
    const simple = renderSimple(leaf.text, context);
    if (simple === undefined) liquidLeaves.push(leaf);
    else rendered.set(leaf.path, simple);
  }
  // Liquid is loaded only for what renderSimple leaves: filters, tags, lists, whitespace control.
  if (liquidLeaves.length === 0) return replaceLeaves(template, 'content', rendered) as Content;
  const { Liquid } = await import('liquidjs');
  const engine = new Liquid({ jsTruthy: true, strictFilters: true, ownPropertyOnly: true });
  for (const leaf of liquidLeaves) {
    try {
      rendered.set(leaf.path, await engine.parseAndRender(leaf.text, context));
    } catch (error) {
      const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
      throw new InputError(`Input '${source}' at ${leaf.path}: template error: ${reason}`);
    }
  }
  return replaceLeaves(template, 'content', rendered) as Content;
}

// `{{ github.actor }}` and nothing fancier is what most messages hold. Loading Liquid costs a step
// ~20 ms and ~10 MiB (npm run bench), so such templates are rendered here, exactly as Liquid
// would; anything this does not know for sure goes to Liquid.
const SIMPLE_OUTPUT = /\{\{[ \t]*([A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*)[ \t]*\}\}/g;
// Names Liquid gives a meaning of its own (literals, and size/first/last on lists and strings).
const LIQUID_NAMES = new Set([
  'size',
  'first',
  'last',
  'empty',
  'blank',
  'nil',
  'null',
  'true',
  'false',
]);

/**
 * Renders a template made only of text and `{{ a.b.c }}` outputs, as Liquid (ownPropertyOnly,
 * lax variables) would; undefined when the template holds anything else, for Liquid to render.
 */
export function renderSimple(text: string, context: TemplateContext): string | undefined {
  let result = '';
  let end = 0;
  for (const match of text.matchAll(SIMPLE_OUTPUT)) {
    const value = outputText(context, match[1] ?? '');
    const literal = text.slice(end, match.index);
    if (value === undefined || /[{}]/.test(literal)) return undefined;
    result += literal + value;
    end = match.index + match[0].length;
  }
  const rest = text.slice(end);
  return /[{}]/.test(rest) ? undefined : result + rest;
}

function outputText(context: TemplateContext, path: string): string | undefined {
  let value: unknown = context;
  for (const key of path.split('.')) {
    if (LIQUID_NAMES.has(key)) return undefined;
    if (value === undefined || value === null) continue;
    if (typeof value !== 'object' || Array.isArray(value)) return undefined;
    value = Object.hasOwn(value, key) ? (value as Record<string, unknown>)[key] : undefined;
  }
  if (value === undefined || value === null) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return undefined;
}

function collectTemplates(
  value: unknown,
  path: string,
  leaves: { path: string; text: string }[],
): void {
  if (typeof value === 'string') {
    if (TEMPLATE_MARK.test(value)) leaves.push({ path, text: value });
  } else if (Array.isArray(value)) {
    value.forEach((item, index) => {
      collectTemplates(item, `${path}[${index}]`, leaves);
    });
  } else if (typeof value === 'object' && value !== null) {
    for (const [key, child] of Object.entries(value))
      collectTemplates(child, `${path}.${key}`, leaves);
  }
}

function replaceLeaves(value: unknown, path: string, rendered: Map<string, string>): unknown {
  if (typeof value === 'string') return rendered.get(path) ?? value;
  if (Array.isArray(value))
    return value.map((item, index) => replaceLeaves(item, `${path}[${index}]`, rendered));
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(
      Object.entries(value).map(([key, child]) => [
        key,
        replaceLeaves(child, `${path}.${key}`, rendered),
      ]),
    );
  }
  return value;
}

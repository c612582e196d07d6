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
  // Liquid is loaded only when some leaf holds a template: a fixed message pays nothing for it.
  if (leaves.length === 0) return template;
  const { Liquid } = await import('liquidjs');
  const engine = new Liquid({ jsTruthy: true, strictFilters: true, ownPropertyOnly: true });
  const rendered = new Map<string, string>();
  for (const leaf of leaves) {
    try {
      rendered.set(leaf.path, await engine.parseAndRender(leaf.text, context));
    } catch (error) {
      const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
      throw new InputError(`Input '${source}' at ${leaf.path}: template error: ${reason}`);
    }
  }
  return replaceLeaves(template, 'content', rendered) as Content;
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

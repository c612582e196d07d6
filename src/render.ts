// Content template -> the content object sent to Zoom. Only string leaves are rendered, after
// parsing, so no value can break the structure.

import type { Template } from 'liquidjs';
import { type Content, closest } from './content.js';
import { CONTEXT_SHAPE, type Shape, type TemplateContext } from './context.js';
import { InputError } from './errors.js';
import { liquidText, mentionMarkup, neutralise } from './markdown.js';

const TEMPLATE_MARK = /\{\{|\{%/;

/** How values are written into the message. */
export interface RenderOptions {
  /** is_markdown_support: values are neutralised and the mention filter is allowed. */
  markdown: boolean;
}

interface Leaf {
  path: string;
  text: string;
  /** How errors name the leaf: "Input 'content' at content.body[0].text". */
  where: string;
}

/** Renders every string leaf of `template` as a Liquid template over `context`. */
export async function renderContent(
  template: Content,
  context: TemplateContext,
  source: string,
  options: RenderOptions = { markdown: false },
): Promise<Content> {
  const leaves: Leaf[] = [];
  collectTemplates(template, 'content', leaves);
  if (leaves.length === 0) return template;
  for (const leaf of leaves) leaf.where = `Input '${source}' at ${leaf.path}`;
  const rendered = await renderLeaves(leaves, context, options);
  return replaceLeaves(template, 'content', rendered) as Content;
}

/**
 * Renders one input that is a template on its own (such as `key`), with the same name checks and
 * errors as the message's; values are written raw (markdown off).
 */
export async function renderText(
  text: string,
  context: TemplateContext,
  input: string,
): Promise<string> {
  if (!TEMPLATE_MARK.test(text)) return text;
  const rendered = await renderLeaves([{ path: input, text, where: `Input '${input}'` }], context, {
    markdown: false,
  });
  return rendered.get(input) ?? text;
}

/** Renders each leaf; the map goes from leaf path to its text. */
async function renderLeaves(
  leaves: Leaf[],
  context: TemplateContext,
  options: RenderOptions,
): Promise<Map<string, string>> {
  const rendered = new Map<string, string>();
  const liquidLeaves: Leaf[] = [];
  for (const leaf of leaves) {
    const simple = renderSimple(leaf.text, context, options, leaf.where);
    if (simple === undefined) liquidLeaves.push(leaf);
    else rendered.set(leaf.path, simple);
  }
  // Liquid is loaded only for what renderSimple leaves (filters, tags, lists): a fixed message, or
  // one with plain {{ a.b }} values, pays nothing for it.
  if (liquidLeaves.length === 0) return rendered;
  const liquid = await import('liquidjs');
  const engine = new liquid.Liquid({
    jsTruthy: true,
    strictFilters: true,
    ownPropertyOnly: true,
    // Every {{ value }} passes through here unless its last filter is `raw` (or `mention`).
    outputEscape: options.markdown ? (value: unknown) => neutralise(liquidText(value)) : undefined,
  });
  // include, render and layout read files on the runner: a value pasted in with ${{ }} could name
  // any file. Messages are self-contained, so these tags are refused at parse time.
  for (const tag of ['include', 'render', 'layout']) {
    engine.registerTag(tag, {
      parse() {
        throw new Error(`the '${tag}' tag is not available: it would read files on the runner`);
      },
      render() {
        return '';
      },
    });
  }
  engine.registerFilter('mention', {
    raw: true,
    handler: (target: unknown, name?: unknown) => {
      if (!options.markdown) throw new Error(MENTION_NEEDS_MARKDOWN);
      return mentionMarkup(target, name);
    },
  });
  // Everything is checked before anything renders: one bad leaf fails the step with no half-work.
  const parsed = liquidLeaves.map((leaf) => {
    const where = leaf.where;
    let templates: Template[];
    try {
      templates = engine.parse(leaf.text);
    } catch (error) {
      throw templateError(where, error);
    }
    checkNames(templates, liquid.analyzeSync, where);
    checkMentions(templates, liquid, options, where);
    return { leaf, templates, where };
  });
  for (const { leaf, templates, where } of parsed) {
    try {
      rendered.set(leaf.path, await engine.render(templates, context));
    } catch (error) {
      throw templateError(where, error);
    }
  }
  return rendered;
}

// `{{ github.actor }}` and nothing fancier is what most messages hold. Loading Liquid costs a step
// ~20 ms and ~10 MiB (npm run bench), so such templates are rendered here, exactly as Liquid
// would, names checked and values neutralised the same way; anything else goes to Liquid.
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
 * lax variables, the same name check and markdown escape) would; undefined when the template holds
 * anything else, for Liquid to render. Throws InputError for an unknown name, as Liquid's path does.
 */
export function renderSimple(
  text: string,
  context: TemplateContext,
  options: RenderOptions,
  where: string,
): string | undefined {
  let result = '';
  let end = 0;
  const outputs = [...text.matchAll(SIMPLE_OUTPUT)];
  for (const match of outputs) {
    const literal = text.slice(end, match.index);
    if (/[{}]/.test(literal)) return undefined;
    end = match.index + match[0].length;
  }
  if (/[{}]/.test(text.slice(end))) return undefined;
  end = 0;
  for (const match of outputs) {
    const path = match[1] ?? '';
    const segments = path.split('.');
    if (segments.some((segment) => LIQUID_NAMES.has(segment))) return undefined;
    const problem = unknownName(segments);
    if (problem) {
      const start = match.index + match[0].indexOf(path);
      const before = text.slice(0, start);
      const row = before.split('\n').length;
      const col = start - before.lastIndexOf('\n');
      throw new InputError(`${where} line ${row}, col ${col}: ${problem}`);
    }
    const value = outputText(context, segments);
    if (value === undefined) return undefined;
    result += text.slice(end, match.index) + (options.markdown ? neutralise(value) : value);
    end = match.index + match[0].length;
  }
  return result + text.slice(end);
}

function outputText(context: TemplateContext, segments: string[]): string | undefined {
  let value: unknown = context;
  for (const key of segments) {
    if (value === undefined || value === null) continue;
    if (typeof value !== 'object' || Array.isArray(value)) return undefined;
    value = Object.hasOwn(value, key) ? (value as Record<string, unknown>)[key] : undefined;
  }
  if (value === undefined || value === null) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return undefined;
}

const MENTION_NEEDS_MARKDOWN =
  "the mention filter needs is_markdown_support: true (Zoom only reads mention markup in markdown). Expected is_markdown_support: 'true' on this step";

type Analyze = typeof import('liquidjs').analyzeSync;

// A misspelt name under github, pr, commits or at the top level would render empty and nobody
// would notice; LiquidJS's strictVariables would also break `| default`, so names are checked
// statically instead, against the context's shape. github.event, env and data stay free.
function checkNames(templates: Template[], analyze: Analyze, where: string): void {
  const { globals } = analyze(templates, { partials: false });
  for (const variable of Object.values(globals).flat()) {
    const problem = unknownName(variable.segments);
    if (problem) {
      const { row, col } = variable.location;
      throw new InputError(`${where} line ${row}, col ${col}: ${problem}`);
    }
  }
}

type Segment = string | number | object;

/** Why `segments` names nothing in the context, or undefined when it may. */
export function unknownName(segments: readonly Segment[]): string | undefined {
  let shape: Shape = CONTEXT_SHAPE;
  let path = '';
  for (const segment of segments) {
    // A computed segment (github[name]) cannot be checked before the run.
    if (typeof segment === 'object' || shape.kind === 'free') return undefined;
    const here = path === '' ? String(segment) : `${path}.${segment}`;
    if (shape.kind === 'value') {
      return segment === 'size'
        ? undefined
        : `'${path}' is a single value: it has no '${segment}'.`;
    }
    if (shape.kind === 'list') {
      if (segment === 'size') return undefined;
      if (typeof segment !== 'number' && segment !== 'first' && segment !== 'last') {
        return `'${path}' is a list: use ${path}[0], ${path}.first, ${path}.last or ${path}.size, or {% for item in ${path} %}, not '${here}'.`;
      }
      shape = shape.item;
    } else {
      const next: Shape | undefined = Object.hasOwn(shape.fields, segment)
        ? shape.fields[segment]
        : undefined;
      if (next === undefined) {
        const names = Object.keys(shape.fields);
        const near = closest(String(segment), names).map((name) =>
          path === '' ? name : `${path}.${name}`,
        );
        const free = path === '' ? ' (github.event.*, env.* and data.* may hold anything)' : '';
        return `unknown name '${here}'. Closest known names: ${near.join(', ')}${free}.`;
      }
      shape = next;
    }
    path = here;
  }
  return undefined;
}

type LiquidModule = typeof import('liquidjs');

// The mention filter writes live markup: it takes only what the workflow author wrote (a quoted
// JID, data.* or env.*), never an event value such as a PR title that someone else chose.
function checkMentions(
  templates: Template[],
  liquid: LiquidModule,
  options: RenderOptions,
  where: string,
): void {
  for (const value of valuesIn(templates, liquid)) {
    if (!value.filters.some((filter) => filter.name === 'mention')) continue;
    if (!options.markdown) throw new InputError(`${where}: ${MENTION_NEEDS_MARKDOWN}.`);
    const [first, ...rest] = value.initial.postfix;
    const source = first?.getText().trim() ?? '';
    const trusted =
      first !== undefined &&
      rest.length === 0 &&
      (liquid.TypeGuards.isQuotedToken(first) || /^(data|env)\s*[.[]/.test(source));
    if (!trusted) {
      const [row, col] = first?.getPosition() ?? [1, 1];
      throw new InputError(
        `${where} line ${row}, col ${col}: the mention filter takes a JID you wrote, not '${source}'. Expected a quoted JID, data.<key> or env.<NAME>, as in {{ "abc123@xmpp.zoom.us" | mention: "Ana" }} or {{ "all" | mention }}.`,
      );
    }
  }
}

function* valuesIn(
  templates: Template[],
  liquid: LiquidModule,
): Generator<InstanceType<LiquidModule['Value']>> {
  for (const template of templates) {
    for (const argument of template.arguments?.() ?? []) {
      if (argument instanceof liquid.Value) yield argument;
    }
    if (template.children) {
      yield* valuesIn(liquid.toValueSync(template.children(false, true)), liquid);
    }
  }
}

// LiquidJS ends its messages with ", line:2, col:5" (within the leaf): moved to the front, where
// every other message of the action says where.
function templateError(where: string, error: unknown): InputError {
  const message = error instanceof Error ? error.message : String(error);
  const line = message.split('\n')[0] ?? message;
  const position = /, line:(\d+), col:(\d+)$/.exec(line);
  if (!position) return new InputError(`${where}: template error: ${line}`);
  const reason = line.slice(0, position.index);
  return new InputError(
    `${where} line ${position[1]}, col ${position[2]}: template error: ${reason}`,
  );
}

function collectTemplates(value: unknown, path: string, leaves: Leaf[]): void {
  if (typeof value === 'string') {
    if (TEMPLATE_MARK.test(value)) leaves.push({ path, text: value, where: path });
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

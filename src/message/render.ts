// Content template -> the content object sent to Zoom. Only string leaves are rendered, after
// parsing, so no value can break the structure.

import type { Template } from 'liquidjs';
import { InputError } from '../errors.js';
import type { Content } from './content.js';
import type { TemplateContext } from './context.js';
import { liquidText, mentionMarkup, neutralise } from './markdown.js';
import { unknownName } from './shape.js';

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
export async function renderText(text: string, context: TemplateContext, input: string): Promise<string> {
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
  // Loaded only here: a message with no {{ or {% in it never needs LiquidJS.
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
  const parsed = leaves.map((leaf) => {
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

type LiquidModule = typeof import('liquidjs');

// The mention filter writes live markup: it takes only what the workflow author wrote (a quoted
// JID, data.* or env.*), never an event value such as a PR title that someone else chose.
function checkMentions(templates: Template[], liquid: LiquidModule, options: RenderOptions, where: string): void {
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

function* valuesIn(templates: Template[], liquid: LiquidModule): Generator<InstanceType<LiquidModule['Value']>> {
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
  return new InputError(`${where} line ${position[1]}, col ${position[2]}: template error: ${reason}`);
}

function collectTemplates(value: unknown, path: string, leaves: Leaf[]): void {
  if (typeof value === 'string') {
    if (TEMPLATE_MARK.test(value)) leaves.push({ path, text: value, where: path });
  } else if (Array.isArray(value)) {
    value.forEach((item, index) => {
      collectTemplates(item, `${path}[${index}]`, leaves);
    });
  } else if (typeof value === 'object' && value !== null) {
    for (const [key, child] of Object.entries(value)) collectTemplates(child, `${path}.${key}`, leaves);
  }
}

function replaceLeaves(value: unknown, path: string, rendered: Map<string, string>): unknown {
  if (typeof value === 'string') return rendered.get(path) ?? value;
  if (Array.isArray(value)) return value.map((item, index) => replaceLeaves(item, `${path}[${index}]`, rendered));
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(
      Object.entries(value).map(([key, child]) => [key, replaceLeaves(child, `${path}.${key}`, rendered)]),
    );
  }
  return value;
}

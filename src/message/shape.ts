// The shape of the template context, which the strict name check walks: a misspelt name under
// github, pr, commits or at the top level is refused before anything renders.

import { isRecord } from '../json.js';
import { emptyContext } from './context.js';
import { closest } from './suggest.js';

/** Where a name in the context may lead: a fixed set of fields, a list of them, or anything. */
export type Shape =
  | { kind: 'value' }
  | { kind: 'free' }
  | { kind: 'record'; fields: Record<string, Shape> }
  | { kind: 'list'; item: Shape };

const VALUE: Shape = { kind: 'value' };
const FREE: Shape = { kind: 'free' };
// Where the payload or the workflow decides what exists: names there are not checked.
const FREE_PATHS = ['github.event', 'env', 'data'];

let contextShape: Shape | undefined;

/** The shape of TemplateContext, taken from an empty one: strict but under github.event, env, data. */
export function shapeOfContext(): Shape {
  contextShape ??= shapeOf(emptyContext(), '');
  return contextShape;
}

function shapeOf(value: unknown, path: string): Shape {
  if (FREE_PATHS.includes(path)) return FREE;
  if (Array.isArray(value)) return { kind: 'list', item: shapeOf(value[0], path) };
  if (!isRecord(value)) return VALUE;
  const fields = Object.entries(value).map(([name, child]) => [name, shapeOf(child, path ? `${path}.${name}` : name)]);
  return { kind: 'record', fields: Object.fromEntries(fields) };
}

type Segment = string | number | object;

/** Why `segments` names nothing in the context, or undefined when it may. */
export function unknownName(segments: readonly Segment[]): string | undefined {
  let shape: Shape = shapeOfContext();
  let path = '';
  for (const segment of segments) {
    // A computed segment (github[name]) cannot be checked before the run.
    if (typeof segment === 'object' || shape.kind === 'free') return undefined;
    const here = path === '' ? String(segment) : `${path}.${segment}`;
    if (shape.kind === 'value') {
      return segment === 'size' ? undefined : `'${path}' is a single value: it has no '${segment}'.`;
    }
    if (shape.kind === 'list') {
      if (segment === 'size') return undefined;
      if (typeof segment !== 'number' && segment !== 'first' && segment !== 'last') {
        return `'${path}' is a list: use ${path}[0], ${path}.first, ${path}.last or ${path}.size, or {% for item in ${path} %}, not '${here}'.`;
      }
      shape = shape.item;
    } else {
      const next: Shape | undefined = Object.hasOwn(shape.fields, segment) ? shape.fields[segment] : undefined;
      if (next === undefined) {
        const names = Object.keys(shape.fields);
        const near = closest(String(segment), names).map((name) => (path === '' ? name : `${path}.${name}`));
        const free = path === '' ? ' (github.event.*, env.* and data.* may hold anything)' : '';
        return `unknown name '${here}'. Closest known names: ${near.join(', ')}${free}.`;
      }
      shape = next;
    }
    path = here;
  }
  return undefined;
}

// The shape of the template context, which the strict name check walks: a misspelt name under
// github, pr, commits or at the top level is refused before anything renders.

import { NO_PULL_REQUEST } from './context.js';
import { closest } from './suggest.js';

/** Where a name in the context may lead: a fixed set of fields, a list of them, or anything. */
export type Shape =
  | { kind: 'value' }
  | { kind: 'free' }
  | { kind: 'record'; fields: Record<string, Shape> }
  | { kind: 'list'; item: Shape };

const VALUE: Shape = { kind: 'value' };
const FREE: Shape = { kind: 'free' };

function record(names: readonly string[], extra: Record<string, Shape> = {}): Shape {
  return {
    kind: 'record',
    fields: { ...Object.fromEntries(names.map((n) => [n, VALUE])), ...extra },
  };
}

/** The shape of TemplateContext: strict under github (but github.event), pr, commits and the top. */
export const CONTEXT_SHAPE: Shape = record(
  [
    'run_url',
    'commit_url',
    'short_sha',
    'repository_url',
    'compare_url',
    'status',
    'status_color',
    'status_emoji',
    'elapsed',
  ],
  {
    github: record(
      [
        'repository',
        'repository_owner',
        'sha',
        'ref',
        'ref_name',
        'head_ref',
        'base_ref',
        'event_name',
        'actor',
        'triggering_actor',
        'workflow',
        'job',
        'run_id',
        'run_number',
        'run_attempt',
        'server_url',
        'api_url',
      ],
      { event: FREE },
    ),
    pr: record(Object.keys(NO_PULL_REQUEST)),
    commits: { kind: 'list', item: record(['id', 'short_id', 'message', 'author', 'url']) },
    env: FREE,
    data: FREE,
  },
);

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

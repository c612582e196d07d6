// The inputs action.yml declares, and the near misses of them: the runner only warns of an input it
// does not know, so a misspelt `message-id:` would be ignored and ZOOM_MESSAGE_ID edited instead.

import { InputError } from '../errors.js';
import { editDistance } from '../message/suggest.js';

/** Every input action.yml declares, in its order (a test holds the two equal). */
export const INPUT_NAMES: readonly string[] = [
  ...'mode message_id content content_file preset status data client_id client_secret token robot_jid'.split(' '),
  ...'account_id to_jid user_jid visible_to_user reply_to is_markdown_support api_url oauth_url'.split(' '),
  ...'fail_on_error retries timeout_seconds dry_run missing_credentials finalize key github_token'.split(' '),
];

const bare = (name: string): string => name.toLowerCase().replace(/[-_]/g, '');

// How near `name` is to `known`: 0 for the same letters, 1-2 for edits, 3 for a prefix; else undefined.
function nearness(name: string, known: string): number | undefined {
  const [a, b] = [bare(name), bare(known)];
  const distance = editDistance(a, b);
  if (distance <= 2) return distance;
  return a.length >= 6 && b.startsWith(a) ? 3 : undefined;
}

/** Fails on an INPUT_* variable that is no input but nearly one; any other is left to the runner's warning. */
export function checkInputNames(env: NodeJS.ProcessEnv): void {
  for (const variable of Object.keys(env)) {
    if (!variable.startsWith('INPUT_')) continue;
    // The runner upper-cases each `with:` key (spaces as `_`, dashes kept); @github/local-action's .env may not.
    const name = variable.slice('INPUT_'.length).toLowerCase();
    if (INPUT_NAMES.includes(name)) continue;
    let best: { known: string; near: number } | undefined;
    for (const known of INPUT_NAMES) {
      const near = nearness(name, known);
      if (near !== undefined && (!best || near < best.near)) best = { known, near };
    }
    if (best) throw new InputError(`Unknown input '${name}'. Did you mean '${best.known}'?`);
  }
}

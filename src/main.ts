// The action's run(), as GitHub's TypeScript template and @github/local-action expect it here.

export { run } from './action/run.js';

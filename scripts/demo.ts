// npm run demo: the action's main job against a local Zoom simulator. No credentials, no network.
// Runs the bundled dist/index.js as a runner would (send, edit, delete) and shows what Zoom saw.

import { readFileSync } from 'node:fs';
import { type ActionRun, runAction } from '../tools/run-action.ts';
import { describeRequest, startZoomSimulator, zoomInputs } from '../tools/zoom-simulator.ts';

const zoom = await startZoomSimulator();
const event = JSON.parse(readFileSync(new URL('../test/fixtures/github-events/push.json', import.meta.url), 'utf8'));
const simulated = zoomInputs(zoom);

let failed = false;

async function step(title: string, inputs: Record<string, string>): Promise<ActionRun> {
  const seen = zoom.requests.length;
  const run = await runAction({ inputs: { ...simulated, ...inputs }, event });
  console.log(`\n== ${title} (exit code ${run.exitCode})`);
  console.log('Zoom received:');
  for (const request of zoom.requests.slice(seen)) {
    console.log(`  ${describeRequest(request)}`);
    if (request.path.startsWith('/v2/') && request.body) {
      console.log(indent(JSON.stringify(request.body, null, 2), 4));
    }
  }
  console.log('Step outputs:');
  for (const [name, value] of Object.entries(run.outputs)) {
    if (value) console.log(`  ${name} = ${value}`);
  }
  for (const line of run.stdout.split('\n')) {
    if (line.startsWith('::error::') || line.startsWith('::warning::')) console.log(`  ${line}`);
  }
  if (run.exitCode !== 0) failed = true;
  return run;
}

function indent(text: string, width: number): string {
  return text.replace(/^/gm, ' '.repeat(width));
}

try {
  console.log(`Zoom simulator listening on ${zoom.url}; running dist/index.js with Node ${process.version}.`);
  const sent = await step('send: a "deploying" notice', {
    content: [
      'head:',
      '  text: "Deploying {{ github.repository }}"',
      'body:',
      '  - type: message',
      '    text: "Started by {{ github.actor }} on {{ github.ref_name }}"',
    ].join('\n'),
  });
  await step('edit: the same message, now "deployed"', {
    mode: 'edit',
    message_id: sent.outputs.message_id ?? '',
    content: [
      'head:',
      '  text: "Deployed {{ github.repository }}"',
      '  style: { color: "#2da44e", bold: true }',
      'body:',
      '  - type: message',
      '    text: "Run {{ github.run_number }} by {{ github.actor }}"',
    ].join('\n'),
  });
  await step('delete: clean the notice up', {
    mode: 'delete',
    message_id: sent.outputs.message_id ?? '',
  });
  console.log(`\nMessages left in the simulated channel: ${zoom.messages.size}`);
  if (failed || zoom.messages.size !== 0) {
    console.error('The demo did not go as expected.');
    process.exitCode = 1;
  }
} finally {
  await zoom.close();
}

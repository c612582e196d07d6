// Runs the local Zoom simulator until stopped: for the workflow that runs the action with `uses: ./`,
// and for trying the action by hand. `node scripts/simulator.ts [port]`.

import { describeRequest, startZoomSimulator } from '../tools/zoom-simulator.ts';

const port = Number(process.argv[2] ?? 8765);
const zoom = await startZoomSimulator({ port });
console.log(`Zoom simulator on ${zoom.url}`);
console.log(`  api_url=${zoom.apiUrl} oauth_url=${zoom.oauthUrl}`);
console.log(`  client_id=${zoom.options.clientId} client_secret=${zoom.options.clientSecret}`);
console.log(
  `  robot_jid=${zoom.options.robotJid} account_id=${zoom.options.accountId} to_jid=${zoom.options.channels[0]}`,
);
let shown = 0;
setInterval(() => {
  for (const request of zoom.requests.slice(shown)) console.log(describeRequest(request));
  shown = zoom.requests.length;
}, 200);
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    void zoom.close().then(() => process.exit(0));
  });
}

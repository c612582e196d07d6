// The runner's entry for both steps. A post step with nothing to finalize (a second Node process on
// every job) returns before anything is loaded.

if (!process.env.STATE_isPost || process.env.STATE_finalize) {
  const { run } = await import('./main.js');
  await run();
}

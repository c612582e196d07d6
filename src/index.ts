// The entry the runner starts, for the main step and the post step alike. A post step with nothing
// to finalize returns before anything is loaded: it is a second Node process on every job.

const isPost = Boolean(process.env.STATE_isPost);
const finalizes = Boolean(process.env.STATE_finalize);

if (!isPost || finalizes) {
  const { run } = await import('./main.js');
  await run();
}

// Deleting 100 messages against a simulator that answers in 50 ms and enforces a per-account limit
// per second, as Zoom does: within Business's 60 a second, and paced to Pro's 20 without hammering.
// Counts and order only: how long it takes is the benchmark's business (npm run bench).

import { afterEach, describe, expect, it } from 'vitest';
import { startZoomSimulator, type ZoomSimulator } from '../tools/zoom-simulator.ts';
import { runInProcess as runAction } from './support/in-process.ts';

let zoom: ZoomSimulator | undefined;

afterEach(async () => {
  await zoom?.close();
  zoom = undefined;
});

async function deleteHundred(ratePerSecond: number) {
  zoom = await startZoomSimulator({ latencyMs: 50, ratePerSecond });
  const sim = zoom;
  const ids = Array.from({ length: 100 }, (_, i) => {
    const id = `bulk_${String(i).padStart(3, '0')}`;
    sim.messages.set(id, {
      id,
      robotJid: sim.options.robotJid,
      toJid: sim.options.channels[0] as string,
      accountId: sim.options.accountId,
      content: { head: { text: id } },
      isMarkdown: false,
      sentTime: '2026-01-01 00:00:00',
      edits: 0,
    });
    return id;
  });
  const result = await runAction({
    inputs: {
      mode: 'delete',
      message_id: ids.join('\n'),
      token: sim.mintToken(),
      api_url: sim.apiUrl,
      robot_jid: sim.options.robotJid,
      account_id: sim.options.accountId,
    },
  });
  const statuses = sim.requests.map((r) => r.status);
  const deletedPaths = sim.requests.filter((r) => r.status === 200).map((r) => r.path);
  return {
    ids,
    result,
    /** Each id's path, once per successful DELETE, sorted. */
    deletedPaths: deletedPaths.sort(),
    requests: statuses.length,
    ok: statuses.filter((s) => s === 200).length,
    limited: statuses.filter((s) => s === 429).length,
    remaining: sim.messages.size,
  };
}

describe('bulk delete of 100 ids, 50 ms latency', () => {
  it('at 60 a second (Business): every id deleted once, in order, no more than a few 429s', async () => {
    const run = await deleteHundred(60);
    expect(run.result.exitCode).toBe(0);
    expect(run.remaining).toBe(0);
    expect(run.ok).toBe(100);
    // The pacer's start (a burst of 8, then 50 a second) keeps under 60 in any second.
    expect(run.limited).toBeLessThanOrEqual(3);
    expect(run.requests).toBe(100 + run.limited);
    expect(run.deletedPaths).toEqual(run.ids.map((id) => `/v2/im/chat/messages/${id}`));
    expect(run.result.outputs.deleted_ids?.split('\n')).toEqual(run.ids);
    expect(run.result.stdout).toContain('Deleted 100 of 100 Zoom message(s); 0 already gone, 0 failed.');
  });

  it('at 20 a second (Pro): all deleted, paced to the limit rather than hammering it', async () => {
    const run = await deleteHundred(20);
    expect(run.result.exitCode).toBe(0);
    expect(run.remaining).toBe(0);
    expect(run.ok).toBe(100);
    // The first second teaches the limit: a few 429s, then none (each retried, none lost).
    expect(run.limited).toBeGreaterThan(0);
    expect(run.limited).toBeLessThanOrEqual(5);
    expect(run.requests).toBe(100 + run.limited);
    expect(run.deletedPaths).toEqual(run.ids.map((id) => `/v2/im/chat/messages/${id}`));
    expect(run.result.outputs.deleted_ids?.split('\n')).toEqual(run.ids);
    expect(run.result.commands('warning')).toEqual([]);
  }, 20_000);
});

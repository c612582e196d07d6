// Deleting 100 messages against a simulator that answers in 50 ms and enforces a per-account limit
// per second, as Zoom does: fast at Business's 60 a second, paced near Pro's 20 without hammering.

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
  const started = performance.now();
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
  const ms = performance.now() - started;
  const statuses = sim.requests.map((r) => r.status);
  return {
    ids,
    result,
    ms,
    requests: statuses.length,
    ok: statuses.filter((s) => s === 200).length,
    limited: statuses.filter((s) => s === 429).length,
    remaining: sim.messages.size,
  };
}

describe('bulk delete of 100 ids, 50 ms latency', () => {
  it('at 60 a second (Business): under 2.5 s, no more than a few 429s', async () => {
    const run = await deleteHundred(60);
    console.log(`60/s: ${Math.round(run.ms)} ms, ${run.requests} requests, ${run.limited} 429s`);
    expect(run.result.exitCode).toBe(0);
    expect(run.remaining).toBe(0);
    expect(run.ok).toBe(100);
    expect(run.limited).toBeLessThanOrEqual(3);
    expect(run.requests).toBe(100 + run.limited);
    expect(run.result.outputs.deleted_ids?.split('\n')).toEqual(run.ids);
    expect(run.ms).toBeLessThan(2500);
  });

  it('at 20 a second (Pro): all deleted, paced near the limit rather than hammering it', async () => {
    const run = await deleteHundred(20);
    console.log(`20/s: ${Math.round(run.ms)} ms, ${run.requests} requests, ${run.limited} 429s`);
    expect(run.result.exitCode).toBe(0);
    expect(run.remaining).toBe(0);
    expect(run.ok).toBe(100);
    // The first second teaches the limit: a few 429s, then none.
    expect(run.limited).toBeLessThanOrEqual(5);
    expect(run.requests).toBe(100 + run.limited);
    // 100 calls at 20 a second cannot take under ~4 s; near the limit means not much more than 5.
    expect(run.ms).toBeGreaterThan(4000);
    expect(run.ms).toBeLessThan(9000);
  }, 20_000);
});

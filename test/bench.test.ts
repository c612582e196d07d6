// npm run bench works: a tiny run has every row, sane numbers and the JSON file. Timings are
// not asserted: they belong to the machine, not to the code.

import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type BenchReport, formatReport, runBench, spread } from '../scripts/bench.ts';

describe('scripts/bench.ts', () => {
  it('measures every row on a tiny run and writes the JSON', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bench-test-'));
    try {
      const outFile = join(dir, 'nested', 'latest.json');
      const report = await runBench({ runs: 2, bulkIds: 5, bulkRuns: 1, outFile });
      const written = JSON.parse(readFileSync(outFile, 'utf8')) as BenchReport;
      expect(written.rows.map((row) => row.id)).toEqual(report.rows.map((row) => row.id));
      expect(written.rows.map((row) => row.id)).toEqual([
        'startup',
        'floor-send',
        'floor-credentials',
        'floor-edit',
        'floor-delete',
        'action-send-token',
        'action-send-token-plain',
        'action-send-token-card',
        'action-send-token-filter',
        'action-send-credentials',
        'action-edit',
        'action-delete',
      ]);
      const expectedRequests: Record<string, number> = {
        startup: 0,
        'floor-credentials': 2,
        'action-send-credentials': 2,
        'floor-delete': 10,
        'action-delete': 10,
      };
      for (const row of written.rows) {
        expect(row.failures, `${row.id}: ${row.failureSample}`).toBe(0);
        expect(row.runs).toBe(2);
        expect(row.wallMs.min).toBeGreaterThan(0);
        expect(row.wallMs.min).toBeLessThanOrEqual(row.wallMs.median);
        expect(row.wallMs.median).toBeLessThanOrEqual(row.wallMs.max);
        expect(row.wallMs.max).toBeLessThan(30_000);
        expect(row.ratioToFloor).toBeGreaterThan(0);
        expect(row.pairedRatioToFloor).toBeGreaterThan(0);
        if (row.kind === 'floor')
          expect([row.ratioToFloor, row.pairedRatioToFloor]).toEqual([1, 1]);
        const requests = expectedRequests[row.id] ?? 1;
        expect(row.requests).toEqual({ min: requests, max: requests });
        if (row.peakRssMiB) {
          expect(row.peakRssMiB.median).toBeGreaterThan(5);
          expect(row.peakRssMiB.median).toBeLessThan(1024);
        }
      }
      expect(written.bulk.map((bulk) => bulk.ratePerSecond)).toEqual([60, 20]);
      for (const bulk of written.bulk) {
        expect(bulk.ids).toBe(5);
        expect(bulk.allDeleted).toBe(true);
        expect(bulk.exitCodes).toEqual([0]);
        expect(bulk.requests.min).toBeGreaterThanOrEqual(5);
        expect(bulk.status429.max).toBeLessThan(bulk.requests.max);
      }
      expect(written.dist.files).toBeGreaterThanOrEqual(2);
      expect(written.dist.entryBytes).toBeGreaterThan(0);
      expect(written.dist.bytes).toBeGreaterThanOrEqual(written.dist.entryBytes);
      const table = formatReport(written);
      for (const row of written.rows) expect(table).toContain(`| ${row.label} |`);
      expect(table).toContain('dist/:');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);

  it('spread gives the median and quartiles of a sample', () => {
    expect(spread([5, 1, 3, 2, 4])).toEqual({ median: 3, p25: 2, p75: 4, min: 1, max: 5 });
    expect(spread([1, 2])).toEqual({ median: 1.5, p25: 1.25, p75: 1.75, min: 1, max: 2 });
  });
});

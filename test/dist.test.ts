// dist/ is what users run: it must be exactly what the sources build to.

import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../tools/run-action.ts';

describe('dist/', () => {
  it('matches a fresh build of src/', () => {
    const out = mkdtempSync(join(tmpdir(), 'dist-check-'));
    try {
      execFileSync(process.execPath, [join(ROOT, 'scripts', 'build.ts'), out], {
        cwd: ROOT,
        stdio: 'pipe',
      });
      const built = readdirSync(out).sort();
      const committed = readdirSync(join(ROOT, 'dist')).sort();
      expect(committed, 'dist/ holds other files than a build makes: run npm run build').toEqual(built);
      for (const file of built) {
        const fresh = readFileSync(join(out, file), 'utf8');
        const current = readFileSync(join(ROOT, 'dist', file), 'utf8');
        expect(current === fresh, `dist/${file} is stale: run npm run build and commit dist/`).toBe(true);
      }
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  }, 120_000);
});

// The pure parts of npm run release: version checks, the CHANGELOG section a release's notes come
// from, and dating the Unreleased section. The script itself commits and tags, so it is not run here.

import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  checkVersion,
  compareVersions,
  dateRelease,
  parseVersion,
  releaseNotes,
  today,
  versionOfTag,
} from '../scripts/release.ts';
import { ROOT } from '../tools/run-action.ts';

const CHANGELOG = [
  '# Changelog',
  '',
  'Intro text.',
  '',
  '## [Unreleased]',
  '',
  '### Added',
  '',
  '- A new input.',
  '',
  '## [1.1.0] - 2026-11-02',
  '',
  '### Fixed',
  '',
  '- A retry.',
  '- A hint.',
  '',
  '## [1.0.0] - 2026-10-01',
  '',
  '- The first release.',
  '',
  '[1.1.0]: https://example.com/compare/v1.0.0...v1.1.0',
  '',
].join('\n');

describe('versions', () => {
  it('reads X.Y.Z and nothing else', () => {
    expect(parseVersion('1.0.0')).toEqual([1, 0, 0]);
    expect(parseVersion('10.20.30')).toEqual([10, 20, 30]);
    for (const bad of ['v1.0.0', '1.0', '1.0.0.0', '1.0.0-rc.1', '01.0.0', '1.0.0 ', '', 'x.y.z']) {
      expect(() => parseVersion(bad), bad).toThrow(`Invalid version '${bad}'. Expected X.Y.Z, such as 1.2.0.`);
    }
  });

  it('orders by major, then minor, then patch, as numbers', () => {
    expect(compareVersions('1.10.0', '1.9.0')).toBeGreaterThan(0);
    expect(compareVersions('1.9.9', '2.0.0')).toBeLessThan(0);
    expect(compareVersions('1.2.10', '1.2.9')).toBeGreaterThan(0);
    expect(compareVersions('1.2.3', '1.2.3')).toBe(0);
    expect(compareVersions('2.0.0', '1.99.99')).toBeGreaterThan(0);
  });

  it('takes a tag with or without its v', () => {
    expect(versionOfTag('v1.2.3')).toBe('1.2.3');
    expect(versionOfTag('1.2.3')).toBe('1.2.3');
    expect(() => versionOfTag('v1')).toThrow("Invalid version '1'.");
    expect(() => versionOfTag('vv1.2.3')).toThrow("Invalid version 'v1.2.3'.");
  });

  it('accepts a version above package.json, or equal to it while untagged (the first release)', () => {
    expect(() => checkVersion('1.0.1', '1.0.0', false)).not.toThrow();
    expect(() => checkVersion('2.0.0', '1.9.9', false)).not.toThrow();
    expect(() => checkVersion('1.0.0', '1.0.0', false)).not.toThrow();
  });

  it('refuses a lower version, a released one and a malformed one', () => {
    expect(() => checkVersion('1.0.0', '1.1.0', false)).toThrow(
      "Version 1.0.0 is not greater than package.json's 1.1.0.",
    );
    expect(() => checkVersion('0.9.9', '1.0.0', false)).toThrow(
      "Version 0.9.9 is not greater than package.json's 1.0.0.",
    );
    expect(() => checkVersion('1.0.0', '1.0.0', true)).toThrow(
      'Version 1.0.0 is already released: the tag v1.0.0 exists.',
    );
    expect(() => checkVersion('1.2.0', '1.0.0', true)).toThrow(
      'Version 1.2.0 is already released: the tag v1.2.0 exists.',
    );
    expect(() => checkVersion('v1.2.0', '1.0.0', false)).toThrow("Invalid version 'v1.2.0'.");
  });
});

describe('release notes: one version section of the CHANGELOG', () => {
  it('is the text between its heading and the next heading, without blank edges', () => {
    expect(releaseNotes(CHANGELOG, '1.1.0')).toBe('### Fixed\n\n- A retry.\n- A hint.\n');
  });

  it('stops at the link references at the end', () => {
    expect(releaseNotes(CHANGELOG, '1.0.0')).toBe('- The first release.\n');
  });

  it('refuses a version with no section, or an empty one', () => {
    expect(() => releaseNotes(CHANGELOG, '1.2.0')).toThrow(
      "CHANGELOG.md has no section for 1.2.0 (a heading '## [1.2.0] - date').",
    );
    expect(() => releaseNotes('## [2.0.0] - 2026-12-01\n\n## [1.0.0] - 2026-10-01\n- x\n', '2.0.0')).toThrow(
      "CHANGELOG.md's section for 2.0.0 is empty.",
    );
  });

  it('does not take 1.1.0 for 1.1.01 or 1x1x0', () => {
    expect(() => releaseNotes('## [1x1x0] - 2026-01-01\n- no\n', '1.1.0')).toThrow('no section for 1.1.0');
    expect(() => releaseNotes('## [1.1.01] - 2026-01-01\n- no\n', '1.1.0')).toThrow('no section for 1.1.0');
  });
});

describe('dating the Unreleased section', () => {
  it('turns Unreleased into the version and date, under a fresh empty Unreleased', () => {
    const dated = dateRelease(CHANGELOG, '1.2.0', '2026-12-01');
    expect(dated.split('\n').slice(3, 14)).toEqual([
      '',
      '## [Unreleased]',
      '',
      '## [1.2.0] - 2026-12-01',
      '',
      '### Added',
      '',
      '- A new input.',
      '',
      '## [1.1.0] - 2026-11-02',
      '',
    ]);
    expect(dated.replace('## [Unreleased]\n\n', '')).toBe(CHANGELOG.replace('[Unreleased]', '[1.2.0] - 2026-12-01'));
    expect(releaseNotes(dated, '1.2.0')).toBe('### Added\n\n- A new input.\n');
  });

  it('refuses an empty Unreleased section (headings alone are empty)', () => {
    const empty = '# Changelog\n\n## [Unreleased]\n\n### Added\n\n## [1.0.0] - 2026-10-01\n\n- x\n';
    expect(() => dateRelease(empty, '1.1.0', '2026-12-01')).toThrow(
      "CHANGELOG.md's Unreleased section is empty: nothing to release.",
    );
    const dated = dateRelease(CHANGELOG, '1.2.0', '2026-12-01');
    expect(() => dateRelease(dated, '1.3.0', '2026-12-02')).toThrow('nothing to release');
  });

  it('refuses a CHANGELOG without Unreleased, a version it already has, and a bad date', () => {
    expect(() => dateRelease('# Changelog\n\n## [1.0.0] - 2026-10-01\n- x\n', '1.1.0', '2026-12-01')).toThrow(
      "CHANGELOG.md has no '## [Unreleased]' section to release.",
    );
    expect(() => dateRelease(CHANGELOG, '1.1.0', '2026-12-01')).toThrow(
      'CHANGELOG.md already has a section for 1.1.0.',
    );
    expect(() => dateRelease(CHANGELOG, '1.2.0', '2026-13-01')).toThrow(
      "Invalid date '2026-13-01'. Expected YYYY-MM-DD.",
    );
    expect(() => dateRelease(CHANGELOG, '1.2.0', '1/12/2026')).toThrow("Invalid date '1/12/2026'.");
  });

  it('dates in UTC as YYYY-MM-DD', () => {
    expect(today(new Date('2026-12-31T23:59:59-05:00'))).toBe('2027-01-01');
    expect(today(new Date('2026-03-04T00:00:00Z'))).toBe('2026-03-04');
  });
});

describe("the project's CHANGELOG.md", () => {
  const changelog = readFileSync(join(ROOT, 'CHANGELOG.md'), 'utf8');
  const { version } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };

  it("has package.json's version released, or an Unreleased section ready to release it", () => {
    expect(changelog).toMatch(/^## \[Unreleased\]$/m);
    const released = changelog.includes(`\n## [${version}] - `);
    const notes = releaseNotes(released ? changelog : dateRelease(changelog, version, '2026-12-01'), version);
    expect(notes.length).toBeGreaterThan(0);
    if (version === '1.0.0') expect(notes).toMatch(/^The first release\.\n\n### Added\n[\s\S]*\n### Security\n/);
  });
});

describe('node scripts/release.ts notes', () => {
  const script = join(ROOT, 'scripts', 'release.ts');
  const run = (...args: string[]) =>
    spawnSync(process.execPath, [script, ...args], { cwd: ROOT, encoding: 'utf8', timeout: 30_000 });

  it("prints a tag's section, as the release workflow calls it", () => {
    const dir = mkdtempSync(join(tmpdir(), 'release-notes-'));
    try {
      const file = join(dir, 'CHANGELOG.md');
      writeFileSync(file, CHANGELOG);
      const result = run('notes', 'v1.1.0', file);
      expect(result.stderr).toBe('');
      expect(result.stdout).toBe('### Fixed\n\n- A retry.\n- A hint.\n');
      expect(result.status).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('fails with one line for a version without a section, and for wrong arguments', () => {
    const missing = run('notes', 'v9.9.9');
    expect(missing.status).toBe(1);
    expect(missing.stdout).toBe('');
    expect(missing.stderr).toBe("release: CHANGELOG.md has no section for 9.9.9 (a heading '## [9.9.9] - date').\n");
    for (const args of [[], ['notes'], ['1.2.0', 'extra'], ['notes', 'v1.0.0', 'a', 'b']]) {
      const wrong = run(...args);
      expect(wrong.status, args.join(' ')).toBe(1);
      expect(wrong.stderr).toBe(
        'release: Usage: npm run release -- X.Y.Z, or node scripts/release.ts notes vX.Y.Z [FILE]\n',
      );
    }
  });
});

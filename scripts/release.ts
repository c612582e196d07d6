// npm run release -- X.Y.Z: cuts release X.Y.Z on a clean tree. It bumps package.json and
// package-lock.json, dates the CHANGELOG's Unreleased section, rebuilds dist/, commits and tags vX.Y.Z.
// Pushing the tag is left to you; the release workflow then publishes the release and moves vX.
// `node scripts/release.ts notes vX.Y.Z [FILE]` prints that version's section of CHANGELOG.md (or
// FILE): the release workflow's notes come from here, so there is one reading of the CHANGELOG.

import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const CHANGELOG = join(ROOT, 'CHANGELOG.md');

const VERSION = /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)$/;
const UNRELEASED = /^## \[Unreleased\]\s*$/im;
const DATE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;

/** The three numbers of an X.Y.Z version; anything else (a `v`, a pre-release, leading zeros) is refused. */
export function parseVersion(text: string): [number, number, number] {
  const match = VERSION.exec(text);
  if (!match) throw new Error(`Invalid version '${text}'. Expected X.Y.Z, such as 1.2.0.`);
  return [Number(match[1]), Number(match[2]), Number(match[3])];
}

/** Negative when a is lower than b, 0 when equal, positive when higher. */
export function compareVersions(a: string, b: string): number {
  const [left, right] = [parseVersion(a), parseVersion(b)];
  for (let index = 0; index < 3; index++) {
    const difference = (left[index] ?? 0) - (right[index] ?? 0);
    if (difference !== 0) return difference;
  }
  return 0;
}

/** The version a tag names: `v1.2.0` and `1.2.0` both give `1.2.0`. */
export function versionOfTag(tag: string): string {
  const version = tag.startsWith('v') ? tag.slice(1) : tag;
  parseVersion(version);
  return version;
}

/**
 * Refuses a version that is not X.Y.Z, one already tagged, and one lower than package.json's.
 * The same version as package.json's passes while no tag names it: package.json says 1.0.0 before
 * 1.0.0 is released, and that first release must be possible.
 */
export function checkVersion(next: string, current: string, tagged: boolean): void {
  const order = compareVersions(next, current);
  if (tagged) throw new Error(`Version ${next} is already released: the tag v${next} exists.`);
  if (order < 0) throw new Error(`Version ${next} is not greater than package.json's ${current}.`);
}

/** Where a `## ` section of the CHANGELOG starts and ends (the start of the next one, or the end). */
function sectionBounds(lines: string[], heading: number): number {
  let end = heading + 1;
  while (end < lines.length && !/^## /.test(lines[end] ?? '') && !/^\[[^\]]+\]:\s/.test(lines[end] ?? '')) end++;
  return end;
}

function findHeading(lines: string[], version: string): number {
  const escaped = version.replaceAll('.', '\\.');
  const heading = new RegExp(`^## \\[?v?${escaped}\\]?(\\s+-\\s+\\S.*)?\\s*$`);
  return lines.findIndex((line) => heading.test(line));
}

/** The text of one version's section, without its heading or the blank lines around it. */
export function releaseNotes(changelog: string, version: string): string {
  parseVersion(version);
  const lines = changelog.split('\n');
  const heading = findHeading(lines, version);
  if (heading < 0) throw new Error(`CHANGELOG.md has no section for ${version} (a heading '## [${version}] - date').`);
  const body = lines
    .slice(heading + 1, sectionBounds(lines, heading))
    .join('\n')
    .trim();
  if (!body) throw new Error(`CHANGELOG.md's section for ${version} is empty.`);
  return `${body}\n`;
}

/**
 * The CHANGELOG with its Unreleased section turned into `## [X.Y.Z] - date`, under a fresh, empty
 * Unreleased section. Refuses a CHANGELOG without an Unreleased section, with nothing in it, or with
 * a section for that version already.
 */
export function dateRelease(changelog: string, version: string, date: string): string {
  parseVersion(version);
  if (!DATE.test(date)) throw new Error(`Invalid date '${date}'. Expected YYYY-MM-DD.`);
  const lines = changelog.split('\n');
  if (findHeading(lines, version) >= 0) throw new Error(`CHANGELOG.md already has a section for ${version}.`);
  const heading = lines.findIndex((line) => UNRELEASED.test(line));
  if (heading < 0) throw new Error("CHANGELOG.md has no '## [Unreleased]' section to release.");
  const entries = lines
    .slice(heading + 1, sectionBounds(lines, heading))
    .filter((line) => line.trim() !== '' && !/^#{3,} /.test(line));
  if (entries.length === 0) throw new Error("CHANGELOG.md's Unreleased section is empty: nothing to release.");
  lines.splice(heading, 1, '## [Unreleased]', '', `## [${version}] - ${date}`);
  return lines.join('\n');
}

/** Today in UTC, as the CHANGELOG writes dates. */
export function today(now = new Date()): string {
  return now.toISOString().slice(0, 10);
}

function git(...args: string[]): string {
  return execFileSync('git', args, { cwd: ROOT, encoding: 'utf8' });
}

// Under `npm run`, npm_execpath is npm's own script: run it with this Node (24), as npm would.
function npm(...args: string[]): void {
  const cli = process.env.npm_execpath;
  if (cli?.endsWith('.js')) execFileSync(process.execPath, [cli, ...args], { cwd: ROOT, stdio: 'inherit' });
  else execFileSync('npm', args, { cwd: ROOT, stdio: 'inherit' });
}

/** The whole release of `version`: every check first, then the changes, the commit and the tag. */
function release(version: string): void {
  const dirty = git('status', '--porcelain').trimEnd();
  if (dirty) throw new Error(`The working tree is not clean; commit or stash first:\n${dirty}`);
  const current = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;
  const tag = `v${version}`;
  checkVersion(version, current, git('tag', '--list', tag).trim() === tag);
  const dated = dateRelease(readFileSync(CHANGELOG, 'utf8'), version, today());

  try {
    npm('version', version, '--no-git-tag-version', ...(version === current ? ['--allow-same-version'] : []));
    writeFileSync(CHANGELOG, dated);
    npm('run', 'build');
    git('add', '--', 'package.json', 'package-lock.json', 'CHANGELOG.md', 'dist');
    git('commit', '--quiet', '-m', `Release ${version}`);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`${reason}\nNothing was committed. To start again: git checkout -- . && git clean -fd dist`);
  }
  git('tag', '--annotate', tag, '-m', `Release ${version}`);
  console.log(`Committed and tagged ${tag}. Push both: git push origin HEAD ${tag}`);
  console.log(
    `The release workflow then checks dist/ and the tests, publishes ${tag} and moves v${parseVersion(version)[0]}.`,
  );
}

if (import.meta.main) {
  const [first, second, third, ...rest] = process.argv.slice(2);
  try {
    if (first === 'notes' && second && rest.length === 0) {
      process.stdout.write(releaseNotes(readFileSync(third ?? CHANGELOG, 'utf8'), versionOfTag(second)));
    } else if (first && first !== 'notes' && !second) {
      release(first);
    } else {
      throw new Error('Usage: npm run release -- X.Y.Z, or node scripts/release.ts notes vX.Y.Z [FILE]');
    }
  } catch (error) {
    console.error(`release: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  }
}

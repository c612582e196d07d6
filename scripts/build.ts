// npm run build: dist/ from src/ with ncc (index.js minified, licences in licenses.txt), then every
// chunk that ncc leaves as it is (those loaded with import()) minified with terser too.
// `node scripts/build.ts DIR` builds into DIR instead (the test that dist/ is fresh does).

import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { minify } from 'terser';

const root = fileURLToPath(new URL('..', import.meta.url));
const dist = process.argv[2] ?? join(root, 'dist');

// ncc leaves chunks of earlier builds behind: start from an empty dist/.
rmSync(dist, { recursive: true, force: true });
execFileSync(
  process.execPath,
  [
    join(root, 'node_modules/@vercel/ncc/dist/ncc/cli.js'),
    'build',
    'src/index.ts',
    '-o',
    dist,
    '--minify',
    '--license',
    'licenses.txt',
    '--quiet',
  ],
  { cwd: root, stdio: 'inherit' },
);
for (const name of readdirSync(dist)) {
  if (!/^\d+\.index\.js$/.test(name)) continue;
  const file = join(dist, name);
  const result = await minify(readFileSync(file, 'utf8'), {
    module: true,
    compress: true,
    mangle: true,
  });
  if (result.code === undefined) throw new Error(`terser returned nothing for ${name}`);
  writeFileSync(file, result.code);
}

#!/usr/bin/env node
// Bundles web/src into exactly index.html, app.js, app.css and favicon.svg in --outdir
// (default web/dist). Minified, no source maps, no external URLs.
import { build } from 'esbuild';
import { mkdir, copyFile, readFile, readdir, rm, stat } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const src = join(here, 'src');
let outdir = join(here, 'dist');
const args = process.argv.slice(2);
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--outdir' && args[i + 1]) outdir = resolve(args[++i]);
  else if (args[i].startsWith('--outdir=')) outdir = resolve(args[i].slice(9));
  else if (args[i] === '-h' || args[i] === '--help') {
    console.log('usage: node build.mjs [--outdir DIR]');
    process.exit(0);
  } else {
    console.error(`build.mjs: unknown argument ${args[i]}`);
    process.exit(2);
  }
}

await mkdir(outdir, { recursive: true });
for (const f of ['index.html', 'app.js', 'app.css', 'favicon.svg', 'app.js.map', 'app.css.map']) {
  await rm(join(outdir, f), { force: true });
}

const common = { bundle: true, minify: true, sourcemap: false, legalComments: 'none', logLevel: 'warning', charset: 'utf8' };
await build({
  ...common,
  entryPoints: [join(src, 'main.js')],
  outfile: join(outdir, 'app.js'),
  format: 'esm',
  target: ['es2020', 'chrome100', 'firefox100', 'safari15'],
  define: { 'process.env.NODE_ENV': '"production"' },
});
await build({
  ...common,
  entryPoints: [join(src, 'app.css')],
  outfile: join(outdir, 'app.css'),
  target: ['chrome100', 'firefox100', 'safari15'],
});
const html = (await readFile(join(src, 'index.html'), 'utf8')).replace(/>\s+</g, '><').trim() + '\n';
const { writeFile } = await import('node:fs/promises');
await writeFile(join(outdir, 'index.html'), html);
await copyFile(join(src, 'favicon.svg'), join(outdir, 'favicon.svg'));

// Guard the promises the server's CSP relies on.
const problems = [];
for (const f of await readdir(outdir)) {
  if (!['index.html', 'app.js', 'app.css', 'favicon.svg'].includes(f)) continue;
  const text = await readFile(join(outdir, f), 'utf8');
  if (/\bsourceMappingURL\b/.test(text)) problems.push(`${f}: source map reference`);
  if (/(?:src|href)\s*=\s*["']?(?:https?:)?\/\//i.test(text) || /url\(\s*["']?(?:https?:)?\/\//i.test(text) || /@import/i.test(text)) problems.push(`${f}: external URL`);
  if (f === 'index.html' && (/<script(?![^>]*\bsrc=)[^>]*>/i.test(text) || /<style/i.test(text) || /\sstyle=/i.test(text))) problems.push(`${f}: inline script or style`);
}
if (problems.length) {
  console.error('build.mjs: ' + problems.join('; '));
  process.exit(1);
}
const sizes = [];
for (const f of ['index.html', 'app.js', 'app.css', 'favicon.svg']) sizes.push(`${f} ${(await stat(join(outdir, f))).size} B`);
console.log(`built ${outdir}: ${sizes.join(', ')}`);

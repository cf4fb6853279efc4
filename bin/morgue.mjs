#!/usr/bin/env node
// The morgue command (`npm run morgue -- <command>`).
//
// It runs src/cli/main.ts compiled into a few bundled files, which Node starts
// in about a third of the time it takes to compile and link the hundreds of
// TypeScript and package modules one by one. The bundle is kept under
// node_modules/.cache/morgue-cli/, named by a hash of where this checkout is,
// every source file, the lockfile and this file, so any change to them makes a
// new one on the next run (in a fraction of a second) and a stale bundle is
// never run.
import { createHash, randomUUID } from 'node:crypto'
import { accessSync, constants, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, utimesSync } from 'node:fs'
import { tmpdir, userInfo } from 'node:os'
import path from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { setFlagsFromString } from 'node:v8'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')

/** Where bundles go: beside the packages, or in the temporary folder when those cannot be written to. */
function bundlesFolder() {
  const beside = path.join(root, 'node_modules', '.cache', 'morgue-cli')
  try {
    mkdirSync(beside, { recursive: true })
    accessSync(beside, constants.W_OK)
    return beside
  } catch {
    return path.join(tmpdir(), `morgue-cli-${userInfo().uid}`)
  }
}

/**
 * Packages left to Node rather than bundled: CommonJS packages, and those that
 * find files of their own at run time (Pagefind's binary, Piscina's and the
 * loader's workers, Eleventy's module hooks).
 */
const external = ['@11ty/eleventy', '@11ty/eleventy-plugin-rss', 'gray-matter', 'nunjucks', 'pagefind', 'piscina', 'sirv', 'tsx']

/** Every file the bundle is made from, relative to the root, in a fixed order. */
function inputs() {
  const files = []
  const walk = (dir) => {
    for (const entry of readdirSync(path.join(root, dir), { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const relative = path.posix.join(dir, entry.name)
      if (entry.isDirectory()) walk(relative)
      else if (/\.(?:[cm]?ts|[cm]?js|json)$/.test(entry.name)) files.push(relative)
    }
  }
  walk('src')
  return [...files, 'package.json', 'package-lock.json', 'bin/morgue.mjs']
}

function version() {
  const hash = createHash('sha256').update(root).update('\0')
  for (const file of inputs()) {
    hash.update(file).update('\0')
    if (existsSync(path.join(root, file))) hash.update(readFileSync(path.join(root, file)))
    hash.update('\0')
  }
  return hash.digest('hex').slice(0, 16)
}

/** Bundle the source into `dir`; false when the source changed meanwhile (the bundle would be filed under the wrong version). */
async function bundle(cacheDir, dir, expected) {
  const { build, stop } = await import('esbuild')
  mkdirSync(cacheDir, { recursive: true })
  const temporary = `${dir}.tmp-${process.pid}-${randomUUID().slice(0, 8)}`
  try {
    await build({
      entryPoints: [path.join(root, 'src', 'cli', 'main.ts')],
      outdir: temporary,
      bundle: true,
      // The dev server and preview stay in chunks of their own, loaded only when they run.
      splitting: true,
      format: 'esm',
      platform: 'node',
      target: 'node20',
      // Node 20 has them; lowered, every regular expression with `\p{…}` would be built anew at each use.
      supported: { 'regexp-unicode-property-escapes': true },
      external,
      sourcemap: 'linked',
      sourcesContent: false,
      // Bundled packages written as CommonJS call `require`.
      banner: { js: "import { createRequire as morgueCreateRequire } from 'node:module'; const require = morgueCreateRequire(import.meta.url);" },
      // Where morgue's own files are (src/root.ts), wherever the bundle is.
      define: { MORGUE_ROOT: JSON.stringify(root) },
      logLevel: 'error',
    })
    if (version() !== expected) return false
    try {
      renameSync(temporary, dir)
    } catch (error) {
      // Another run made the same bundle first.
      if (!existsSync(path.join(dir, 'main.js'))) throw error
    }
  } finally {
    // esbuild's service would otherwise stay beside a dev server for as long as it runs.
    stop()
    rmSync(temporary, { recursive: true, force: true })
  }
  // Bundles not run for a day go (each run marks its own): nothing can still be running from them
  // (a dev server loads its chunk late).
  const day = 24 * 60 * 60 * 1000
  for (const name of readdirSync(cacheDir)) {
    const other = path.join(cacheDir, name)
    try {
      if (other !== dir && Date.now() - statSync(other).mtimeMs > day) rmSync(other, { recursive: true, force: true })
    } catch {
      // Removed by another run meanwhile.
    }
  }
  return true
}

const cacheDir = bundlesFolder()
let dir
for (let attempt = 0; ; attempt++) {
  const current = version()
  dir = path.join(cacheDir, current)
  if (existsSync(path.join(dir, 'main.js'))) break
  // A file of src/ saved while it was bundled: bundle it again, as it is now.
  if (await bundle(cacheDir, dir, current)) break
  if (attempt === 4) throw new Error('morgue: src/ keeps changing while it is compiled; try again once it is saved')
}
try {
  const now = new Date()
  utimesSync(dir, now, now)
} catch {
  // Marking it in use is only for the clean-up above.
}
process.setSourceMapsEnabled(true)
// V8 lets its heap grow to several times what is live before it collects it
// in full, and a build makes garbage fast: a cold build of 10,000 stories held
// about 260 MB live while it wrote pages, yet grew to 1.1 to 1.2 GB. Growing
// the heap by a fifth at a time kept it at about 650 MB, and its pauses for
// collecting were shorter, not longer (2.7 to 2.8 s against 3.2 to 3.5 s for
// 3,000 stories). A `--heap-growing-percent` (or `--heap_growing_percent`)
// given to node itself is kept.
if (!process.execArgv.some((flag) => flag.replaceAll('_', '-').startsWith('--heap-growing-percent'))) setFlagsFromString('--heap-growing-percent=20')
await import(pathToFileURL(path.join(dir, 'main.js')).href)

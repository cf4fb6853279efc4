import { spawn, type ChildProcess } from 'node:child_process'
import { appendFile, cp, mkdtemp, mkdir, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises'
import { gunzipSync } from 'node:zlib'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { tempProject } from './support/project.ts'
import { cli, morgue } from './support/cli.ts'
import { launchChromium, runBrowserTests } from './support/browser.ts'

const root = process.cwd()

describe('morgue inspect', () => {
  it('should print the story of raw wire copy as JSON', async () => {
    const { code, stdout } = await morgue(['inspect', 'tests/fixtures/seed/wire.txt', '--json', '--date', '2012-07-06', '--tz', 'America/New_York'])
    expect(code).toBe(0)
    const story = JSON.parse(stdout) as Record<string, unknown>
    expect(story).toMatchObject({
      headline: "Brig. Gen. Manaf Tlass, member of Bashar Assad's inner circle, defects",
      dateline: null,
      credit: 'CBS/AP',
      byline: null,
      updated: { text: 'Updated at 11:59 a.m. Eastern', iso: '2012-07-06T11:59:00-04:00' },
      notices: [],
      embargo: null,
      kill: false,
      paragraphs: 20,
      boilerplate: ['Watch CBSN Live'],
    })
    expect(story.related).toHaveLength(3)
    expect(story.quotes).toHaveLength(9)
    expect(Object.keys(story)).toEqual(expect.arrayContaining(['lede', 'quotes', 'related']))
  })

  it('should invent no date for a time line when none is given', async () => {
    const { code, stdout } = await morgue(['inspect', 'tests/fixtures/seed/wire.txt', '--json'])
    // Without a date the story has no permalink: it is refused, and says why.
    expect(code).toBe(1)
    expect(stdout).toBe('')
  })

  it('should name the file, line, column and rule of a problem, without a stack trace', async () => {
    const { code, stderr } = await morgue(['inspect', 'tests/fixtures/seed/wire.txt'])
    expect(code).toBe(1)
    expect(stderr).toContain('tests/fixtures/seed/wire.txt:1:1  error  No date for this story')
    expect(stderr).toMatch(/missing-date\n/)
    expect(stderr).not.toMatch(/\n\s+at /)
  })
})

describe('morgue ingest', () => {
  it('should file raw copy under its date with what it inferred as front matter, and never overwrite', async () => {
    const project = await mkdtemp(path.join(tmpdir(), 'morgue-ingest-'))
    try {
      const wire = path.join(root, 'tests/fixtures/seed/wire.txt')
      const first = await morgue(['ingest', wire, '--date', '2012-07-06', '--tz', 'America/New_York', '--section', 'World'], project)
      expect(first.code).toBe(0)
      const written = 'content/2012/07/06/brig-gen-manaf-tlass-member-of-bashar-assads-inner-circle.md'
      expect(first.stdout).toContain(`Wrote ${written}`)
      expect(first.stdout).toContain('Watch CBSN Live')
      const text = await readFile(path.join(project, written), 'utf8')
      expect(text).toBe(
        [
          '---',
          "title: Brig. Gen. Manaf Tlass, member of Bashar Assad's inner circle, defects",
          'date: 2012-07-06',
          'timezone: America/New_York',
          'section: World',
          'credit: CBS/AP',
          'tags: []',
          'format: wire',
          '---',
          await readFile(wire, 'utf8'),
        ].join('\n'),
      )
      const filed = await morgue(['inspect', written, '--json'], project)
      expect(JSON.parse(filed.stdout)).toMatchObject({
        headline: "Brig. Gen. Manaf Tlass, member of Bashar Assad's inner circle, defects",
        updated: { iso: '2012-07-06T11:59:00-04:00' },
        paragraphs: 20,
        boilerplate: ['Watch CBSN Live'],
        section: 'World',
      })
      const again = await morgue(['ingest', wire, '--date', '2012-07-06'], project)
      expect(again.code).toBe(1)
      expect(again.stderr).toContain(`${written} already exists: nothing was written`)
      expect(await readFile(path.join(project, written), 'utf8')).toBe(text)
    } finally {
      await rm(project, { recursive: true, force: true })
    }
  })

  it('should give a headline without Latin letters a stable address, never an empty one', async () => {
    const { slugFromHeadline } = await import('../src/cli/ingest.ts')
    expect(slugFromHeadline('Грузия и Россия')).toBe(slugFromHeadline('Грузия и Россия'))
    expect(slugFromHeadline('Грузия и Россия')).toMatch(/^story-[0-9a-f]{10}$/)
    expect(slugFromHeadline('東京で地震')).not.toBe(slugFromHeadline('Грузия и Россия'))
  })

  it('should refuse a file that is not UTF-8, naming the byte', async () => {
    const { root: project, remove } = await tempProject({ 'raw.txt': 'Headline\n\nCaf\xe9 copy.\n' })
    try {
      await writeFile(path.join(project, 'raw.txt'), Buffer.from('Headline\n\nCaf\xe9 copy.\n', 'latin1'))
      const { code, stderr } = await morgue(['inspect', 'raw.txt'], project)
      expect(code).toBe(1)
      expect(stderr).toContain('raw.txt:3:4  error  This file is not valid UTF-8: byte 0xE9 at byte offset 13 cannot stand there')
    } finally {
      await remove()
    }
  })

  it('should refuse a story with no date anywhere', async () => {
    const project = await mkdtemp(path.join(tmpdir(), 'morgue-ingest-'))
    try {
      const { code, stderr } = await morgue(['ingest', path.join(root, 'tests/fixtures/seed/wire.txt')], project)
      expect(code).toBe(1)
      expect(stderr).toContain('missing-date')
      expect(stderr).toContain('Nothing was written')
      await expect(readFile(path.join(project, 'content'))).rejects.toThrow()
    } finally {
      await rm(project, { recursive: true, force: true })
    }
  })
})

describe('morgue import-jsonl', () => {
  it('should file evenly picked articles with source and licence, and change nothing when run again', async () => {
    const project = await mkdtemp(path.join(tmpdir(), 'morgue-import-'))
    try {
      const corpus = path.join(root, 'tests/fixtures/wikinews/articles.jsonl')
      const first = await morgue(['import-jsonl', corpus, '--pick', '3'], project)
      expect(first.code).toBe(0)
      expect(first.stdout.split('\n').filter((line) => line.startsWith('wrote '))).toEqual([
        'wrote content/2006/01/12/hundreds-dead-in-hajj-stampede.md',
        'wrote content/2019/10/10/swedish-academy-announces-2019-nobel-prize-winners-in.md',
        'wrote content/2023/02/23/reports-streamlined-uk-asylum-process-to-replace-interview.md',
      ])
      const text = await readFile(path.join(project, 'content/2006/01/12/hundreds-dead-in-hajj-stampede.md'), 'utf8')
      expect(text.split('\n').slice(0, 9)).toEqual([
        '---',
        'title: Hundreds dead in Hajj stampede',
        'date: 2006-01-12',
        'source:',
        '  name: Wikinews',
        '  url: https://en.wikinews.org/wiki/Hundreds_dead_in_Hajj_stampede',
        'license: CC BY 2.5',
        'format: wire',
        '---',
      ])
      const story = JSON.parse((await morgue(['inspect', 'content/2006/01/12/hundreds-dead-in-hajj-stampede.md', '--json'], project)).stdout) as Record<string, unknown>
      expect(story).toMatchObject({
        headline: 'Hundreds dead in Hajj stampede',
        source: { name: 'Wikinews', url: 'https://en.wikinews.org/wiki/Hundreds_dead_in_Hajj_stampede' },
        license: { name: 'CC BY 2.5', url: 'https://creativecommons.org/licenses/by/2.5/' },
        paragraphs: 5,
      })
      const again = await morgue(['import-jsonl', corpus, '--pick', '3'], project)
      expect(again.stdout).toContain('Imported 0 stories; 3 already there, left as they were.')
      expect(await readFile(path.join(project, 'content/2006/01/12/hundreds-dead-in-hajj-stampede.md'), 'utf8')).toBe(text)
    } finally {
      await rm(project, { recursive: true, force: true })
    }
  })

  it('should import nothing from a file with a bad line, naming the line', async () => {
    const project = await mkdtemp(path.join(tmpdir(), 'morgue-import-'))
    try {
      await writeFile(path.join(project, 'bad.jsonl'), '{"id":"a","title":"T","date":"2012-07-06","url":"https://x.example/a","body":"B.","license":"CC BY 2.5"}\n{"id":"b"}\n')
      const { code, stderr } = await morgue(['import-jsonl', 'bad.jsonl'], project)
      expect(code).toBe(1)
      expect(stderr).toContain('bad.jsonl:2  `title`')
      expect(stderr).toContain('Nothing was imported')
    } finally {
      await rm(project, { recursive: true, force: true })
    }
  })
})

/** Start `morgue serve` in a project (in a process group of its own, to stop it whole) and wait, half a minute at most, until it serves; everything it printed so far. */
async function startServer(project: string, port: number): Promise<{ server: ChildProcess; output: () => string }> {
  const server = spawn(process.execPath, [cli, 'serve', '--port', String(port)], { cwd: project, detached: true })
  let output = ''
  server.stdout?.on('data', (chunk: Buffer) => { output += chunk.toString() })
  server.stderr?.on('data', (chunk: Buffer) => { output += chunk.toString() })
  const deadline = Date.now() + 30_000
  while (!output.includes(`Serving the archive at http://localhost:${port}/`) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 200))
  return { server, output: () => output }
}

describe('morgue serve', () => {
  it('should keep serving the stories that load when another has an error', async () => {
    const { freePort } = await import('../src/build/serve.ts')
    const port = await freePort(18080)
    const { root: project, remove } = await tempProject({
      'content/good.md': '---\ndate: 2012-07-06\n---\nA good story loads\n\nCopy.\n',
      'content/bad.md': '---\ndate: 2012-02-30\n---\nA bad story\n\nCopy.\n',
    })
    const { server, output } = await startServer(project, port)
    try {
      expect(output()).toContain('content/bad.md:2:1  error')
      const good = await fetch(`http://localhost:${port}/2012/07/06/good/`)
      expect(good.status).toBe(200)
      expect(await good.text()).toContain('A good story loads')
      expect(server.exitCode).toBeNull()
      // Saving a story shows it; fixing the broken one brings it in, with the good one on the home page beside it.
      const served = async (url: string, text: string) => {
        const until = Date.now() + 20_000
        while (Date.now() < until) {
          const response = await fetch(`http://localhost:${port}${url}`)
          if (response.ok && (await response.text()).includes(text)) return true
          await new Promise((resolve) => setTimeout(resolve, 100))
        }
        return false
      }
      await writeFile(path.join(project, 'content/good.md'), '---\ndate: 2012-07-06\n---\nA good story loads\n\nCopy, and a sentence added while serving.\n')
      expect(await served('/2012/07/06/good/', 'a sentence added while serving')).toBe(true)
      await writeFile(path.join(project, 'content/bad.md'), '---\ndate: 2012-02-28\n---\nA bad story\n\nCopy.\n')
      expect(await served('/2012/02/28/bad/', 'A bad story')).toBe(true)
      expect(await served('/', '/2012/02/28/bad/')).toBe(true)
    } finally {
      if (server.pid !== undefined) process.kill(-server.pid, 'SIGTERM')
      await remove()
    }
  })
})

describe('morgue serve, after pages were removed by hand', () => {
  it('should write again, as it starts, the pages a build wrote and that are gone', async () => {
    const { freePort } = await import('../src/build/serve.ts')
    const port = await freePort(18120)
    const { root: project, remove } = await tempProject({
      'content/one.md': '---\ndate: 2012-07-06\n---\nThe first story\n\nIts copy.\n',
      'content/two.md': '---\ndate: 2012-07-07\n---\nThe second story\n\nIts copy.\n',
    })
    let server: ChildProcess | null = null
    try {
      // Built for the address the server serves at, so every page it would write is already there.
      expect((await morgue(['build'], project, { ...process.env, MORGUE_URL: `http://localhost:${port}` })).code).toBe(0)
      await rm(path.join(project, '_site/2012/07/06/one/index.html'))
      await rm(path.join(project, '_site/2012/07/07'), { recursive: true })
      server = (await startServer(project, port)).server
      for (const [url, text] of [['/2012/07/06/one/', 'The first story'], ['/2012/07/07/two/', 'The second story'], ['/2012/07/07/', 'The second story']] as const) {
        const page = await fetch(`http://localhost:${port}${url}`)
        expect(page.status, url).toBe(200)
        expect(await page.text()).toContain(text)
      }
    } finally {
      if (server?.pid !== undefined) process.kill(-server.pid, 'SIGTERM')
      await remove()
    }
  })
})

/** The text of every search fragment under a Pagefind bundle folder (they are gzipped JSON). */
async function searchText(bundle: string): Promise<string> {
  const folder = path.join(bundle, 'fragment')
  const names = await readdir(folder).catch(() => [])
  const texts = await Promise.all(names.map(async (name) => gunzipSync(await readFile(path.join(folder, name))).toString('utf8')))
  return texts.join('\n')
}

describe('morgue serve, a story edited', () => {
  it('should rewrite only the page of a story whose body alone changed, as a full build writes it, run Eleventy only when its pages change, and rebuild the rest', async () => {
    const { freePort } = await import('../src/build/serve.ts')
    const port = await freePort(18180)
    // 55 stories, one a day: the oldest five are outside the feeds (the newest 50).
    const day = (index: number) => new Date(Date.UTC(2012, 0, 1 + index)).toISOString().slice(0, 10)
    const files: Record<string, string> = {}
    for (let index = 0; index < 55; index++) files[`content/${day(index).replaceAll('-', '/')}/story-${index}.md`] = `---\ndate: ${day(index)}\n---\nHeadline number ${index} of the archive\n\nThe first paragraph of story ${index}.\n\nThe second paragraph of story ${index}.\n`
    const { root: project, remove } = await tempProject(files)
    const url = `http://localhost:${port}`
    const server = spawn(process.execPath, [cli, 'serve', '--port', String(port)], { cwd: project, detached: true })
    let output = ''
    server.stdout.on('data', (chunk: Buffer) => { output += chunk.toString() })
    server.stderr.on('data', (chunk: Buffer) => { output += chunk.toString() })
    const served = async (page: string, text: string) => {
      const until = Date.now() + 20_000
      while (Date.now() < until) {
        const response = await fetch(`${url}${page}`)
        if (response.ok && (await response.text()).includes(text)) return true
        await new Promise((resolve) => setTimeout(resolve, 50))
      }
      return false
    }
    const copy = await mkdtemp(path.join(tmpdir(), 'morgue-serve-copy-'))
    try {
      const deadline = Date.now() + 60_000
      while (!output.includes(`Serving the archive at ${url}/`) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100))
      expect(output).toContain(`Serving the archive at ${url}/`)
      const oldest = 'content/2012/01/01/story-0.md'
      const page = '/2012/01/01/story-0/'
      expect(await served(page, 'The second paragraph of story 0.')).toBe(true)

      // A paragraph added to a story outside the feeds: its page alone is rewritten, without Eleventy,
      // and a browser showing it reloads by itself.
      const browser = runBrowserTests ? await launchChromium() : null
      try {
        const tab = await browser?.newPage()
        await tab?.goto(`${url}${page}`)
        await appendFile(path.join(project, oldest), '\nA third paragraph, added while serving.\n')
        expect(await served(page, 'A third paragraph, added while serving.')).toBe(true)
        await tab?.waitForFunction('document.body.innerText.includes("A third paragraph, added while serving.")', undefined, { timeout: 20_000 })
      } finally {
        await browser?.close()
      }
      await expect.poll(() => output).toContain(`[morgue] ${oldest} changed: only its page shows what changed`)
      expect(output).not.toContain(`File changed: ./${oldest}`)
      // Search catches up in the background: the year's bundle holds the new paragraph.
      await expect.poll(() => searchText(path.join(project, '_site', 'pagefind', '2012')), { timeout: 20_000 }).toContain('A third paragraph, added while serving.')

      // A new headline: the story keeps its place, so its own page is written first, then the
      // other pages showing it are planned and rewritten; what Eleventy writes does not show it
      // (the story is in no feed), so Eleventy is not run.
      await writeFile(path.join(project, 'content/2012/01/02/story-1.md'), `---\ndate: 2012-01-02\n---\nA new headline for story one\n\nThe first paragraph of story 1.\n`)
      expect(await served('/2012/01/02/', 'A new headline for story one')).toBe(true)
      expect(await served('/2012/01/03/story-2/', 'A new headline for story one')).toBe(true)
      expect(await served('/2012/01/02/story-1/', 'A new headline for story one')).toBe(true)
      await expect.poll(() => output).toContain('[morgue] content/2012/01/02/story-1.md changed: its pages rewritten, feeds, sitemaps and indexes unchanged')
      expect(output).toMatch(/\[morgue\] content\/2012\/01\/02\/story-1\.md changed: its page rewritten in \d+ ms; the pages that list it follow\n[^]*story-1\.md changed: its pages rewritten, feeds/)
      // A new paragraph in a story in the feeds takes Eleventy too: the feed carries the whole article.
      await appendFile(path.join(project, 'content/2012/02/24/story-54.md'), '\nA paragraph for the feed.\n')
      expect(await served('/feed.json', 'A paragraph for the feed.')).toBe(true)
      expect(output).toMatch(/File changed: \S*content\/2012\/02\/24\/story-54\.md/)
      expect(output).not.toContain('story-1.md changed: only its page')
      // Its own page is written first all the same.
      expect(output).toMatch(/story-54\.md changed: its page rewritten in \d+ ms; the pages that list it follow/)
      expect(output).not.toContain('story-54.md changed: only its page')
      // A story added while serving gets its page, and the home page and feed list it.
      await mkdir(path.join(project, 'content/2012/03/01'), { recursive: true })
      await writeFile(path.join(project, 'content/2012/03/01/added.md'), '---\ndate: 2012-03-01\n---\nA story added while serving\n\nIts only paragraph.\n')
      expect(await served('/2012/03/01/added/', 'Its only paragraph.')).toBe(true)
      expect(await served('/', 'A story added while serving')).toBe(true)
      expect(await served('/feed.json', 'A story added while serving')).toBe(true)

      // Every page the server rewrote, alone or after a quick load of the saved story, is the
      // page a full build of the same files writes; and so are the feeds and sitemaps.
      await cp(path.join(project, 'content'), path.join(copy, 'content'), { recursive: true })
      await cp(path.join(project, 'templates'), path.join(copy, 'templates'), { recursive: true })
      await cp(path.join(project, 'public'), path.join(copy, 'public'), { recursive: true })
      const built = await morgue(['build'], copy, { ...process.env, MORGUE_URL: url })
      expect(built.code).toBe(0)
      const pages = async (site: string) => (await readdir(site, { recursive: true })).filter((name) => /\.(?:html|xml|json)$/.test(name) && !name.startsWith('pagefind')).sort()
      const names = await pages(path.join(copy, '_site'))
      expect(await pages(path.join(project, '_site'))).toEqual(names)
      expect(names.length).toBeGreaterThan(60)
      for (const name of names) expect(await readFile(path.join(project, '_site', name), 'utf8'), name).toBe(await readFile(path.join(copy, '_site', name), 'utf8'))
    } finally {
      if (server.pid !== undefined) process.kill(-server.pid, 'SIGTERM')
      await remove()
      await rm(copy, { recursive: true, force: true })
    }
  })
})

describe('morgue build', () => {
  it('should report every problem of every story in one run and exit 1', async () => {
    const project = await mkdtemp(path.join(tmpdir(), 'morgue-cli-'))
    try {
      await mkdir(path.join(project, 'content'))
      await writeFile(path.join(project, 'content/a.md'), '---\ntitle: [unclosed\n---\nCopy.\n')
      await writeFile(path.join(project, 'content/b.md'), '---\ndate: 2012-13-01\n---\nA headline here\n\nCopy.\n')
      await writeFile(path.join(project, 'content/c.md'), '---\ndate: 2012-07-06\n---\nNo headline in this one, only a sentence.\n')
      const { code, stderr, stdout } = await morgue(['build'], project)
      expect(code).toBe(1)
      expect(stdout).toBe('')
      const lines = stderr.split('\n').filter((line) => line.includes('  error  '))
      expect(lines.map((line) => line.replace(/  error  .*  /, ' ').trim())).toEqual([
        'content/a.md:2:17 front-matter-yaml',
        'content/b.md:2:1 invalid-date',
        'content/c.md:1:1 missing-headline',
      ])
      expect(stderr).toContain('Nothing was built')
      expect(stderr).not.toMatch(/\n\s+at /)
    } finally {
      await rm(project, { recursive: true, force: true })
    }
  })

  it('should refuse an unknown command with the usage', async () => {
    const { code, stderr } = await morgue(['publish'])
    expect(code).toBe(2)
    expect(stderr).toContain('unknown command `publish`')
    expect(stderr).toContain('Usage: npm run morgue')
  })
})

describe('the morgue command', () => {
  it('should run the source as it is now, compiling it again after any change', async () => {
    // A copy of morgue whose source this test may change; the packages are the repository's own.
    const copy = await mkdtemp(path.join(tmpdir(), 'morgue-launcher-'))
    const bundles = path.join(root, 'node_modules', '.cache', 'morgue-cli')
    const before = new Set(await readdir(bundles).catch(() => []))
    try {
      for (const name of ['bin', 'src', 'package.json', 'package-lock.json']) await cp(path.join(root, name), path.join(copy, name), { recursive: true })
      await symlink(path.join(root, 'node_modules'), path.join(copy, 'node_modules'))
      const launcher = path.join(copy, 'bin', 'morgue.mjs')
      const first = await morgue(['help'], copy, process.env, launcher)
      expect(first.code).toBe(0)
      expect(first.stdout.split('\n')[0]).toBe('Usage: npm run morgue -- <command>')
      const compiled = await readdir(bundles)
      const main = path.join(copy, 'src', 'cli', 'main.ts')
      await writeFile(main, (await readFile(main, 'utf8')).replace('Usage: npm run morgue', 'Usage (changed): npm run morgue'))
      const second = await morgue(['help'], copy, process.env, launcher)
      expect(second.stdout.split('\n')[0]).toBe('Usage (changed): npm run morgue -- <command>')
      // Each version of the source has its own bundle; running one again compiles nothing.
      const recompiled = await readdir(bundles)
      expect(recompiled.filter((name) => !compiled.includes(name))).toHaveLength(1)
      await morgue(['help'], copy, process.env, launcher)
      expect(await readdir(bundles)).toEqual(recompiled)
      // A bug in morgue is reported at its line of the TypeScript source.
      await writeFile(main, `${await readFile(main, 'utf8')}\nthrow new Error('a bug')\n`)
      const failed = await morgue(['help'], copy, process.env, launcher)
      expect(failed.code).not.toBe(0)
      expect(failed.stderr).toMatch(/src\/cli\/main\.ts:\d+/)
    } finally {
      for (const name of await readdir(bundles).catch(() => [])) if (!before.has(name)) await rm(path.join(bundles, name), { recursive: true, force: true })
      await rm(copy, { recursive: true, force: true })
    }
  })
})

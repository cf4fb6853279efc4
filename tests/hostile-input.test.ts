/**
 * Bad input never breaks the archive and never runs code: every hostile
 * front matter, file and body either loads as plain text or is reported as a
 * problem with its place and rule id, in bounded time; every field lands
 * escaped in every output.
 */
import { execFileSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { chmod, cp, mkdir, mkdtemp, readdir, readFile, realpath, rm, symlink, truncate, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { load, type CheerioAPI } from 'cheerio'
import { XMLParser } from 'fast-xml-parser'
import { VFile } from 'vfile'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildSite, type BuildResult } from '../src/build/index.ts'
import { parseHeaders } from '../src/build/preview.ts'
import { loadContent } from '../src/load/content.ts'
import { firstInvalidByte, maxStoryBytes, readOneStoryFile } from '../src/load/files.ts'
import { loadStory } from '../src/load/index.ts'
import { nestingOf } from '../src/load/limits.ts'
import { archivePageAt } from '../src/load/permalinks.ts'
import { formatReport, printable } from '../src/load/report.ts'
import { renderMarkdown } from '../src/render/markdown.ts'
import { morgue } from './support/cli.ts'
import { tempProject, type TempProject } from './support/project.ts'
import { unsafeParts } from './support/safe-html.ts'

const repository = path.resolve(import.meta.dirname, '..')
const body = 'A headline here\n\nThe copy of the story.\n'
const story = (frontMatter: string, text = body) => `---\n${frontMatter}\n---\n${text}`

/** Load one story's text; its problems as the report prints them, without the count. */
function loadText(value: string, file = 'content/2012/07/06/story.md'): { story: ReturnType<typeof loadStory>; report: string[] } {
  const vfile = new VFile({ path: file, value })
  const loaded = loadStory(vfile)
  return { story: loaded, report: reportLines([vfile]) }
}

function reportLines(files: readonly VFile[]): string[] {
  const report = formatReport(files)
  return report === '' ? [] : report.split('\n').slice(0, -2)
}

describe('front matter that would break or mislead the loader', () => {
  it('should say where front matter opened and never closed', () => {
    const { story: loaded, report } = loadText('---\ndate: 2012-07-06\ntitle: A headline here\n\nThe copy of the story.\n')
    expect(loaded).toBeNull()
    expect(report).toEqual(['content/2012/07/06/story.md:1:1  error  Front matter opens with `---` but never closes: add a line `---` after the last key  front-matter-unclosed'])
  })

  it('should point at badly indented keys and tabs', () => {
    expect(loadText(story('date: 2012-07-06\ntitle: A headline here\n  section: World')).report).toEqual([
      'content/2012/07/06/story.md:3:8  error  Front matter is not valid YAML: Nested mappings are not allowed in compact mappings  front-matter-yaml',
    ])
    expect(loadText(story('date: 2012-07-06\nsource:\n  name: AP\n   url: https://apnews.com/')).report).toEqual([
      'content/2012/07/06/story.md:4:9  error  Front matter is not valid YAML: Nested mappings are not allowed in compact mappings  front-matter-yaml',
    ])
    expect(loadText(story('date: 2012-07-06\n\ttitle: A headline here')).report).toEqual([
      'content/2012/07/06/story.md:3:1  error  Front matter is not valid YAML: Tabs are not allowed as indentation  front-matter-yaml',
    ])
  })

  it('should never evaluate ---js, ---javascript or --- js front matter', () => {
    const flag = globalThis as { morgueRan?: string }
    const blocks = [
      '---js\n{ title: (globalThis.morgueRan = "js") }\n---\n',
      '---javascript\n(() => { globalThis.morgueRan = "javascript"; return {} })()\n---\n',
      '--- js\nglobalThis.morgueRan = "spaced"\n---\n',
      '---coffee\nglobalThis.morgueRan = "coffee"\n---\n',
    ]
    const reports = blocks.map((block) => loadText(block + body).report)
    expect(flag.morgueRan).toBeUndefined()
    expect(reports).toEqual(['js', 'javascript', 'js', 'coffee'].map((language) => [
      `content/2012/07/06/story.md:1:1  error  Front matter in \`${language}\` is not read (it could run code): write it as YAML after a plain \`---\`  front-matter-language`,
    ]))
  })

  it('should refuse front-matter languages it does not read, and read ---yaml as YAML', () => {
    expect(loadText(`---perl\ndate: 2012-07-06\n---\n${body}`).report).toEqual([
      'content/2012/07/06/story.md:1:1  error  Front matter language `perl` is not supported: write YAML after a plain `---`  front-matter-language',
    ])
    for (const language of ['toml', 'json']) {
      expect(loadText(`---${language}\n{}\n---\n${body}`).report).toEqual([
        `content/2012/07/06/story.md:1:1  error  Front matter in \`${language}\` is not read (it could run code): write it as YAML after a plain \`---\`  front-matter-language`,
      ])
    }
    expect(loadText(`---yaml\ndate: 2012-07-06\n---\n${body}`).story?.permalink).toBe('/2012/07/06/story/')
  })

  it('should refuse a key given twice, at the second', () => {
    expect(loadText(story('title: A headline here\ndate: 2012-07-06\ntitle: Another')).report).toEqual([
      'content/2012/07/06/story.md:4:1  error  Front matter is not valid YAML: Map keys must be unique  front-matter-yaml',
    ])
  })

  it('should refuse impossible dates instead of rolling them over', () => {
    const cases = [['date', '2012-02-30'], ['date', '2012-13-01'], ['date', '2013-02-29'], ['date', '2012-07-06T25:00'], ['updated', '2012-04-31']] as const
    for (const [key, value] of cases) {
      const frontMatter = key === 'date' ? `date: ${value}` : `date: 2012-07-06\n${key}: ${value}`
      expect(loadText(story(frontMatter)).report).toEqual([
        `content/2012/07/06/story.md:${key === 'date' ? 2 : 3}:1  error  \`${key}: ${value}\` is not a real date or time: check the day of the month  invalid-date`,
      ])
    }
  })

  it('should keep unquoted words YAML 1.1 would have read as booleans or times as the text written', () => {
    for (const title of ['no', 'yes', 'on', 'off', '12:30', '2012-07-06']) {
      const { story: loaded, report } = loadText(story(`date: 2012-07-06\ntitle: ${title}`))
      expect(report).toEqual([])
      expect(loaded?.headline).toBe(title)
    }
  })

  it('should say to quote a value YAML reads as a number or true/false', () => {
    const cases = [['title', '1e3', 'a number'], ['slug', '0x10', 'a number'], ['slug', '0o17', 'a number'], ['title', '.inf', 'a number'], ['section', '1.0', 'a number'], ['title', 'true', 'a true/false value'], ['date', '20120706', 'a number']] as const
    for (const [key, value, kind] of cases) {
      const frontMatter = key === 'date' ? `date: ${value}` : `date: 2012-07-06\n${key}: ${value}`
      expect(loadText(story(frontMatter)).report).toEqual([
        `content/2012/07/06/story.md:${key === 'date' ? 2 : 3}:1  error  Front matter \`${key}\` must be text, but YAML read \`${value}\` as ${kind}: put it in quotes  front-matter-field`,
      ])
    }
  })

  it('should refuse values of the wrong type', () => {
    const cases = [
      ['title: [a, b]', 'Front matter `title`: Invalid input: expected string, received array'],
      ['title: ~', 'Front matter `title`: Invalid input: expected string, received null'],
      ['draft: "yes"', 'Front matter `draft`: Invalid input: expected boolean, received string'],
      ['related: A related headline', 'Front matter `related`: Invalid input: expected array, received string'],
      ['tags: {a: 1}', 'Front matter `tags`: Invalid input'],
      ['source: [a, b]', 'Front matter `source`: Invalid input'],
    ] as const
    for (const [line, reason] of cases) {
      expect(loadText(story(`date: 2012-07-06\n${line}`)).report).toEqual([`content/2012/07/06/story.md:3:1  error  ${reason}  front-matter-field`])
    }
  })

  it('should read a few aliases as YAML means them', () => {
    const { story: loaded, report } = loadText(story('date: 2012-07-06\ntags: &both [Syria, Defections]\nsection: World'))
    expect(report).toEqual([])
    expect(loaded?.tags).toEqual(['Syria', 'Defections'])
  })

  it('should never let a __proto__ or constructor key reach an object prototype', () => {
    const reports = [
      story('date: 2012-07-06\n__proto__:\n  polluted: top'),
      story('date: 2012-07-06\n"__proto__": {"polluted": "flow"}'),
      story('date: 2012-07-06\nconstructor:\n  prototype:\n    polluted: constructor'),
      story('date: 2012-07-06\nsource:\n  name: AP\n  __proto__:\n    polluted: source'),
      story('date: 2012-07-06\nrelated:\n  - title: A related headline\n    __proto__: {polluted: related}'),
    ].map((text) => loadText(text).report)
    expect(({} as { polluted?: unknown }).polluted).toBeUndefined()
    expect(Object.prototype).not.toHaveProperty('polluted')
    expect(reports).toEqual([
      ['content/2012/07/06/story.md:3:1  warning  Front matter key `__proto__` is not used by morgue: check its spelling  unknown-front-matter-key'],
      // A quoted key is found on its line too.
      ['content/2012/07/06/story.md:3:1  warning  Front matter key `__proto__` is not used by morgue: check its spelling  unknown-front-matter-key'],
      ['content/2012/07/06/story.md:3:1  warning  Front matter key `constructor` is not used by morgue: check its spelling  unknown-front-matter-key'],
      ['content/2012/07/06/story.md:3:1  error  Front matter `source`: Unrecognized key: "__proto__"  front-matter-field'],
      ['content/2012/07/06/story.md:3:1  error  Front matter `related.0`: Unrecognized key: "__proto__"  front-matter-field'],
    ])
  })
})

describe('slugs and permalinks that would leave their folder or hide what they are', () => {
  const slugHint = 'is not usable in a URL: use lower-case letters, digits and single hyphens'
  const permalinkHint = 'must start and end with `/` and use only letters, digits, `-`, `_`, `.` and `~`'

  it('should refuse slugs with /, .., %2e%2e, NUL or bidi controls, printing them visibly', () => {
    const cases = [['a/b', 'a/b'], ['..', '..'], ['"%2e%2e"', '%2e%2e'], ['"a\\0b"', 'a\\u0000b'], ['"a\\u202Eb"', 'a\\u202Eb'], ['"a\\u2066b"', 'a\\u2066b']] as const
    for (const [written, shown] of cases) {
      expect(loadText(story(`date: 2012-07-06\nslug: ${written}`)).report).toEqual([`content/2012/07/06/story.md:3:1  error  Slug \`${shown}\` ${slugHint}  invalid-slug`])
    }
  })

  it('should refuse permalinks with //, .., %2e%2e, NUL, bidi controls or backslashes', () => {
    const cases = [
      ['/a/../b/', '/a/../b/'], ['/../', '/../'], ['/a/..', '/a/..'], ['/%2e%2e/x/', '/%2e%2e/x/'], ['"/a\\0b/"', '/a\\u0000b/'], ['"/a\\u202Eb/"', '/a\\u202Eb/'],
      ['//evil.example/', '//evil.example/'], ['/a//b/', '/a//b/'], ['/a\\b/', '/a\\b/'], ['a/b', 'a/b'],
    ] as const
    for (const [written, shown] of cases) {
      expect(loadText(story(`date: 2012-07-06\npermalink: ${written}`)).report).toEqual([`content/2012/07/06/story.md:3:1  error  Permalink \`${shown}\` ${permalinkHint}  invalid-permalink`])
    }
  })

  it('should print control and bidirectional characters quoted in any report as \\uXXXX', () => {
    expect(printable('slug `a\u202Eb` and \u001B[2J, \u0000 and a\nbreak, é “kept”')).toBe('slug `a\\u202Eb` and \\u001B[2J, \\u0000 and a\\u000Abreak, é “kept”')
  })
})

describe('story files', () => {
  const roots: string[] = []
  afterAll(async () => {
    for (const root of roots) await rm(root, { recursive: true, force: true })
  })

  /** A project folder of its own with `content/` holding `files`. */
  async function projectWith(files: Readonly<Record<string, string | Uint8Array>>): Promise<string> {
    const root = await mkdtemp(path.join(tmpdir(), 'morgue-hostile-'))
    roots.push(root)
    for (const [name, value] of Object.entries(files)) {
      await mkdir(path.dirname(path.join(root, 'content', name)), { recursive: true })
      await writeFile(path.join(root, 'content', name), value)
    }
    await mkdir(path.join(root, 'content'), { recursive: true })
    return root
  }

  /** Load the content folder of a project made of `files`; its problems as the report prints them. */
  async function loadFolder(files: Readonly<Record<string, string | Uint8Array>>, publicDir?: string) {
    const root = await projectWith(files)
    const loaded = await loadContent(path.join(root, 'content'), { cwd: root, publicDir })
    return { ...loaded, root, report: reportLines(loaded.files) }
  }

  it('should report an empty file, and a file of blank lines, as empty', async () => {
    const { report } = await loadFolder({ 'a.md': '', 'b.md': ' \n\t\n\n' })
    expect(report).toEqual([
      'content/a.md:1:1  error  The story file is empty: write the story text, with a headline on its first line  empty-story',
      'content/b.md:1:1  error  The story file is empty: write the story text, with a headline on its first line  empty-story',
    ])
  })

  it('should load front matter alone as a story without copy when it gives a title, and ask for a headline when not', async () => {
    const { report, loaded } = await loadFolder({ 'a.md': '---\ndate: 2012-07-06\ntitle: A headline here\n---', 'b.md': '---\ndate: 2012-07-06\n---\n' })
    expect(report).toEqual(['content/b.md:1:1  error  No headline found: put it on the first line of the story, or add `title:` to the front matter  missing-headline'])
    expect(loaded.map((one) => [one.headline, one.body.length])).toEqual([['A headline here', 0]])
  })

  it('should report bytes that are not UTF-8 at their line, column and byte offset, never replacing them', async () => {
    const latin1 = Buffer.concat([Buffer.from('---\ndate: 2012-07-06\n---\nA headline here\n\nCaf'), Buffer.from([0xe9]), Buffer.from(' au lait.\n')])
    const windows = Buffer.concat([Buffer.from('\uFEFFA headline here\r\n\r\nLine “two” '), Buffer.from([0x93]), Buffer.from('quoted\r\n')])
    const { report, loaded } = await loadFolder({ 'latin1.md': latin1, 'windows.txt': windows })
    expect(report).toEqual([
      'content/latin1.md:6:4  error  This file is not valid UTF-8: byte 0xE9 at byte offset 45 cannot stand there (the file may be in Latin-1 or Windows-1252): save it as UTF-8  invalid-encoding',
      'content/windows.txt:3:12  error  This file is not valid UTF-8: byte 0x93 at byte offset 37 cannot stand there (the file may be in Latin-1 or Windows-1252): save it as UTF-8  invalid-encoding',
    ])
    expect(loaded).toEqual([])
  })

  it('should read one named file with the same limits, for the command line', async () => {
    const root = await projectWith({ 'ok.md': story('date: 2012-07-06'), 'bad.md': Buffer.from([0x41, 0x0a, 0x80]) })
    const ok = await readOneStoryFile('content/ok.md', root)
    expect([ok.text, ok.file.path, ok.file.messages]).toEqual([story('date: 2012-07-06'), 'content/ok.md', []])
    const bad = await readOneStoryFile(path.join(root, 'content/bad.md'), root)
    expect([bad.text, reportLines([bad.file])]).toEqual([null, ['content/bad.md:2:1  error  This file is not valid UTF-8: byte 0x80 at byte offset 2 cannot stand there (the file may be in Latin-1 or Windows-1252): save it as UTF-8  invalid-encoding']])
  })

  it('should find the first byte of every kind of malformed UTF-8', () => {
    const at = (...bytes: number[]) => firstInvalidByte(Uint8Array.from(bytes))
    expect(at(0x61, 0xc3, 0xa9, 0x62)).toBe(-1) // é
    expect(at(0xf0, 0x9f, 0x93, 0xb0)).toBe(-1) // 📰
    expect(at(0x61, 0x80)).toBe(1) // a lone continuation byte
    expect(at(0xc0, 0xaf)).toBe(0) // an overlong `/`
    expect(at(0xe0, 0x80, 0xaf)).toBe(0) // an overlong three-byte form
    expect(at(0x61, 0xed, 0xa0, 0x80)).toBe(1) // a UTF-16 surrogate
    expect(at(0xf4, 0x90, 0x80, 0x80)).toBe(0) // past U+10FFFF
    expect(at(0x61, 0x62, 0xe2, 0x82)).toBe(2) // cut off at the end
    expect(at(0xff, 0xfe, 0x61, 0x00)).toBe(0) // UTF-16 with its BOM
  })

  it('should read a BOM, CRLF and lone CR line endings as the same story as LF', async () => {
    const text = '---\ndate: 2012-07-06\ntimezone: America/New_York\n---\nFerry fares rise for the first time in a decade\n\nUpdated at 11:59 a.m. Eastern\n\nBOSTON (AP) — Fares will rise,\nofficials said.\n\n"We had no choice," said Ana Lima, a spokeswoman.\n'
    const variants = [text, `\uFEFF${text}`, text.replace(/\n/g, '\r\n'), text.replace(/\n/g, '\r'), `\uFEFF${text.replace(/\n/g, '\r')}`]
    const stories = []
    for (const variant of variants) {
      const { loaded, report } = await loadFolder({ 'ferry.md': variant })
      expect(report).toEqual([])
      stories.push(loaded[0])
    }
    expect(stories[0]?.quotes.map((quote) => quote.speaker)).toEqual(['Ana Lima'])
    expect(stories[0]?.updated?.iso).toBe('2012-07-06T11:59:00-04:00')
    for (const other of stories.slice(1)) expect(other).toEqual(stories[0])
  })

  it('should refuse a file over 1 MB without reading it whole', async () => {
    const root = await projectWith({ 'a.md': `${story('date: 2012-07-06')}${'x'.repeat(maxStoryBytes)}`, 'huge.md': '' })
    // A sparse file of 4 GB: reading it whole would take the memory and the time.
    await truncate(path.join(root, 'content/huge.md'), 4 * 1024 ** 3)
    const started = performance.now()
    const loaded = await loadContent(path.join(root, 'content'), { cwd: root })
    expect(performance.now() - started).toBeLessThan(2000)
    expect(reportLines(loaded.files)).toEqual([
      'content/a.md:1:1  error  This file is 1,048,641 bytes, over the 1 MB (1,048,576 bytes) a story may be: split it into several stories, or cut what is not copy  file-too-large',
      'content/huge.md:1:1  error  This file is 4,294,967,296 bytes, over the 1 MB (1,048,576 bytes) a story may be: split it into several stories, or cut what is not copy  file-too-large',
    ])
  })

  it('should refuse links leading out of content/, without following them', async () => {
    const root = await projectWith({ 'stories/real.md': story('date: 2012-07-06', 'A real headline here\n\nCopy.\n') })
    const folder = path.join(root, 'content')
    const outside = path.join(root, 'outside')
    await mkdir(outside)
    await writeFile(path.join(outside, 'secret.md'), story('date: 2012-07-06', 'Secret headline from outside\n\nNot a story of this archive.\n'))
    await symlink(path.join(outside, 'secret.md'), path.join(folder, 'secret.md'))
    await symlink(outside, path.join(folder, 'elsewhere'))
    await symlink('../'.repeat(20) + 'etc/passwd', path.join(folder, 'passwd.txt'))
    await symlink(path.join(folder, 'gone.md'), path.join(folder, 'broken.md'))
    await symlink(path.join(folder, 'stories/real.md'), path.join(folder, 'alias.md'))
    await symlink(path.join(folder, 'stories'), path.join(folder, 'again'))
    const loaded = await loadContent(folder, { cwd: root })
    expect(reportLines(loaded.files)).toEqual([
      'content/again:1:1  warning  This folder is a link to content/stories, whose stories are read there and not again here: remove the link  linked-folder',
      'content/broken.md:1:1  error  This is a link to a file that does not exist: remove the link, or put the story itself here  unreadable-file',
      `content/elsewhere:1:1  error  This folder is a link to \`${await realpath(outside)}\`, outside content/: stories are read only from inside content/, so move or copy its stories here instead of linking to them  link-outside-content`,
      'content/passwd.txt:1:1  error  This is a link to `/etc/passwd`, outside content/: stories are read only from inside content/, so copy the story here instead of linking to it  link-outside-content',
      `content/secret.md:1:1  error  This is a link to \`${await realpath(path.join(outside, 'secret.md'))}\`, outside content/: stories are read only from inside content/, so copy the story here instead of linking to it  link-outside-content`,
    ])
    // A link within content/ is read, as a story of its own name.
    expect(loaded.loaded.map((one) => [one.file, one.permalink]).sort()).toEqual([['content/alias.md', '/2012/07/06/alias/'], ['content/stories/real.md', '/2012/07/06/real/']])
  })

  it.runIf(existsSync('/usr/bin/mkfifo'))('should refuse a named pipe instead of waiting on it forever', async () => {
    const root = await projectWith({})
    execFileSync('/usr/bin/mkfifo', [path.join(root, 'content/pipe.md')])
    const loaded = await loadContent(path.join(root, 'content'), { cwd: root })
    expect(reportLines(loaded.files)).toEqual(['content/pipe.md:1:1  error  This is not a plain file (a pipe, socket or device): only plain text files are stories  unreadable-file'])
  })

  // Root reads any folder, so only another user can see a folder it may not read.
  it.runIf(process.getuid?.() !== 0)('should report a folder it may not read, and read the rest', async () => {
    const root = await projectWith({ 'locked/a.md': story('date: 2012-07-06'), 'b.md': story('date: 2012-07-06', 'Another headline here\n\nCopy.\n') })
    await chmod(path.join(root, 'content/locked'), 0o000)
    try {
      const loaded = await loadContent(path.join(root, 'content'), { cwd: root })
      expect(reportLines(loaded.files)).toEqual(['content/locked:1:1  error  This folder cannot be read (EACCES): let the build read it, or move it out of content/  unreadable-file'])
      expect(loaded.loaded.map((one) => one.file)).toEqual(['content/b.md'])
    } finally {
      await chmod(path.join(root, 'content/locked'), 0o755)
    }
  })

  it('should refuse two stories at one permalink, even differing only in case', async () => {
    const { report } = await loadFolder({
      'a.md': story('date: 2012-07-06\npermalink: /news/ferry/'),
      'b.md': story('date: 2012-07-06\npermalink: /News/Ferry/', 'Another headline here\n\nCopy.\n'),
    })
    expect(report).toEqual(['content/b.md:5:1  error  Permalink `/News/Ferry/` is already used by content/a.md: give this story another slug or date  duplicate-permalink'])
  })

  it('should refuse a permalink the archive builds a page or file at, pointing at the permalink key', async () => {
    const taken = {
      '/': 'the home page',
      '/page/2/': 'the later pages of the home page',
      '/2012/': 'a date page of the archive',
      '/2012/07/': 'a date page of the archive',
      '/2012/07/06/': 'a date page of the archive',
      '/2012/07/06/page/3/': 'a date page of the archive',
      '/Tags/': 'the tag pages',
      '/tags/syria/': 'the tag pages',
      '/sections/world/': 'the section pages',
      '/people/x/': 'the pages of people quoted',
      '/quotes/': 'the page of who said what',
      '/search/': 'the search page',
      '/pagefind/': 'the search index',
      '/feed.xml/': 'the Atom feed',
      '/rss.xml/': 'the RSS feed',
      '/feed.json/': 'the JSON Feed',
      '/sitemap.xml/': 'the sitemap',
      '/sitemaps/1.xml/': 'the parts of the sitemap',
      '/news-sitemap.xml/': 'the news sitemap',
      '/robots.txt/': 'the robots.txt file',
      '/404.html/': 'the page for missing addresses',
    }
    const name = (index: number) => `${String(index).padStart(2, '0')}.md`
    const { report } = await loadFolder(Object.fromEntries(Object.keys(taken).map((permalink, index) => [name(index), story(`date: 2012-07-06\npermalink: ${permalink}`)])))
    expect(report).toEqual(Object.entries(taken).map(([permalink, page], index) => `content/${name(index)}:3:1  error  Permalink \`${permalink}\` is taken by ${page}: give this story another permalink  reserved-permalink`))
  })

  it('should refuse a permalink at a file public/ copies to the site, when told where public/ is', async () => {
    const files = { 'a.md': story('date: 2012-07-06\npermalink: /style.css/'), 'b.md': story('date: 2012-07-06\nslug: favicon\npermalink: /FAVICON.svg/'), 'c.md': story('date: 2012-07-06\npermalink: /style/') }
    const { report } = await loadFolder(files, path.join(repository, 'public'))
    expect(report).toEqual([
      'content/a.md:3:1  error  Permalink `/style.css/` is taken by `public/style.css`, which the site copies to `/style.css`: give this story another permalink  reserved-permalink',
      'content/b.md:4:1  error  Permalink `/FAVICON.svg/` is taken by `public/favicon.svg`, which the site copies to `/favicon.svg`: give this story another permalink  reserved-permalink',
    ])
    expect((await loadFolder(files)).report).toEqual([])
  })

  it('should leave every address that is neither an archive page nor a date page to stories', () => {
    for (const permalink of ['/2012/07/06/tags/', '/news/search/', '/2012/07/06/page/', '/20120/', '/2012/7/', '/pages/', '/tagsx/', '/feed/']) expect(archivePageAt(permalink), permalink).toBeNull()
  })
})

describe('story bodies', () => {
  it('should drop every script, handler, frame, style and dangerous link scheme', () => {
    const cases: Array<[string, string]> = [
      ["[a](javascript:alert('x'))", '<p><a>a</a></p>'],
      ["[a](JaVaScRiPt:alert('x'))", '<p><a>a</a></p>'],
      ["[a](jav&#x09;ascript:alert('x'))", '<p><a>a</a></p>'],
      ["[a](&#106;avascript:alert('x'))", '<p><a>a</a></p>'],
      ["[a](%6A%61%76%61script:alert('x'))", '<p><a>a</a></p>'],
      ["[a](javascript&colon;alert('x'))", '<p><a>a</a></p>'],
      ['[a](  javascript:alert(1)  )', '<p><a>a</a></p>'],
      ["[a](vbscript:msgbox('x'))", '<p><a>a</a></p>'],
      ['[a](VBScript:msgbox(1))', '<p><a>a</a></p>'],
      ['[a](data:text/html;base64,PHNjcmlwdD4=)', '<p><a>a</a></p>'],
      ['[a](DATA:text/html,x)', '<p><a>a</a></p>'],
      ["<javascript:alert('x')>", "<p><a>javascript:alert('x')</a></p>"],
      ["[a][r]\n\n[r]: javascript:alert('x')", '<p><a>a</a></p>'],
      ["![a](javascript:alert('x'))", '<p><a>a</a></p>'],
      ["<script>alert('x')</script>", ''],
      ['x <img src=x onerror=alert(1)> y', '<p>x  y</p>'],
      // Not a tag at all in CommonMark (a quote in an unquoted value), so plain, escaped text.
      ["x <img src=x onerror=alert('x')> y", "<p>x &#x3C;img src=x onerror=alert('x')> y</p>"],
      ['<iframe src="https://evil.example/"></iframe>', ''],
      ['<svg onload="alert(1)">', ''],
      ["<svg onload=alert('x')>", "<p>&#x3C;svg onload=alert('x')></p>"],
      ['<style>body { display: none }</style>', ''],
      ['<object data="x.swf"></object>', '<p></p>'],
      ['<embed src="x.swf">', ''],
      ['<base href="https://evil.example/">', ''],
      ['<meta http-equiv="refresh" content="0; url=https://evil.example/">', ''],
      ['x <b onclick="alert(1)">bold</b> y', '<p>x bold y</p>'],
      ['[a](https://example.org/ "t\\" onmouseover=alert(1)")', '<p><a href="https://example.org/" title="t&#x22; onmouseover=alert(1)">a</a></p>'],
      ['[a](https://example.org/?q=<script>)', '<p><a href="https://example.org/?q=%3Cscript%3E">a</a></p>'],
    ]
    for (const [markdown, html] of cases) expect(renderMarkdown(markdown), markdown).toBe(html)
  })

  it('should never let story HTML set an id or name that could clobber the page', () => {
    for (const markdown of ['<a id="search-form" name="main" href="#">x</a>', '<img name="getElementById" src="/favicon.svg">', '<form id="search-form"><input name="q"></form>', '# Heading {#main}']) {
      const html = load(renderMarkdown(markdown))
      // The sanitiser would prefix any it kept with `user-content-`; Markdown makes none, and raw HTML is dropped.
      expect(html('[id], [name]').toArray().map((element) => [element.attribs.id, element.attribs.name]), markdown).toEqual([])
    }
  })

  it('should turn images from other sites into links, and keep those on this site', () => {
    const cases: Array<[string, string]> = [
      ['![pixel](https://evil.example/p.png)', '<p><a href="https://evil.example/p.png">pixel</a></p>'],
      ['![](//evil.example/p.png)', '<p><a href="//evil.example/p.png">//evil.example/p.png</a></p>'],
      ['![x](</\t/evil.example/p.png>)', '<p><a href="/%09/evil.example/p.png">x</a></p>'],
      ['![x](/\\evil.example/p.png)', '<p><a href="/%5Cevil.example/p.png">x</a></p>'],
      ['![x][r]\n\n[r]: https://evil.example/p.png "T"', '<p><a href="https://evil.example/p.png" title="T">x</a></p>'],
      ['[![x](https://evil.example/p.png)](https://example.org/)', '<p><a href="https://example.org/">x</a></p>'],
      ['![x](data:image/png;base64,AAAA)', '<p><a>x</a></p>'],
      ['![x](/images/a.png)', '<p><img src="/images/a.png" alt="x"></p>'],
      ['![x](a.png)', '<p><img src="a.png" alt="x"></p>'],
    ]
    for (const [markdown, html] of cases) expect(renderMarkdown(markdown), markdown).toBe(html)
  })

  it('should print template syntax literally', () => {
    expect(renderMarkdown('{{ site.title }} {% raw %} {%- include "base.njk" -%} {{ 7 * 7 }}')).toBe('<p>{{ site.title }} {% raw %} {%- include "base.njk" -%} {{ 7 * 7 }}</p>')
  })
})

describe('pathological bodies', () => {
  let project: TempProject
  beforeAll(async () => {
    project = await tempProject()
  })
  afterAll(() => project.remove())

  const head = '---\ndate: 2012-07-06\ntitle: A headline here\n---\nThe copy starts here.\n\n'
  const headLines = head.split('\n').length - 1

  /** Load one body from a content folder of its own, timing it; its problems, or its rendered story. */
  async function loadBody(name: string, text: string) {
    const folder = path.join(project.root, 'content', name)
    await mkdir(folder)
    await writeFile(path.join(folder, 'story.md'), head + text)
    const started = performance.now()
    const loaded = await loadContent(folder, { cwd: folder })
    const { articleHtml } = await import('../src/render/index.ts')
    const html = loaded.loaded[0] ? articleHtml(loaded.loaded[0]) : null
    return { ms: performance.now() - started, report: reportLines(loaded.files), html }
  }

  const refused: Array<[string, () => string, string]> = [
    ['2,000 nested blockquotes', () => `${'> '.repeat(2000)}x\n`, `story.md:${headLines + 1}:1  error  Quotes, lists or indentation are nested 2,000 deep here; at most 32 levels are read: flatten or unindent them  nesting-too-deep`],
    ['2,000 nested list items on a line', () => `${'- '.repeat(2000)}x\n`, `story.md:${headLines + 1}:1  error  Quotes, lists or indentation are nested 2,000 deep here; at most 32 levels are read: flatten or unindent them  nesting-too-deep`],
    ['200 list items nested by indentation', () => Array.from({ length: 200 }, (_, level) => `${' '.repeat(level * 2)}- item`).join('\n'), `story.md:${headLines + 33}:1  error  Quotes, lists or indentation are nested 33 deep here; at most 32 levels are read: flatten or unindent them  nesting-too-deep`],
    ['7,000 lines continuing quotes 32 deep', () => `${'> '.repeat(32)}x\n${'more text\n'.repeat(7000)}`, `story.md:${headLines + 1}:1  error  This story nests quotes or lists on so many lines that reading it would take too long (224,032 nested line-levels, at most 20,000; the deepest, 32 levels, is here): flatten them  nesting-too-deep`],
    ['10,000 link definitions', () => `${Array.from({ length: 10_000 }, (_, index) => `[l${index}]: https://example.org/${index}`).join('\n')}\n`, `story.md:${headLines + 1001}:1  error  This story has more than 1,000 link definitions (\`[label]: address\` lines), and this is one too many: write the links inline, or cut them  too-much-markup`],
    ['50,000 *', () => `${'*'.repeat(50_000)}\n`, paragraphError(50_000)],
    ['50,000 [', () => `${'['.repeat(50_000)}\n`, paragraphError(50_000)],
    ['<a repeated 50,000 times', () => `${'<a'.repeat(50_000)}\n`, paragraphError(50_000)],
    ['*a_ repeated 20,000 times', () => `${'*a_'.repeat(20_000)}\n`, paragraphError(40_000)],
    ['[a]( repeated 30,000 times', () => `${'[a]('.repeat(30_000)}\n`, paragraphError(60_000)],
    ['![ repeated 30,000 times', () => `${'!['.repeat(30_000)}\n`, paragraphError(60_000)],
    ['50,000 backticks', () => `${'`'.repeat(50_000)}\n`, paragraphError(50_000)],
    ['"a repeated 50,000 times', () => `${'"a '.repeat(50_000)}\n`, paragraphError(50_000)],
    ['eight paragraphs of 1,500 marks', () => `${Array.from({ length: 8 }, () => '*a_'.repeat(750)).join('\n\n')}\n`, `story.md:${headLines + 1}:1  error  This story has so many Markdown or quotation marks (${markList}) in its paragraphs that reading it would take too long; this paragraph has the most (1,500): split paragraphs, or remove marks  too-much-markup`],
    ['60,000 short paragraphs', () => 'a\n\n'.repeat(30_000), `story.md:20001:1  error  This story has ${(60_000 + headLines + 1).toLocaleString('en-US')} lines, more than the 20,000 a story may have: split it into several stories  file-too-large`],
  ]

  function paragraphError(count: number): string {
    return `story.md:${headLines + 1}:1  error  This paragraph has ${count.toLocaleString('en-US')} Markdown or quotation marks (${markList}), more than the 2,000 a paragraph may have: split it, or remove the marks  too-much-markup`
  }

  for (const [index, [name, text, error]] of refused.entries()) {
    it(`should refuse ${name} at once, at its line`, async () => {
      const { ms, report } = await loadBody(`refused-${index}`, text())
      expect(report).toEqual([error])
      expect(ms).toBeLessThan(3000)
    })
  }

  it('should render quotes nested 30 deep, in bounded time', async () => {
    const { ms, report, html } = await loadBody('deep-30', `${'> '.repeat(30)}Deep down.\n`)
    expect(report).toEqual([])
    const page = load(html?.bodyHtml ?? '')
    expect(page('blockquote')).toHaveLength(30)
    expect(page('blockquote blockquote p').last().text()).toBe('Deep down.')
    expect(ms).toBeLessThan(5000)
  })

  it('should render 500 links by reference, in bounded time', async () => {
    const definitions = Array.from({ length: 500 }, (_, index) => `[l${index}]: https://example.org/${index}`).join('\n')
    const references = Array.from({ length: 500 }, (_, index) => `[l${index}]`).join(' ')
    const { ms, report, html } = await loadBody('links-500', `${references}\n\n${definitions}\n`)
    expect(report).toEqual([])
    const links = load(html?.bodyHtml ?? '')('a').toArray().map((link) => link.attribs.href)
    expect(links).toEqual(Array.from({ length: 500 }, (_, index) => `https://example.org/${index}`))
    expect(ms).toBeLessThan(5000)
  })

  it('should render a line of 200,000 characters, in bounded time', async () => {
    const { ms, report, html } = await loadBody('long-line', `${'word '.repeat(40_000).trim()}\n`)
    expect(report).toEqual([])
    expect(load(html?.bodyHtml ?? '')('p').text()).toHaveLength(199_999)
    expect(ms).toBeLessThan(5000)
  })

  it('should estimate nesting from markers and indentation', () => {
    expect([nestingOf('> > > x'), nestingOf('- - x'), nestingOf('      - x'), nestingOf('1. 2) > x'), nestingOf('***'), nestingOf('-x'), nestingOf('\t\t- x')]).toEqual([3, 2, 4, 3, 0, 0, 5])
  })
})

const markList = '`*` `_` `[` `]` `<` `` ` `` `!` `"` `“` `”` `„`'

describe('a site built from hostile stories and settings', () => {
  const fixture = path.join(repository, 'tests/fixtures/hostile/site')
  const title = '</script><script>alert("title")</script> & "quotes" \'single\' ]]> <!-- {{ site.title }} {% raw %}'
  const description = '<img src=x onerror=alert("description")> ]]> {{ 7 * 7 }}'
  const siteTitle = 'Morgue </title><script>alert("site")</script> ]]>'
  const fields = '2012/07/06/xss-fields/index.html'
  let project: TempProject
  let result: BuildResult
  let site: string
  let pages: string[]
  let fieldsPage: CheerioAPI

  beforeAll(async () => {
    project = await tempProject()
    await cp(path.join(fixture, 'content'), path.join(project.root, 'content'), { recursive: true })
    result = await buildSite({ root: project.root, now: new Date('2012-07-07T12:00:00Z') })
    expect(reportLines(result.files)).toEqual([])
    site = result.outDir
    const entries = await readdir(site, { recursive: true, withFileTypes: true })
    pages = entries.filter((entry) => entry.isFile()).map((entry) => path.relative(site, path.join(entry.parentPath, entry.name)).split(path.sep).join('/')).sort()
    fieldsPage = load(await readFile(path.join(site, fields), 'utf8'))
  }, 120_000)
  afterAll(() => project?.remove())

  const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@_', parseTagValue: false, htmlEntities: true, isArray: (name) => ['entry', 'item', 'url', 'category', 'author', 'dc:creator'].includes(name) })
  const readXml = async <T>(file: string): Promise<T> => parser.parse(await readFile(path.join(site, file), 'utf8')) as T

  it('should show every front-matter field on the story page as the text it is', () => {
    const text = (selector: string) => fieldsPage(selector).text()
    const attribute = (selector: string, name: string) => fieldsPage(selector).attr(name)
    expect(text('h1')).toBe(title)
    expect(text('head title')).toBe(`${title} · ${siteTitle}`)
    expect(attribute('meta[name="description"]', 'content')).toBe(description)
    expect(attribute('meta[property="og:title"]', 'content')).toBe(title)
    expect(fieldsPage('meta[property="article:tag"]').toArray().map((meta) => meta.attribs.content)).toEqual(['<script>alert("tag")</script>', '{{ 7 * 7 }}', ']]>'])
    expect(text('.story-section')).toBe('<b onmouseover=alert("section")>World</b>')
    expect(text('.story-byline')).toBe('By "><svg onload=alert("byline")>')
    expect(text('.story-dateline')).toBe('</title><script>alert("dateline")</script>')
    expect(text('.story-credit')).toBe('{% include "base.njk" %}')
    expect(fieldsPage('.story-tags a').toArray().map((link) => fieldsPage(link).text())).toEqual(['<script>alert("tag")</script>', '{{ 7 * 7 }}'])
    expect(text('.story-source a')).toBe('<iframe src="javascript:alert(&quot;source&quot;)"></iframe>')
    expect(attribute('.story-source a', 'href')).toBe('https://example.org/?q="><script>alert("source url")</script>')
    expect(fieldsPage('.story-related a').toArray().map((link) => [fieldsPage(link).text(), link.attribs.href])).toEqual([
      ['<a href="javascript:alert(&quot;related&quot;)">related</a>', '/2012/07/06/xss-body/'],
      ['Related by web address', 'https://example.org/a?b=1&c="><script>alert(1)</script>'],
    ])
    expect(fieldsPage('.story-body p').text()).toBe('A body paragraph that prints {{ site.title }} and {% raw %}{{ 7 * 7 }}{% endraw %} literally, and ]]> too.')
    expect(text('.story-history .notices li')).toBe('Correction Issued 12:30 p.m. ET, July 6, 2012: <img src=x onerror=alert("correction")> ]]>')
    expect(text('.story-history .updates li')).toBe('Updated 11:59 a.m. ET, July 6, 2012: <script>alert("update")</script> {{ 7 * 7 }}')
    expect(fieldsPage('.site-footer p').first().text()).toBe(`${siteTitle}: An archive <img src=x onerror=alert("site description")> {{ 7 * 7 }}`)
  })

  it('should show a withdrawn story’s headline and advisory as text, and its copy nowhere', async () => {
    const page = load(await readFile(path.join(site, '2012/07/06/killed/index.html'), 'utf8'))
    expect(page('main article > p').first().text()).toBe('The story “<script>alert("withdrawn")</script> {{ 7 * 7 }} withdrawn”, filed July 6, 2012, was withdrawn by its source and is no longer published here.')
    expect(page('.withdrawn-reasons blockquote').text()).toBe('KILL: <img src=x onerror=alert("kill")> {{ 7 * 7 }}')
    expect(page.html()).not.toContain('Copy that is never shown')
  })

  it('should keep every field inside its JSON-LD script block', () => {
    const scripts = fieldsPage('script')
    expect(scripts.toArray().map((script) => script.attribs.type)).toEqual(['application/ld+json'])
    const data = JSON.parse(scripts.text()) as Record<string, unknown>
    expect([data.headline, data.description, data.articleSection, data.dateline, data.keywords, data.isBasedOn]).toEqual([
      title, description, '<b onmouseover=alert("section")>World</b>', '</title><script>alert("dateline")</script>', ['<script>alert("tag")</script>', '{{ 7 * 7 }}', ']]>'],
      'https://example.org/?q="><script>alert("source url")</script>',
    ])
    expect((data.author as Array<{ name: string }>).map((author) => author.name)).toEqual(['"><svg onload=alert("byline")>', '<iframe src="javascript:alert(&quot;source&quot;)"></iframe>', '{% include "base.njk" %}'])
  })

  it('should keep every field as text in the Atom, RSS and JSON feeds and the news sitemap', async () => {
    type Atom = { feed: { title: string; entry: Array<{ title: string; summary: string; content: { '#text': string }; author: Array<{ name: string }>; category: Array<{ '@_term': string }> }> } }
    type Rss = { rss: { channel: { title: string; item: Array<{ title: string; description: string; 'dc:creator': string[]; category: string[] }> } } }
    type News = { urlset: { url: Array<{ loc: string; 'news:news': { 'news:title': string; 'news:publication': { 'news:name': string } } }> } }
    const atom = await readXml<Atom>('feed.xml')
    const rss = await readXml<Rss>('rss.xml')
    const json = JSON.parse(await readFile(path.join(site, 'feed.json'), 'utf8')) as { title: string; items: Array<{ title: string; summary: string; content_html: string; tags: string[] }> }
    const news = await readXml<News>('news-sitemap.xml')
    expect([atom.feed.title, rss.rss.channel.title, json.title, news.urlset.url[0]?.['news:news']['news:publication']['news:name']]).toEqual([siteTitle, siteTitle, siteTitle, siteTitle])
    const entry = atom.feed.entry[0]
    expect([entry?.title, entry?.summary, rss.rss.channel.item[0]?.title, rss.rss.channel.item[0]?.description, json.items[0]?.title, json.items[0]?.summary, news.urlset.url[0]?.['news:news']['news:title']]).toEqual([title, description, title, description, title, description, title])
    expect(entry?.author.map((author) => author.name)).toEqual(['"><svg onload=alert("byline")>', '<iframe src="javascript:alert(&quot;source&quot;)"></iframe>', '{% include "base.njk" %}'])
    expect(entry?.category.map((category) => category['@_term'])).toEqual(['<b onmouseover=alert("section")>World</b>', '<script>alert("tag")</script>', '{{ 7 * 7 }}', ']]>'])
    expect(rss.rss.channel.item[0]?.category).toEqual(['<b onmouseover=alert("section")>World</b>', '<script>alert("tag")</script>', '{{ 7 * 7 }}', ']]>'])
    expect(json.items[0]?.tags).toEqual(['<b onmouseover=alert("section")>World</b>', '<script>alert("tag")</script>', '{{ 7 * 7 }}', ']]>'])
    // The story HTML the feeds carry is the page's, sanitised the same way.
    for (const html of [...atom.feed.entry.map((one) => one.content['#text']), ...json.items.map((one) => one.content_html)]) expect(unsafeParts(html)).toEqual([])
  })

  it('should list only addresses of the site, as written, in the sitemap', async () => {
    const sitemap = await readXml<{ urlset: { url: Array<{ loc: string }> } }>('sitemap.xml')
    for (const { loc } of sitemap.urlset.url) expect(new URL(loc).origin + new URL(loc).pathname).toBe(loc)
    expect(sitemap.urlset.url.map(({ loc }) => loc)).toContain('https://news.example.org/2012/07/06/xss-fields/')
  })

  it('should print template syntax in story text literally, never running it', async () => {
    const body = load(await readFile(path.join(site, '2012/07/06/xss-body/index.html'), 'utf8'))
    expect(body('.story-body p').filter((_, element) => body(element).text().startsWith('Template text')).text()).toBe('Template text stays text: {{ site.title }}, {% if true %}shown{% endif %}, {{ "x" | safe }}.')
    const wire = load(await readFile(path.join(site, '2012/07/06/wire-copy/index.html'), 'utf8'))
    expect(wire('.story-lede p').last().text()).toBe("The copy says <img src=x onerror=alert('wire img')> and [a link](javascript:alert('wire link')) and {{ site.title }}.")
  })

  it('should give no page anything that runs, reframes or restyles it', async () => {
    const problems: string[] = []
    for (const page of pages.filter((file) => file.endsWith('.html'))) {
      const html = await readFile(path.join(site, page), 'utf8')
      const options = { scripts: page === 'search/index.html' ? ['/search.js'] : [], refreshWithinSite: page === 'old/xss-body/index.html' }
      for (const problem of unsafeParts(html, options)) problems.push(`${page}: ${problem}`)
    }
    expect(problems).toEqual([])
  })

  it('should keep the page’s own ids unique and story HTML free of ids and names', async () => {
    const problems: string[] = []
    const withSearchForm: string[] = []
    for (const page of pages.filter((file) => file.endsWith('.html'))) {
      const html = load(await readFile(path.join(site, page), 'utf8'))
      const ids = html('[id]').toArray().map((element) => element.attribs.id ?? '')
      if (new Set(ids).size !== ids.length) problems.push(`${page}: ids ${ids.join(' ')}`)
      if (ids.includes('search-form')) withSearchForm.push(page)
      html('.story-lede [id], .story-lede [name], .story-body [id], .story-body [name]').each((_, element) => void problems.push(`${page}: <${element.tagName}> ${JSON.stringify(element.attribs)}`))
    }
    expect(problems).toEqual([])
    // The body of xss-body sets id="search-form"; only the search page has one.
    expect(withSearchForm).toEqual(['search/index.html'])
  })

  it('should copy the security headers to the site, one strict policy for every path', async () => {
    const headers = await readFile(path.join(site, '_headers'), 'utf8')
    expect(headers).toBe(await readFile(path.join(repository, 'public/_headers'), 'utf8'))
    expect(parseHeaders(headers)).toEqual([{
      pattern: '/*',
      headers: [
        ['Content-Security-Policy', "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self'; connect-src 'self'; worker-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"],
        ['X-Content-Type-Options', 'nosniff'],
        ['X-Frame-Options', 'DENY'],
        ['Referrer-Policy', 'strict-origin-when-cross-origin'],
        ['Permissions-Policy', 'accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), microphone=(), payment=(), usb=()'],
        ['Cross-Origin-Opener-Policy', 'same-origin'],
      ],
    }])
  })

  it('should write nothing but story pages, public files and addresses the permalink check reserves', async () => {
    // Every story the loader read, withdrawn ones too (their address keeps a notice), with its old addresses.
    const { stories } = await loadContent(path.join(project.root, 'content'), { cwd: project.root })
    const permalinks = new Set(stories.flatMap((one) => [one.permalink, ...one.aliases]))
    const publicFiles = new Set(await readdir(path.join(repository, 'public')))
    const unexpected = pages.filter((file) => {
      const url = `/${file.replace(/(?:^|\/)index\.html$/, '/')}`.replace(/^\/\//, '/')
      return !permalinks.has(url) && !publicFiles.has(file.split('/')[0] ?? '') && archivePageAt(url) === null
    })
    expect(unexpected).toEqual([])
    expect(pages).toContain('page/2/index.html')
    expect(pages).toContain('2012/07/06/page/2/index.html')
    expect(pages).toContain('old/xss-body/index.html')
    expect(pages).toContain('2012/07/06/killed/index.html')
  })
})

describe('the problem report of a build', () => {
  it('should stop a build whose story takes the address of a public file or an archive page, writing nothing', async () => {
    const project = await tempProject({
      '_site/index.html': 'previous site',
      'content/a.md': story('date: 2012-07-06\npermalink: /favicon.svg/'),
      'content/b.md': story('date: 2012-07-06\npermalink: /tags/', 'Another headline here\n\nCopy.\n'),
      'content/c.md': story('date: 2012-07-06\ntags: [Ferries]', 'A third headline here\n\nCopy.\n'),
    })
    try {
      const result = await buildSite({ root: project.root })
      expect(result.ok).toBe(false)
      expect(reportLines(result.files)).toEqual([
        'content/a.md:3:1  error  Permalink `/favicon.svg/` is taken by `public/favicon.svg`, which the site copies to `/favicon.svg`: give this story another permalink  reserved-permalink',
        'content/b.md:3:1  error  Permalink `/tags/` is taken by the tag pages: give this story another permalink  reserved-permalink',
      ])
      expect(await readFile(path.join(project.root, '_site/index.html'), 'utf8')).toBe('previous site')
    } finally {
      await project.remove()
    }
  })

  it('should list every problem of every hostile file, one a line with its rule, and no stack trace', async () => {
    const project = await tempProject({
      'content/a-js.md': `---js\n{ title: (globalThis.morgueRan = "cli") }\n---\n${body}`,
      'content/b-search.md': story('date: 2012-07-06\npermalink: /search/'),
      'content/c-deep.md': story('date: 2012-07-06', `A headline here\n\n${'> '.repeat(5000)}x\n`),
      'content/d-bidi.md': story('date: 2012-07-06\nslug: "evil\\u202Etxt.exe"'),
      'content/e-marks.md': story('date: 2012-07-06', `A headline here\n\n${'*a_'.repeat(50_000)}\n`),
      'content/f-fine.md': story('date: 2012-07-06'),
    })
    try {
      await writeFile(path.join(project.root, 'content/g-latin1.md'), Buffer.from([0x54, 0x69, 0x74, 0x6c, 0x65, 0x0a, 0xe9, 0x0a]))
      const outcome = await morgue(['check'], project.root)
      expect(outcome.code).toBe(1)
      expect(outcome.stderr.split('\n').filter((line) => line.startsWith('content/'))).toEqual([
        'content/a-js.md:1:1  error  Front matter in `js` is not read (it could run code): write it as YAML after a plain `---`  front-matter-language',
        'content/b-search.md:3:1  error  Permalink `/search/` is taken by the search page: give this story another permalink  reserved-permalink',
        'content/c-deep.md:6:1  error  Quotes, lists or indentation are nested 5,000 deep here; at most 32 levels are read: flatten or unindent them  nesting-too-deep',
        'content/d-bidi.md:3:1  error  Slug `evil\\u202Etxt.exe` is not usable in a URL: use lower-case letters, digits and single hyphens  invalid-slug',
        `content/e-marks.md:6:1  error  This paragraph has 100,000 Markdown or quotation marks (${markList}), more than the 2,000 a paragraph may have: split it, or remove the marks  too-much-markup`,
        'content/g-latin1.md:2:1  error  This file is not valid UTF-8: byte 0xE9 at byte offset 6 cannot stand there (the file may be in Latin-1 or Windows-1252): save it as UTF-8  invalid-encoding',
      ])
      expect(outcome.stderr).not.toMatch(/\n\s+at /)
      expect(outcome.stderr).not.toContain('\u202E')
    } finally {
      await project.remove()
    }
  }, 60_000)
})

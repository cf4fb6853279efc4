/**
 * The story cache: a story file whose size, times and inode are unchanged is
 * not read again; one that changed is; options and the loader's version are
 * part of what a cached story was loaded as; one edit rewrites one part.
 */
import { appendFile, cp, mkdir, readdir, readFile, rm, stat, symlink, truncate, utimes, writeFile } from 'node:fs/promises'
import { deserialize, setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadContent } from '../src/load/content.ts'
import { storyKey } from '../src/load/parallel.ts'
import type { Story } from '../src/load/story.ts'
import { tempProject, type TempProject } from './support/project.ts'
import { morgue } from './support/cli.ts'

// The garbage collector, to let go of bodies nothing holds.
setFlagsFromString('--expose-gc')
const collectGarbage = runInNewContext('gc') as () => void

describe('the story cache', () => {
  let project: TempProject
  let cacheDir: string
  const load = (timezone?: string) => loadContent(path.join(project.root, 'content'), { cwd: project.root, cacheDir, timezone })
  const seed = 'content/2012/07/06/manaf-tlass-defects.md'

  beforeAll(async () => {
    project = await tempProject()
    await cp(path.resolve('content'), path.join(project.root, 'content'), { recursive: true })
    cacheDir = path.join(project.root, '.cache', 'morgue')
  })

  afterAll(() => project.remove())

  it('should give from the cache exactly the stories and problems a fresh load gives', async () => {
    const fresh = await loadContent(path.join(project.root, 'content'), { cwd: project.root })
    const first = await load()
    const cached = await load()
    expect(cached.stories).toEqual(fresh.stories)
    expect(first.stories).toEqual(fresh.stories)
    const messages = (files: typeof fresh.files) => files.map((file) => [file.path, file.messages.map((message) => [message.line, message.column, message.ruleId, message.reason, message.fatal])])
    expect(messages(cached.files)).toEqual(messages(fresh.files))
    expect(cached.files.some((file) => file.messages.length > 0)).toBe(true)
    expect(cached.stories.every((story) => typeof storyKey(story) === 'string')).toBe(true)
  })

  it('should keep the cache in parts and rewrite only the part of an edited story', async () => {
    await load()
    const parts = (await readdir(cacheDir)).filter((name) => name.endsWith('.v8')).sort()
    // Sixteen parts at most: a part with no story in it is never written.
    expect(parts.length).toBeGreaterThan(4)
    expect(parts.length).toBeLessThanOrEqual(16)
    const before = new Map(await Promise.all(parts.map(async (name) => [name, (await stat(path.join(cacheDir, name))).mtimeMs] as const)))
    await appendFile(path.join(project.root, seed), '\nThe defection was confirmed on Friday.\n')
    const edited = await load()
    expect(edited.stories.find((story) => story.file === seed)?.body.at(-1)?.text).toMatch(/The defection was confirmed on Friday\.$/)
    const rewritten = []
    for (const name of parts) if ((await stat(path.join(cacheDir, name))).mtimeMs !== before.get(name)) rewritten.push(name)
    expect(rewritten).toHaveLength(1)
  })

  it('should read a cached body only when it is used, and still after its part of the cache is written again', async () => {
    const fresh = await loadContent(path.join(project.root, 'content'), { cwd: project.root })
    const bodies = new Map(fresh.stories.map((story) => [story.file, story.body]))
    await load()
    // The cache as another process opens it (by another name): no story's body read yet.
    const link = path.join(project.root, 'cache-link')
    await symlink(cacheDir, link)
    const loadThere = () => loadContent(path.join(project.root, 'content'), { cwd: project.root, cacheDir: link })
    const isLazy = (story: Story) => typeof Object.getOwnPropertyDescriptor(story, 'body')?.get === 'function'
    // Kept, as a dev server keeps its last plan: copies of the stories, as the plan copies one whose related links it resolves.
    const copies = await (async () => {
      const first = await loadThere()
      expect(first.stories.every(isLazy)).toBe(true)
      return first.stories.map((story) => Object.defineProperties({}, Object.getOwnPropertyDescriptors(story)) as Story)
    })()
    const edited = path.join(project.root, seed)
    const text = await readFile(edited, 'utf8')
    try {
      await appendFile(edited, '\n\nA paragraph added later.\n')
      const second = await loadThere()
      expect(second.stories.find((story) => story.file === seed)?.body.at(-1)?.text).toBe('A paragraph added later.')
      // A story just loaded waits for its body in the cache file too.
      expect(second.stories.every(isLazy)).toBe(true)
      // Once nothing else holds the first load's stories or any body read, its copies still read the bodies
      // they had, from the part written again or, for the edited story, from memory.
      for (let round = 0; round < 2; round++) {
        await new Promise((resolve) => setTimeout(resolve, 10))
        collectGarbage()
      }
      for (const story of copies) expect(story.body).toEqual(bodies.get(story.file))
      // Read once, a body is the same array for as long as it is held.
      const story = second.stories[0]
      expect(story?.body).toBe(story?.body)
    } finally {
      await writeFile(edited, text)
      await rm(link)
    }
  })

  it('should hold no story file\'s text once its stories are loaded, cached or not', async () => {
    // Forty stories, each with 200 KB of notes in its front matter that no field of the story shows.
    const root = path.join(project.root, 'padded')
    const notes = `# ${'notes for the desk '.repeat(10_000)}`
    for (let day = 1; day <= 40; day++) {
      const file = path.join(root, 'content', '2012', '07', String(day % 28 + 1).padStart(2, '0'), `story-${day}.md`)
      await mkdir(path.dirname(file), { recursive: true })
      await writeFile(file, [
        '---', notes, `title: Council approves budget number ${day}`, 'date: 2012-07-06T09:00:00-04:00', 'byline: By Jane Doe',
        'source:', '  name: Wikinews', `  url: https://en.wikinews.org/wiki/Council_approves_budget_number_${day}`, 'tags: [council, budget]', '---', '',
        `LONDON (AP) — The council approved budget number ${day} on Friday.`, '', '"It is a fair budget," the mayor said.', '',
      ].join('\n'))
    }
    const heldAfter = async (cached: boolean) => {
      collectGarbage()
      const before = process.memoryUsage().heapUsed
      const loaded = await loadContent(path.join(root, 'content'), { cwd: root, cacheDir: cached ? path.join(root, '.cache') : undefined })
      collectGarbage()
      const held = process.memoryUsage().heapUsed - before
      expect(loaded.failed).toBe(false)
      expect(loaded.stories).toHaveLength(40)
      expect(loaded.stories[0]?.source?.url).toMatch(/^https:\/\/en\.wikinews\.org\/wiki\/Council_approves_budget_number_\d+$/)
      return held
    }
    try {
      // The forty texts come to 16 MB (an em dash makes each two bytes a character): held, they
      // would show; the stories themselves take a few hundred kilobytes. The first load also
      // sets up the loader, so it is not counted.
      await heldAfter(false)
      expect(await heldAfter(false)).toBeLessThan(2 * 1024 * 1024)
      expect(await heldAfter(true)).toBeLessThan(2 * 1024 * 1024)
      expect(await heldAfter(true)).toBeLessThan(2 * 1024 * 1024)
    } finally {
      await rm(root, { recursive: true })
    }
  })

  it('should load the stories of a cache part cut short again, rather than read wrong bodies', async () => {
    const fresh = await loadContent(path.join(project.root, 'content'), { cwd: project.root })
    await load()
    // A copy of the cache, each part cut short by a byte, opened anew: every part is refused, and every story loaded from its file.
    const cut = path.join(project.root, 'cut-cache')
    await cp(cacheDir, cut, { recursive: true })
    try {
      for (const name of (await readdir(cut)).filter((part) => /^stories-[0-9a-f]{16}-\d+\.v8$/.test(part))) {
        await truncate(path.join(cut, name), (await stat(path.join(cut, name))).size - 1)
      }
      const again = await loadContent(path.join(project.root, 'content'), { cwd: project.root, cacheDir: cut })
      expect(again.failed).toBe(false)
      expect(again.stories).toEqual(fresh.stories)
    } finally {
      await rm(cut, { recursive: true })
    }
  })

  it('should remove the parts other versions of the loader wrote, and keep no story text it does not need', async () => {
    await load()
    const other = path.join(cacheDir, 'stories-0123456789abcdef-3.v8')
    await writeFile(other, 'a cache of another version')
    const kept = path.join(cacheDir, 'stories-notaversion-3.v8')
    await writeFile(kept, 'not a cache part')
    // The cache is opened once per process: a fresh process is what sees the folder anew.
    const { code, stderr } = await morgue(['build'], project.root)
    expect(stderr).toContain('0 errors')
    expect(code).toBe(0)
    const names = await readdir(cacheDir)
    expect(names).not.toContain('stories-0123456789abcdef-3.v8')
    expect(names).toContain('stories-notaversion-3.v8')
    expect(names.filter((name) => /^stories-[0-9a-f]{16}-\d+\.v8$/.test(name)).length).toBeGreaterThan(4)
    // Only stories with problems keep their text, for the problems to point into.
    for (const name of names.filter((part) => /^stories-[0-9a-f]{16}-\d+\.v8$/.test(part))) {
      // A part: the length of the stories without their bodies, the stories, then the bodies.
      const bytes = await readFile(path.join(cacheDir, name))
      const entries = deserialize(bytes.subarray(4, 4 + bytes.readUInt32LE(0))) as Map<string, { loaded: { value: string; messages: unknown[] } }>
      for (const entry of entries.values()) expect(entry.loaded.value === '').toBe(entry.loaded.messages.length === 0)
    }
  })

  it('should point a clash found with a cached story at the front matter line that made it', async () => {
    const file = path.join(project.root, 'content/2014/05/05/taken.md')
    await mkdir(path.dirname(file), { recursive: true })
    await writeFile(file, '---\ntitle: Taken\ndate: 2014-05-05\npermalink: /tags/taken/\n---\n\nCopy.\n')
    try {
      const problems = (content: Awaited<ReturnType<typeof load>>) => content.files.find((each) => each.path === 'content/2014/05/05/taken.md')?.messages.map((message) => [message.line, message.ruleId])
      expect(problems(await load())).toEqual([[4, 'reserved-permalink']])
      // Cached now, without its text: the clash is still reported on the `permalink:` line.
      expect(problems(await load())).toEqual([[4, 'reserved-permalink']])
    } finally {
      await rm(file)
    }
  })

  it('should not read a file whose size, times and inode are unchanged, and read it once its time changes', async () => {
    const file = path.join(project.root, seed)
    const { mtime, atime } = await stat(file)
    const loaded = await load()
    const headline = loaded.stories.find((story) => story.file === seed)?.headline
    // Same size, same modification time: a change the cache cannot see without reading, so it must not have read.
    const { readFile } = await import('node:fs/promises')
    const text = await readFile(file, 'utf8')
    const swapped = text.replace('Syria', 'Syrie')
    expect(swapped.length).toBe(text.length)
    await writeFile(file, swapped)
    await utimes(file, atime, mtime)
    const signature = await stat(file)
    const again = await load()
    // The change time moved with the write, so the file was read again and the edit is seen.
    expect(signature.ctimeMs).not.toBe(mtime.getTime())
    expect(again.stories.find((story) => story.file === seed)?.headline).toBe(headline?.replace('Syria', 'Syrie'))
  })

  it('should load a story again under other options, though its file is unchanged', async () => {
    await mkdir(path.join(project.root, 'content/2013/01/02'), { recursive: true })
    await writeFile(path.join(project.root, 'content/2013/01/02/council-meets.md'), '---\ntitle: Council meets\ndate: 2013-01-02T09:00\n---\n\nThe council met on Wednesday.\n')
    const zoneOf = (content: Awaited<ReturnType<typeof load>>) => content.stories.find((story) => story.file === 'content/2013/01/02/council-meets.md')?.published
    expect(zoneOf(await load('America/New_York'))).toMatchObject({ iso: '2013-01-02T09:00:00-05:00', zone: 'America/New_York' })
    expect(zoneOf(await load('Asia/Tokyo'))).toMatchObject({ iso: '2013-01-02T09:00:00+09:00', zone: 'Asia/Tokyo' })
  })
})

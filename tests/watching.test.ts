import { appendFile, mkdir, mkdtemp, rm, utimes, writeFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import path from 'node:path'
import type { FileWatcher } from '@11ty/eleventy'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { changedSince, unwatched, waitUntilWatched } from '../src/build/watching.ts'

// The very watcher Eleventy uses, resolved from Eleventy itself.
const fromEleventy = createRequire(createRequire(import.meta.url).resolve('@11ty/eleventy'))
const chokidar = fromEleventy('@11ty/chokidar-with-glob-support') as { watch(paths: string[], options: Record<string, unknown>): FileWatcher & { close(): Promise<void> } }

let root = ''
const files: string[] = []

beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'morgue-watching-'))
  // 1,500 stories in 360 dated folders, like a few years of an archive.
  for (let index = 0; index < 1500; index++) {
    const folder = path.join(root, 'content', String(2000 + (index % 5)), String(1 + (index % 12)).padStart(2, '0'), String(1 + (index % 6)).padStart(2, '0'))
    await mkdir(folder, { recursive: true })
    const file = path.join(folder, `story-${index}.md`)
    await writeFile(file, `Story ${index}\n\nCopy.\n`)
    files.push(file)
  }
  await mkdir(path.join(root, 'templates', 'pages'), { recursive: true })
})

afterAll(async () => {
  await rm(root, { recursive: true, force: true })
})

describe('waitUntilWatched', () => {
  it('should wait until the watcher Eleventy starts lists every story, and then see a save', async () => {
    // Eleventy's own targets: globs that overlap and config files that do not exist. With
    // paths missing, chokidar says `ready` before it has walked content/ (chokidar#1011).
    const watcher = chokidar.watch([
      `${root}/content/**`,
      `${root}/templates/**`,
      `${root}/templates/pages/**/*.njk`,
      `${root}/public/**`,
      `${root}/.eleventyignore`,
      `${root}/eleventy.config.js`,
    ], { ignoreInitial: true, ignored: [`${root}/_site/**`, '**/node_modules/**'], awaitWriteFinish: { stabilityThreshold: 50, pollInterval: 10 } })
    try {
      await new Promise<void>((resolve) => watcher.once('ready', () => resolve()))
      expect(await waitUntilWatched(watcher, files, 60_000)).toEqual([])
      expect(unwatched(watcher, files)).toEqual([])
      const saved = files[700] ?? ''
      const seen = new Promise<string>((resolve) => watcher.on('change', (file: string) => resolve(file)))
      await appendFile(saved, 'A sentence added.\n')
      expect(await seen).toBe(saved)
    } finally {
      await watcher.close()
    }
  })

  it('should give up on a file deleted meanwhile at once, and return the files still unwatched after the timeout', async () => {
    const folder = path.dirname(files[0] ?? '')
    // A watcher that has seen only the first story's folder, and in it only that story.
    const watcher = { options: {}, getWatched: () => ({ [folder]: [path.basename(files[0] ?? '')] }) }
    const gone = path.join(folder, 'deleted-meanwhile.md')
    const started = Date.now()
    expect(await waitUntilWatched(watcher, [files[0] ?? '', gone], 10_000)).toEqual([])
    expect(Date.now() - started).toBeLessThan(1000)
    expect(await waitUntilWatched(watcher, [files[0] ?? '', files[1] ?? '', gone], 300, 50)).toEqual([files[1]])
    // A file the watcher ignores is never added: it stops waiting once none has been added for a while.
    const stalled = Date.now()
    expect(await waitUntilWatched(watcher, [files[0] ?? '', files[1] ?? ''], 60_000, 50, 300)).toEqual([files[1]])
    expect(Date.now() - stalled).toBeLessThan(5000)
  })

  it('should not count the time spent looking for the files on disk as the watcher stalling', async () => {
    // A first start of the dev server on a large archive: looking for the stories on disk takes
    // 400 ms, more than the 300 ms of waiting after which a watcher that adds nothing is given up
    // on, and the watcher lists them 600 ms from now. Waiting begins once the disk was looked at,
    // so it cannot give up before 700 ms.
    const stories = files.slice(0, 200)
    const folders: Record<string, string[]> = {}
    for (const file of stories) (folders[path.dirname(file)] ??= []).push(path.basename(file))
    const listedAt = Date.now() + 600
    const watcher = { options: {}, getWatched: () => (Date.now() >= listedAt ? folders : {}) }
    let looked = 0
    const slowly = async (names: readonly string[]) => {
      looked++
      await new Promise((resolve) => setTimeout(resolve, 400))
      return [...names]
    }
    expect(await waitUntilWatched(watcher, stories, 60_000, 50, 300, slowly)).toEqual([])
    expect(Date.now()).toBeGreaterThanOrEqual(listedAt)
    expect(looked).toBe(1)
  })

  it('should look for the files on disk only at the start and before giving up, however long the watcher adds none', async () => {
    // A watcher that lists nothing (a folder it ignores), and a disk that has every file.
    const stories = files.slice(0, 5)
    const watcher = { options: {}, getWatched: () => ({}) }
    let looked = 0
    const onDisk = async (names: readonly string[]) => {
      looked++
      return [...names]
    }
    const started = Date.now()
    expect(await waitUntilWatched(watcher, stories, 60_000, 10, 300, onDisk)).toEqual(stories)
    expect(looked).toBe(2)
    expect(Date.now() - started).toBeLessThan(5000)
    // A watcher that adds one more story each time it is asked is never looked past.
    let asked = 0
    const adding = {
      options: {},
      getWatched: () => {
        const listed: Record<string, string[]> = {}
        for (const file of stories.slice(0, asked++)) (listed[path.dirname(file)] ??= []).push(path.basename(file))
        return listed
      },
    }
    looked = 0
    expect(await waitUntilWatched(adding, stories, 60_000, 10, 300, onDisk)).toEqual([])
    expect(looked).toBe(1)
  })

  it('should not count a file deleted meanwhile among those unwatched at the timeout', async () => {
    // The watcher lists nothing; the second story is deleted while it is waited for.
    const stories = files.slice(0, 2)
    const watcher = { options: {}, getWatched: () => ({}) }
    let looked = 0
    const onDisk = async (names: readonly string[]) => (looked++ === 0 ? [...names] : names.filter((name) => name !== stories[1]))
    expect(await waitUntilWatched(watcher, stories, 200, 20, 60_000, onDisk)).toEqual([stories[0]])
  })

  it('should read folders relative to the watcher cwd', () => {
    const folder = path.dirname(files[2] ?? '')
    const watcher = { options: { cwd: root }, getWatched: () => ({ [path.relative(root, folder)]: [path.basename(files[2] ?? '')] }) }
    expect(unwatched(watcher, [files[2] ?? '', files[3] ?? ''])).toEqual([files[3]])
  })
})

describe('changedSince', () => {
  it('should name the stories written at or after a moment, and not those written before it', async () => {
    const since = Date.now()
    const [old, fresh, late] = [files[10] ?? '', files[11] ?? '', files[12] ?? '']
    const hourAgo = new Date(since - 3_600_000)
    for (const file of [old, fresh, late]) await utimes(file, hourAgo, hourAgo)
    await utimes(late, new Date(since + 5000), new Date(since + 5000))
    // Writing sets both times to now: at or after `since`, whatever the clock's grain.
    await appendFile(fresh, 'Saved during the first build.\n')
    // ctime moves with every write, so the one that was only touched back an hour still counts as written now.
    const changed = await changedSince([old, fresh, late, path.join(root, 'missing.md')], since)
    expect(changed).toEqual([old, fresh, late])
    expect(await changedSince([old], Date.now() + 60_000)).toEqual([])
  })
})

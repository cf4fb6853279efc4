/**
 * A sharded build: N parts of the story pages built one after another (as N
 * CI jobs would), then merged with the rest of the site into a `_site/`
 * identical to a single-machine build.
 */
import { cp, readdir, readFile } from 'node:fs/promises'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { shardStories, writePagesInPlace } from '../src/build/pages.ts'
import { planArchive } from '../src/build/plan.ts'
import { readSiteConfig } from '../src/build/index.ts'
import { loadContent } from '../src/load/content.ts'
import { makeStory } from './support/story.ts'
import { tempProject, type TempProject } from './support/project.ts'
import { morgue } from './support/cli.ts'


async function snapshot(folder: string): Promise<Map<string, Buffer>> {
  const files = new Map<string, Buffer>()
  for (const entry of await readdir(folder, { recursive: true, withFileTypes: true })) {
    if (entry.isFile()) files.set(path.relative(folder, path.join(entry.parentPath, entry.name)), await readFile(path.join(entry.parentPath, entry.name)))
  }
  return files
}

describe('shards', () => {
  it('should split the story pages into disjoint parts that together are all of them', () => {
    const stories = ['/c/', '/a/', '/e/', '/b/', '/d/'].map((permalink) => makeStory(permalink))
    const parts = [1, 2, 3].map((index) => shardStories(stories, { index, count: 3 }).map((story) => story.permalink))
    expect(parts).toEqual([['/a/', '/d/'], ['/b/', '/e/'], ['/c/']])
  })

  describe('built one after another and merged', () => {
    let single: TempProject
    let sharded: TempProject
    const now = '2026-11-28T12:00Z'

    beforeAll(async () => {
      single = await tempProject()
      await cp(path.resolve('content'), path.join(single.root, 'content'), { recursive: true })
      sharded = await tempProject()
      await cp(path.resolve('content'), path.join(sharded.root, 'content'), { recursive: true })
      await morgue(['build', '--now', now], single.root)
    })

    afterAll(async () => {
      await single.remove()
      await sharded.remove()
    })

    it('should refuse to merge before every shard is built', async () => {
      await morgue(['build', '--shard', '1/2', '--now', now], sharded.root)
      const failed = await morgue(['build', '--merge', '2', '--now', now], sharded.root)
      expect(failed.code).toBe(1)
      expect(failed.stderr).toContain('morgue: --merge: shard 2 of 2 is missing: build it with `npm run build -- --shard 2/2`')
    })

    it('should write a _site/ byte-identical to the single-machine build', async () => {
      const second = await morgue(['build', '--shard', '2/2', '--now', now], sharded.root)
      expect(second.stdout).toMatch(/^Built part 2 of 2: 22 story pages in _shards\/2-of-2\/ in [\d.]+ s, as of 2026-11-28T12:00:00Z\n$/)
      const merged = await morgue(['build', '--merge', '2', '--now', now], sharded.root)
      expect(merged.stderr).toMatch(/Wrote 210 pages \(165 rendered, 45 unchanged\)/)
      const expected = await snapshot(path.join(single.root, '_site'))
      const actual = await snapshot(path.join(sharded.root, '_site'))
      expect([...actual.keys()].sort()).toEqual([...expected.keys()].sort())
      expect([...expected].filter(([name, bytes]) => !actual.get(name)?.equals(bytes)).map(([name]) => name)).toEqual([])
    })

    it('should leave the shards as they were when the merged site is rewritten in place (the dev server)', async () => {
      const shardFile = path.join(sharded.root, '_shards/1-of-2/2012/07/06/manaf-tlass-defects/index.html')
      const before = await readFile(shardFile)
      const site = { ...(await readSiteConfig(sharded.root)), url: 'http://localhost:9999' }
      const content = await loadContent(path.join(sharded.root, 'content'), { cwd: sharded.root })
      const plan = planArchive(content.stories, { pageSize: site.pageSize, aliases: site.aliases, now: new Date('2026-11-28T12:00:00Z') })
      const written = await writePagesInPlace({ root: sharded.root, outDir: path.join(sharded.root, '_site'), site, plan })
      expect(written.rendered).toBeGreaterThan(0)
      expect(await readFile(path.join(sharded.root, '_site/2012/07/06/manaf-tlass-defects/index.html'), 'utf8')).toContain('http://localhost:9999/2012/07/06/manaf-tlass-defects/')
      expect((await readFile(shardFile)).equals(before)).toBe(true)
    })
  })
})

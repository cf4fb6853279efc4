/**
 * Rebuilding: a build that finds nothing changed is skipped, a build after
 * an edit re-renders and re-indexes only what the edit touched, and either
 * way the site is byte for byte what a fresh build of the same files writes.
 */
import { existsSync } from 'node:fs'
import { appendFile, cp, mkdir, readdir, readFile, rm, stat, utimes, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { deserialize } from 'node:v8'
import { gunzipSync } from 'node:zlib'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { differsOnlyInBody, keepsItsPlace, planArchive, stableUntil } from '../src/build/plan.ts'
import { finishCommit, journalPath, planCommit } from '../src/build/commit.ts'
import { readInputs } from '../src/build/up-to-date.ts'
import { readSiteConfig } from '../src/build/site-config.ts'
import { loadStory } from '../src/load/index.ts'
import { VFile } from 'vfile'
import { makeStory } from './support/story.ts'
import { tempProject, type TempProject } from './support/project.ts'
import { morgue } from './support/cli.ts'
import { quietStories } from './support/quiet-stories.ts'

async function snapshot(folder: string): Promise<Map<string, Buffer>> {
  const files = new Map<string, Buffer>()
  for (const entry of await readdir(folder, { recursive: true, withFileTypes: true })) {
    if (entry.isFile()) files.set(path.relative(folder, path.join(entry.parentPath, entry.name)), await readFile(path.join(entry.parentPath, entry.name)))
  }
  return files
}

/** The names of the files that differ between two sites, or are in only one. */
function differences(expected: ReadonlyMap<string, Buffer>, actual: ReadonlyMap<string, Buffer>): string[] {
  const names = new Set([...expected.keys(), ...actual.keys()])
  return [...names].filter((name) => !(expected.get(name)?.equals(actual.get(name) ?? Buffer.alloc(0)) ?? false)).sort()
}

const now = '2026-11-28T12:00Z'
const edited = 'content/2006/01/12/hundreds-dead-in-hajj-stampede.md'

describe('rebuilding the bundled archive', () => {
  let project: TempProject
  let fresh: TempProject
  /** The warnings the first build printed after its progress lines, and what follows them. */
  let firstReport = ''

  beforeAll(async () => {
    project = await tempProject()
    await cp(path.resolve('content'), path.join(project.root, 'content'), { recursive: true })
    fresh = await tempProject()
    await cp(path.resolve('content'), path.join(fresh.root, 'content'), { recursive: true })
    const first = await morgue(['build', '--now', now], project.root)
    expect(first.code).toBe(0)
    firstReport = first.stderr.slice(first.stderr.indexOf('content/'))
  })

  afterAll(async () => {
    await project.remove()
    await fresh.remove()
  })

  it('should skip a build when nothing changed, and say what the site holds', async () => {
    const page = path.join(project.root, '_site/2012/07/06/manaf-tlass-defects/index.html')
    const before = await stat(page)
    const again = await morgue(['build', '--now', now], project.root)
    expect(again.code).toBe(0)
    expect(again.stdout).toMatch(/^Nothing changed: _site\/ is up to date with 45 stories in 210 pages \(45 in search, 7 warnings\); checked in [\d.]+ s, as of 2026-11-28T12:00:00Z\n$/)
    // The same warnings as the build that wrote the site, in the same words and places.
    expect(firstReport).toMatch(/warning/)
    expect(again.stderr).toBe(`Nothing changed since _site/ was built: 45 stories, 210 pages\n${firstReport}`)
    const after = await stat(page)
    expect([after.ino, after.mtimeMs]).toEqual([before.ino, before.mtimeMs])
  })

  it('should keep the HTML of the stories in the feeds, and only theirs, for the next build', async () => {
    const kept = deserialize(await readFile(path.join(project.root, '.cache/morgue/article-html.v8'))) as Map<string, { ledeHtml: string; bodyHtml: string }>
    // All 45 bundled stories fit in the 50-story feed.
    expect(kept.size).toBe(45)
    expect([...kept.values()].some((html) => html.bodyHtml.includes('The defection of Tlass will encourage a lot of similar people to defect as well'))).toBe(true)
  })

  it('should build when asked to with --force, linking the unchanged pages, feeds and search into a new site', async () => {
    const forced = await morgue(['build', '--force', '--now', now], project.root)
    expect(forced.code).toBe(0)
    expect(forced.stderr).toContain('Feeds, sitemaps and indexes unchanged')
    expect(forced.stderr).toMatch(/Wrote 210 pages \(0 rendered, 210 unchanged\)/)
    expect(forced.stderr).toContain('Search index unchanged (45 stories)')
    expect(forced.stdout).toMatch(/^Built 45 stories into 210 pages/)
  })

  it('should build as of an earlier moment, and as of a later one once a page would change', async () => {
    // Going back in time can hold an embargoed story again: never skipped.
    const earlier = await morgue(['build', '--now', '2013-01-01T00:00Z'], project.root)
    expect(earlier.stdout).toMatch(/^Built 45 stories/)
    // The age banners of 2013 are wrong by 2026.
    const back = await morgue(['build', '--now', now], project.root)
    expect(back.stdout).toMatch(/^Built 45 stories/)
    // A day later nothing on any page has changed yet: the seed story is still more than 14 years old.
    const dayLater = await morgue(['build', '--now', '2026-11-29T12:00Z'], project.root)
    expect(dayLater.stdout).toMatch(/^Nothing changed/)
  })

  it('should build again when a file is touched, a template changes, or a public file is added', async () => {
    const story = path.join(project.root, edited)
    const later = new Date(Date.now() + 5000)
    await utimes(story, later, later)
    expect((await morgue(['build', '--now', now], project.root)).stdout).toMatch(/^Built 45 stories/)
    await writeFile(path.join(project.root, 'public/humans.txt'), 'The newsroom.\n')
    const added = await morgue(['build', '--now', now], project.root)
    expect(added.stdout).toMatch(/^Built 45 stories/)
    expect(await readFile(path.join(project.root, '_site/humans.txt'), 'utf8')).toBe('The newsroom.\n')
    // Eleventy copied the new public file: its pages were not linked from the last build.
    expect(added.stderr).not.toContain('Feeds, sitemaps and indexes unchanged')
  })

  it('should re-index only the year of an edited story, and write what a fresh build writes', async () => {
    for (const root of [project.root, fresh.root]) {
      await appendFile(path.join(root, edited), '\nRelief agencies said the pilgrims were buried in Mecca.\n')
      await writeFile(path.join(root, 'public/humans.txt'), 'The newsroom.\n')
    }
    const rebuilt = await morgue(['build', '--now', now], project.root)
    expect(rebuilt.code).toBe(0)
    expect(rebuilt.stderr).toMatch(/Indexed 45 stories for search \(1 of 8 years re-indexed\)/)
    expect(rebuilt.stderr).toContain('search: 2006 indexed, 1 stories')
    expect(await readFile(path.join(project.root, '_site/2006/01/12/hundreds-dead-in-hajj-stampede/index.html'), 'utf8')).toContain('the pilgrims were buried in Mecca')
    expect((await morgue(['build', '--now', now], fresh.root)).code).toBe(0)
    expect(differences(await snapshot(path.join(fresh.root, '_site')), await snapshot(path.join(project.root, '_site')))).toEqual([])
  })

  it('should remove in place what a rebuild no longer has: a deleted story, its year, a withdrawn story\'s page, and leave no empty folder', async () => {
    const gone = 'content/2010/10/09/scientology-defector-arrested-after-attempting-to-leave.md'
    const killed = 'content/2023/02/23/reports-streamlined-uk-asylum-process-to-replace-interview.md'
    for (const root of [project.root, fresh.root]) {
      await rm(path.join(root, gone))
      const text = await readFile(path.join(root, killed), 'utf8')
      await writeFile(path.join(root, killed), text.replace('format: wire\n', 'format: wire\nstatus: killed\n'))
    }
    const rebuilt = await morgue(['build', '--now', now], project.root)
    expect(rebuilt.code).toBe(0)
    // Written into the live site: only what changed moved in, what is gone removed.
    expect(rebuilt.stderr).toMatch(/Updated _site\/ in place: \d+ files and folders replaced, \d+ removed/)
    expect(existsSync(path.join(project.root, '_site/2010'))).toBe(false)
    expect(existsSync(path.join(project.root, '_site/pagefind/2010'))).toBe(false)
    expect(await readFile(path.join(project.root, '_site/2023/02/23/reports-streamlined-uk-asylum-process-to-replace-interview/index.html'), 'utf8')).toContain('withdrawn')
    await rm(path.join(fresh.root, '_site'), { recursive: true })
    expect((await morgue(['build', '--now', now], fresh.root)).code).toBe(0)
    expect(differences(await snapshot(path.join(fresh.root, '_site')), await snapshot(path.join(project.root, '_site')))).toEqual([])
    const folders = async (site: string) => (await readdir(site, { recursive: true, withFileTypes: true })).filter((entry) => entry.isDirectory()).map((entry) => path.relative(site, path.join(entry.parentPath, entry.name))).sort()
    expect(await folders(path.join(project.root, '_site'))).toEqual(await folders(path.join(fresh.root, '_site')))
    expect((await readdir(project.root)).filter((name) => name.startsWith('_site.'))).toEqual([])
  })

  it('should write again a page removed by hand when a story\'s text changed, rather than only that story\'s page', async () => {
    const [first, second] = (await readdir(path.join(project.root, 'content/2019'), { recursive: true })).filter((name) => name.endsWith('.md')).sort()
    if (first === undefined || second === undefined) throw new Error('two stories of 2019 expected')
    const removed = path.join(project.root, '_site/2019', first.replace(/\.md$/, '/index.html'))
    await rm(removed)
    // Another story of the same year gains a paragraph: alone, a build of that text edit would do.
    for (const root of [project.root, fresh.root]) await appendFile(path.join(root, 'content/2019', second), '\nA paragraph added in 2019.\n')
    const rebuilt = await morgue(['build', '--now', now], project.root)
    expect(rebuilt.code).toBe(0)
    expect(rebuilt.stderr).toContain(`Gone from _site/ since it was built: the page /2019/${first.replace(/\.md$/, '/')}; writing what is gone again\n`)
    expect(rebuilt.stderr).toMatch(/Wrote 198 pages \(18 rendered, 180 unchanged\)/)
    expect(existsSync(removed)).toBe(true)
    await rm(path.join(fresh.root, '_site'), { recursive: true })
    expect((await morgue(['build', '--now', now], fresh.root)).code).toBe(0)
    expect(differences(await snapshot(path.join(fresh.root, '_site')), await snapshot(path.join(project.root, '_site')))).toEqual([])
  })

  it('should not skip a build when pages, feeds or search files were removed by hand, and write only those again', async () => {
    const removed = ['_site/2012/07/06/manaf-tlass-defects/index.html', '_site/2019/index.html', '_site/feed.xml', '_site/pagefind/2012', '_site/pagefind/indexes.json']
    for (const file of removed) await rm(path.join(project.root, file), { recursive: true })
    const rebuilt = await morgue(['build', '--now', now], project.root)
    expect(rebuilt.code).toBe(0)
    expect(rebuilt.stderr).toContain('Gone from _site/ since it was built: 2 pages, feeds, sitemaps or files from public/, search files (2012, indexes.json); writing what is gone again\n')
    // The two pages, and Eleventy's pages again; the year of search whose bundle went, indexed from the pages on disk.
    expect(rebuilt.stderr).toMatch(/Wrote 198 pages \(18 rendered, 180 unchanged\)/)
    expect(rebuilt.stderr).not.toContain('Feeds, sitemaps and indexes unchanged')
    expect(rebuilt.stderr).toMatch(/Indexed 43 stories for search \(1 of 6 years re-indexed\)/)
    expect(differences(await snapshot(path.join(fresh.root, '_site')), await snapshot(path.join(project.root, '_site')))).toEqual([])
    expect((await morgue(['build', '--now', now], project.root)).stdout).toMatch(/^Nothing changed/)
  })

  it('should refuse to build while another build is writing the site, and take a lock its process left', async () => {
    const lock = (await readdir(path.join(project.root, '.cache/morgue'))).find((name) => /^pages-\w+\.json$/.test(name))
    if (lock === undefined) throw new Error('no page manifest')
    const lockFile = path.join(project.root, '.cache/morgue', `${lock}.lock`)
    // This test's own process is running: as far as the build can tell, another build.
    await writeFile(lockFile, String(process.pid))
    const refused = await morgue(['build', '--force', '--now', now], project.root)
    expect(refused.code).toBe(1)
    expect(refused.stderr).toBe(`morgue: Another morgue process (${process.pid}: a build, or the dev server) is writing this site: let it finish or stop it, then try again (if ${process.pid} is not morgue, remove .cache/morgue/${lock}.lock)\n`)
    // The dev server writes the site too: it does not start either.
    const served = await morgue(['serve', '--port', '18391'], project.root)
    expect(served.code).toBe(1)
    expect(served.stderr).toContain(`morgue: Another morgue process (${process.pid}: a build, or the dev server) is writing this site`)
    // A process that is gone holds nothing.
    await writeFile(lockFile, '999999999')
    const built = await morgue(['build', '--force', '--now', now], project.root)
    expect(built.code).toBe(0)
    expect(existsSync(lockFile)).toBe(false)
  })
})

describe('rebuilding after the text of a few stories changed', () => {
  let project: TempProject
  let fresh: TempProject
  const oldest = 'content/2001/01/01/council-meeting-1.md'
  const second = 'content/2001/01/02/council-meeting-2.md'
  const newest = 'content/2001/03/01/council-meeting-60.md'

  /**
   * Build the project, and a fresh copy of its files: the two sites must be the
   * same, byte for byte, but for the search bundles when edits are indexed apart.
   */
  async function buildAndCompare(search: 'same' | 'edits apart' = 'same'): Promise<{ stdout: string; stderr: string }> {
    const built = await morgue(['build', '--now', now], project.root)
    expect(built.code, built.stderr).toBe(0)
    await rm(fresh.root, { recursive: true, force: true })
    await cp(project.root, fresh.root, { recursive: true, filter: (file) => !/[\\/](_site|\.cache)$/.test(file) })
    expect((await morgue(['build', '--now', now], fresh.root)).code).toBe(0)
    const differ = differences(await snapshot(path.join(fresh.root, '_site')), await snapshot(path.join(project.root, '_site')))
    expect(search === 'same' ? differ : differ.filter((name) => !name.startsWith('pagefind/'))).toEqual([])
    return built
  }

  /** The edits bundle the search page reads: by each old version's fragment, its new one's and the page's address. */
  async function editsListed(): Promise<Record<string, { by: string; url: string }> | undefined> {
    const list = JSON.parse(await readFile(path.join(project.root, '_site/pagefind/indexes.json'), 'utf8')) as { indexes: string[]; edits?: { bundle: string; replaced: Record<string, { by: string; url: string }> } }
    expect(list.indexes).toEqual(['2001'])
    return list.edits?.replaced
  }

  beforeAll(async () => {
    project = await tempProject(quietStories())
    fresh = await tempProject()
    const first = await morgue(['build', '--now', now], project.root)
    expect(first.stdout, first.stderr).toMatch(/^Built 60 stories into \d+ pages in _site\/ \(60 in search, 0 warnings\)/)
  })

  afterAll(async () => {
    await project.remove()
    await fresh.remove()
  })

  it('should rewrite only the page of a story whose text alone changed, and index it for search apart from its year', async () => {
    const yearBundle = await snapshot(path.join(project.root, '_site/pagefind/2001'))
    await appendFile(path.join(project.root, oldest), '\nThe meeting ran late into the evening.\n')
    const built = await buildAndCompare('edits apart')
    expect(built.stderr).toMatch(/^  search: 1 edited story indexed apart from its year\nOnly the text of a story changed \(content\/2001\/01\/01\/council-meeting-1\.md\): its page and search rewritten in [\d.]+ s\n/)
    expect(built.stderr).not.toContain('Loaded')
    expect(built.stdout).toMatch(/^Built 60 stories into \d+ pages in _site\/ \(60 in search, 0 warnings\)/)
    expect(await readFile(path.join(project.root, '_site/2001/01/01/council-meeting-1/index.html'), 'utf8')).toContain('The meeting ran late into the evening.')
    // The year's bundle is as it was; the edits bundle holds the page, and names the fragment it replaces.
    expect(differences(yearBundle, await snapshot(path.join(project.root, '_site/pagefind/2001')))).toEqual([])
    const replaced = Object.entries(await editsListed() ?? {})
    expect(replaced.map(([, edit]) => edit.url)).toEqual(['/2001/01/01/council-meeting-1/'])
    const [[oldFragment, edit] = []] = replaced
    // A fragment is Pagefind's signature, then the page as JSON.
    const fragment = (bytes: Buffer | undefined) => JSON.parse(gunzipSync(bytes ?? Buffer.alloc(0)).toString('utf8').replace(/^[^{]*/, '')) as { url: string; content: string }
    const before = fragment(yearBundle.get(`fragment/${oldFragment}.pf_fragment`))
    expect(before.url).toBe('/2001/01/01/council-meeting-1/')
    expect(before.content).not.toContain('ran late into the evening')
    const after = fragment(await readFile(path.join(project.root, `_site/pagefind/edits/fragment/${edit?.by}.pf_fragment`)))
    expect(after.url).toBe('/2001/01/01/council-meeting-1/')
    expect(after.content).toContain('The meeting ran late into the evening.')
    // Twice more, two stories at once: what the first one kept is what the next one reads.
    for (const round of [1, 2]) {
      for (const file of [oldest, second]) await appendFile(path.join(project.root, file), `\nA paragraph of round ${round}.\n`)
      const again = await buildAndCompare('edits apart')
      expect(again.stderr).toContain('  search: 2 edited stories indexed apart from their years\nOnly the text of 2 stories changed (content/2001/01/01/council-meeting-1.md, content/2001/01/02/council-meeting-2.md)')
      expect(Object.keys(await editsListed() ?? {})).toHaveLength(2)
    }
    expect((await morgue(['build', '--now', now], project.root)).stdout).toMatch(/^Nothing changed/)
    // Put back as they were when the year was indexed, the stories leave the edits bundle.
    for (const file of [oldest, second]) await writeFile(path.join(project.root, file), quietStories()[file] ?? '')
    expect((await buildAndCompare()).stderr).toContain('  search: 0 edited stories indexed apart from their years\nOnly the text of 2 stories changed')
    expect(await editsListed()).toBeUndefined()
    expect(existsSync(path.join(project.root, '_site/pagefind/edits'))).toBe(false)
  })

  it('should build in full, writing it again, when a page was removed by hand from a site whose stories\' text alone changed', async () => {
    const removed = path.join(project.root, '_site/2001/01/03/council-meeting-3/index.html')
    await rm(removed)
    await appendFile(path.join(project.root, oldest), '\nThe clerk read the minutes.\n')
    const built = await buildAndCompare()
    expect(built.stderr).toMatch(/^Gone from _site\/ since it was built: the page \/2001\/01\/03\/council-meeting-3\/; writing what is gone again\nLoaded 60 of 60 story files/)
    expect(built.stderr).not.toContain('edited story indexed apart')
    expect(built.stderr).not.toContain('Only the text of a story changed')
    expect(existsSync(removed)).toBe(true)
    expect(existsSync(path.join(project.root, '_site/pagefind/edits'))).toBe(false)
  })

  it('should write again, in place, a page of the edits bundle removed by hand before another story\'s text changed', async () => {
    await appendFile(path.join(project.root, oldest), '\nA first edit.\n')
    expect((await buildAndCompare('edits apart')).stderr).toContain('Only the text of a story changed (content/2001/01/01/council-meeting-1.md)')
    const removed = path.join(project.root, '_site/2001/01/01/council-meeting-1/index.html')
    await rm(removed)
    await appendFile(path.join(project.root, second), '\nA second edit.\n')
    const built = await buildAndCompare()
    expect(built.stderr).toMatch(/^Gone from _site\/ since it was built: the page \/2001\/01\/01\/council-meeting-1\/; writing what is gone again\nLoaded 60 of 60 story files/)
    expect(built.stderr).not.toContain('writing the whole site afresh')
    expect(built.stderr).toMatch(/Wrote \d+ pages \(2 rendered, \d+ unchanged\)/)
    expect(existsSync(removed)).toBe(true)
  })

  it('should build in full when more than a page can show changed: a headline, a story in a feed, a new warning', async () => {
    const replace = async (file: string, from: string, to: string) => {
      const full = path.join(project.root, file)
      await writeFile(full, (await readFile(full, 'utf8')).replace(from, to))
    }
    // The listings show the headline. The full build indexes the year again, with the story
    // edited before it, and the edits bundle goes.
    await appendFile(path.join(project.root, oldest), '\nA paragraph before the headline changed.\n')
    expect((await buildAndCompare('edits apart')).stderr).toContain('Only the text of a story changed')
    await replace(oldest, 'title: Council meets for session 1', 'title: Council meets for the first time')
    expect((await buildAndCompare()).stderr).toContain('Loaded 60 of 60 story files')
    expect(await editsListed()).toBeUndefined()
    expect(existsSync(path.join(project.root, '_site/pagefind/edits'))).toBe(false)
    // The feeds show the newest stories' whole text.
    await appendFile(path.join(project.root, newest), '\nThe mayor closed the session.\n')
    expect((await buildAndCompare()).stderr).toContain('Loaded 60 of 60 story files')
    // A warning is reported with every other file's, by a full build.
    await appendFile(path.join(project.root, second), '\nShe said "the vote was close.\n')
    const warned = await buildAndCompare()
    expect(warned.stderr).toContain('Loaded 60 of 60 story files')
    expect(warned.stderr).toContain('content/2001/01/02/council-meeting-2.md')
    expect(warned.stdout).toMatch(/\(60 in search, 1 warning\)/)
    // A story with a warning is built in full again until it has none.
    await appendFile(path.join(project.root, second), '\nAnother paragraph.\n')
    expect((await buildAndCompare()).stderr).toContain('Loaded 60 of 60 story files')
  })
})

describe('a commit into the live site cut short', () => {
  /** A live site's manifest listing no pages, as a commit cut short leaves it to replay against. */
  const emptyManifest = async (root: string): Promise<string> => {
    const manifestFile = path.join(root, '.cache/morgue/pages-test.json')
    await mkdir(path.dirname(manifestFile), { recursive: true })
    await writeFile(manifestFile, '{"version":2,"pages":{}}')
    return manifestFile
  }

  it('should be finished from its journal: files and folders moved, removals made, the manifest written, the staging folder gone', async () => {
    const { root, remove } = await tempProject()
    try {
      const live = path.join(root, '_site')
      const staging = path.join(root, '_site.staging-999999')
      const manifestFile = path.join(root, '.cache/morgue/pages-test.json')
      await mkdir(path.join(live, 'pagefind/2012'), { recursive: true })
      await mkdir(path.join(live, '2010/10/09/gone'), { recursive: true })
      await writeFile(path.join(live, 'index.html'), 'old home')
      await writeFile(path.join(live, 'kept.html'), 'kept')
      await writeFile(path.join(live, '2010/10/09/gone/index.html'), 'gone')
      await writeFile(path.join(live, 'pagefind/2012/old-fragment'), 'old')
      await mkdir(path.join(staging, 'pagefind/2012'), { recursive: true })
      await mkdir(path.join(staging, '2013/01/01/new'), { recursive: true })
      await writeFile(path.join(staging, 'pagefind/2012/new-fragment'), 'new')
      await writeFile(path.join(staging, '2013/01/01/new/index.html'), 'new page')
      // Killed after moving the home page: it is no longer in the staging folder.
      await writeFile(path.join(live, 'index.html'), 'new home')
      // A file the commit replaces is not removed first: the rename replaces it.
      const plan = await planCommit({ staging, live, folders: ['pagefind/2012'], removals: ['2010/10/09/gone/index.html', '2013/01/01/new/index.html'], manifest: { version: 2, pages: { '/': 'a' } }, manifestFile })
      expect(plan.files).toEqual(['2013/01/01/new/index.html'])
      expect(plan.removals).toEqual(['2010/10/09/gone/index.html'])
      await mkdir(path.dirname(manifestFile), { recursive: true })
      await writeFile(journalPath(manifestFile), JSON.stringify({ ...plan, files: ['index.html', ...plan.files] }))
      await finishCommit(manifestFile)
      expect(await readFile(path.join(live, 'index.html'), 'utf8')).toBe('new home')
      expect(await readFile(path.join(live, 'kept.html'), 'utf8')).toBe('kept')
      expect(await readFile(path.join(live, '2013/01/01/new/index.html'), 'utf8')).toBe('new page')
      expect(await readdir(path.join(live, 'pagefind/2012'))).toEqual(['new-fragment'])
      expect(existsSync(path.join(live, '2010'))).toBe(false)
      expect(JSON.parse(await readFile(manifestFile, 'utf8'))).toEqual({ version: 2, pages: { '/': 'a' } })
      expect(existsSync(journalPath(manifestFile))).toBe(false)
      expect(existsSync(staging)).toBe(false)
      // Nothing left to finish: a second call changes nothing.
      await finishCommit(manifestFile)
      expect(await readFile(path.join(live, 'index.html'), 'utf8')).toBe('new home')
    } finally {
      await remove()
    }
  })

  it('should leave the next build to start afresh when the staging folder it names is gone', async () => {
    const { root, remove } = await tempProject()
    try {
      const live = path.join(root, '_site')
      await mkdir(live)
      await writeFile(path.join(live, 'kept.html'), 'kept')
      const manifestFile = await emptyManifest(root)
      const plan = { version: 1, staging: path.join(root, '_site.staging-999999'), live, files: ['index.html'], folders: [], removals: ['kept.html'], manifest: { version: 2, pages: { '/': 'a' } }, manifestFile }
      await writeFile(journalPath(manifestFile), JSON.stringify(plan))
      await finishCommit(manifestFile)
      expect(await readFile(path.join(live, 'kept.html'), 'utf8')).toBe('kept')
      expect(existsSync(manifestFile)).toBe(false)
      expect(existsSync(journalPath(manifestFile))).toBe(false)
    } finally {
      await remove()
    }
  })

  it('should leave the next build to start afresh when the journal cannot be read', async () => {
    const { root, remove } = await tempProject()
    try {
      const manifestFile = await emptyManifest(root)
      await writeFile(journalPath(manifestFile), '{"version":1,"stag')
      await finishCommit(manifestFile)
      expect(existsSync(manifestFile)).toBe(false)
      expect(existsSync(journalPath(manifestFile))).toBe(false)
    } finally {
      await remove()
    }
  })
})

describe('what a build reads', () => {
  const story = '---\ndate: 2012-07-06\n---\nA story\n\nIts copy.\n'
  const contentOf = async (root: string) => [...readInputs(root, path.join(root, '_site'), await readSiteConfig(root), { drafts: false }).content.keys()]
  const listings = (root: string) => path.join(root, '.cache/morgue/listings.json')
  /** Put a name in the listing kept for a folder, as if it had been there when the folder was read. */
  const plant = async (root: string, folder: string, name: string) => {
    const kept = JSON.parse(await readFile(listings(root), 'utf8')) as Array<[string, number, number, number, string]>
    const listing = kept.find((item) => item[0] === folder)
    if (!listing) throw new Error(`no listing kept for ${folder}`)
    listing[4] = `${listing[4]}\0${name}`
    await writeFile(listings(root), JSON.stringify(kept))
  }

  it('should take the entries of a folder unchanged since well before it was read from the listing kept, and read a folder that changed afresh', async () => {
    const { root, remove } = await tempProject({ 'content/2012/one.md': story })
    try {
      const folder = path.join(root, 'content/2012')
      // A folder changed within two seconds of being read is read again next time: let it settle.
      await new Promise((resolve) => setTimeout(resolve, 2100))
      expect(await contentOf(root)).toEqual(['content/2012/one.md'])
      await plant(root, folder, 'planted.md')
      expect(await contentOf(root)).toEqual(['content/2012/one.md', 'content/2012/planted.md'])
      // A file added sets the folder's change time: the folder is read again.
      await writeFile(path.join(folder, 'two.md'), story)
      expect(await contentOf(root)).toEqual(['content/2012/one.md', 'content/2012/two.md'])
    } finally {
      await remove()
    }
  })

  it('should read again a folder that had changed just before it was read, which a coarse clock could show as unchanged since', async () => {
    const { root, remove } = await tempProject({ 'content/2012/one.md': story })
    try {
      const folder = path.join(root, 'content/2012')
      expect(await contentOf(root)).toEqual(['content/2012/one.md'])
      await plant(root, folder, 'planted.md')
      expect(await contentOf(root)).toEqual(['content/2012/one.md'])
    } finally {
      await remove()
    }
  })

  it('should read every folder afresh when asked to, as `--force` does', async () => {
    const { root, remove } = await tempProject({ 'content/2012/one.md': story })
    try {
      await new Promise((resolve) => setTimeout(resolve, 2100))
      expect(await contentOf(root)).toEqual(['content/2012/one.md'])
      await plant(root, path.join(root, 'content/2012'), 'planted.md')
      const read = readInputs(root, path.join(root, '_site'), await readSiteConfig(root), { drafts: false, relist: true })
      expect([...read.content.keys()]).toEqual(['content/2012/one.md'])
    } finally {
      await remove()
    }
  })
})

describe('how long a built site stays right', () => {
  const at = new Date('2026-11-28T12:00:00Z')
  const plan = (stories: ReturnType<typeof makeStory>[], moment = at) => planArchive(stories, { pageSize: 20, aliases: {}, now: moment })
  const time = (iso: string) => ({ text: null, iso, zone: 'UTC', hasTime: true })

  it('should last until the next embargo lifts', () => {
    const stories = [
      makeStory('/2026/11/20/held/', { published: time('2026-11-20T09:00:00Z'), embargo: { text: '', until: '2026-11-29T06:00:00Z', zone: 'UTC' } }),
      makeStory('/2020/01/01/old/', { published: time('2020-01-01T09:00:00Z') }),
    ]
    expect(stableUntil(stories, plan(stories), at)).toBe(Date.parse('2026-11-29T06:00:00Z'))
  })

  it('should last until an age banner changes: a year on for an old story, 30 days or a month on for a new one', () => {
    const old = [makeStory('/2020/03/05/old/', { published: time('2020-03-05T09:00:00Z') })]
    expect(new Date(stableUntil(old, plan(old), at) ?? 0).toISOString()).toBe('2027-03-05T00:00:00.000Z')
    const recent = [makeStory('/2026/11/10/recent/', { published: time('2026-11-10T09:00:00Z') })]
    expect(new Date(stableUntil(recent, plan(recent), at) ?? 0).toISOString()).toBe('2026-12-10T00:00:00.000Z')
  })

  it('should last until a story leaves the news sitemap, two days after it was published', () => {
    const stories = [makeStory('/2026/11/28/today/', { published: time('2026-11-28T08:00:00Z') })]
    expect(new Date(stableUntil(stories, plan(stories), at) ?? 0).toISOString()).toBe('2026-11-30T08:00:00.000Z')
  })

  it('should not last at all for an archive with an empty feed, dated by the build', () => {
    expect(stableUntil([], plan([]), at)).toBe(at.getTime())
  })
})

/** A story loaded from its text, as the loader reads a file of one day. */
function loadOne(text: string) {
  const story = loadStory(new VFile({ path: 'content/2012/07/06/story.md', value: text }), { timezone: 'America/New_York' })
  if (!story) throw new Error('no story')
  return story
}

describe('differsOnlyInBody', () => {
  const load = loadOne
  const original = '---\ndate: 2012-07-06\ntags: [Syria]\n---\nA general defects\n\nThe lede of the story.\n\nA second paragraph.\n'

  it('should hold for a paragraph added or reworded below the lede, and for nothing else another page shows', () => {
    const before = load(original)
    expect(differsOnlyInBody(before, load(`${original}\nA third paragraph.\n`))).toBe(true)
    expect(differsOnlyInBody(before, load(original.replace('A second paragraph.', 'A second paragraph, reworded.')))).toBe(true)
    // The lede is the listings' summary; the headline, tags and quotes show on other pages.
    expect(differsOnlyInBody(before, load(original.replace('The lede of the story.', 'A new lede.')))).toBe(false)
    expect(differsOnlyInBody(before, load(original.replace('A general defects', 'A general flees')))).toBe(false)
    expect(differsOnlyInBody(before, load(original.replace('[Syria]', '[Syria, Turkey]')))).toBe(false)
    expect(differsOnlyInBody(before, load(`${original}\n"We will fight on," said Abdul Rahman, a rebel commander.\n`))).toBe(false)
  })
})

describe('keepsItsPlace', () => {
  const load = loadOne
  const original = '---\ndate: 2012-07-06\ntags: [Syria]\n---\nA general defects\n\nThe lede of the story.\n\n"We will fight on," said Abdul Rahman, a rebel commander.\n'

  it('should hold when the headline, lede, body or a quote\'s words change, and not when the story moves, is retagged or quotes someone else', () => {
    const before = load(original)
    expect(keepsItsPlace(before, load(original.replace('A general defects', 'A general flees')))).toBe(true)
    expect(keepsItsPlace(before, load(original.replace('The lede of the story.', 'A new lede.')))).toBe(true)
    expect(keepsItsPlace(before, load(original.replace('We will fight on', 'We will never stop')))).toBe(true)
    expect(keepsItsPlace(before, load(`${original}\nA paragraph more.\n`))).toBe(true)
    expect(keepsItsPlace(before, load(original.replace('2012-07-06', '2012-07-05')))).toBe(false)
    expect(keepsItsPlace(before, load(original.replace('[Syria]', '[Syria, Turkey]')))).toBe(false)
    expect(keepsItsPlace(before, load(original.replace('Abdul Rahman', 'Omar Hassan')))).toBe(false)
    expect(keepsItsPlace(before, load(original.replace('tags: [Syria]', 'tags: [Syria]\nsection: World')))).toBe(false)
    expect(keepsItsPlace(before, load(original.replace('tags: [Syria]', 'tags: [Syria]\ndraft: true')))).toBe(false)
  })
})

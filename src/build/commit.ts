/**
 * Committing a rebuild into the live site in place. A rebuild of a site that
 * is already there writes only what changed (pages rendered anew, Eleventy's
 * pages when they changed, the search bundles of the years that changed) into
 * a staging folder; committing moves those into the live site, a file or a
 * year's bundle at a time by rename, and removes what the new build no longer
 * has. Nothing is linked or copied, and the old site is not removed whole, so
 * an edit to one story costs as much as the pages it changes.
 *
 * Until the commit starts, the live site is untouched: a build that fails or
 * is stopped leaves it as it was. The commit itself is written down first (a
 * journal beside the page manifest): a build killed during it is completed by
 * the next build before anything else, so the site is never left half old.
 */
import { existsSync } from 'node:fs'
import { mkdir, readdir, readFile, rename, rm, rmdir, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { writeManifest, type PageManifest } from './pages.ts'

/** What a commit does, as its journal keeps it. */
export interface CommitPlan {
  version: 1
  /** The staging folder the new files are in, and the live site they go to. */
  staging: string
  live: string
  /** Files of the staging folder, relative to it, each moved to the same place in the live site. */
  files: string[]
  /** Folders moved whole, replacing the live site's (a year's search bundle). */
  folders: string[]
  /** Files and folders of the live site, relative to it, that the new build does not have. */
  removals: string[]
  /** The manifest of the new site, and where it goes once the site is the new one. */
  manifest: PageManifest
  manifestFile: string
}

/** Where the journal of a commit into a live site is kept, beside its page manifest. */
export function journalPath(manifestFile: string): string {
  return `${manifestFile}.commit`
}

/** Every file under a folder, relative to it, skipping the folders moved whole. */
async function filesUnder(root: string, skip: ReadonlySet<string>): Promise<string[]> {
  const files: string[] = []
  const walk = async (relative: string) => {
    for (const entry of await readdir(path.join(root, relative), { withFileTypes: true })) {
      const name = relative === '' ? entry.name : `${relative}/${entry.name}`
      if (skip.has(name)) continue
      if (entry.isDirectory()) await walk(name)
      else files.push(name)
    }
  }
  if (existsSync(root)) await walk('')
  return files.sort()
}

/** The commit of a staging folder into a live site: every file it holds, and the folders named to be moved whole. */
export async function planCommit(options: Omit<CommitPlan, 'version' | 'files'>): Promise<CommitPlan> {
  const folders = options.folders.filter((folder) => existsSync(path.join(options.staging, folder)))
  const files = await filesUnder(options.staging, new Set(folders))
  // A file that is replaced is not removed first: the rename replaces it in one step.
  const replaced = new Set(files)
  const removals = options.removals.filter((relative) => !replaced.has(relative))
  return { version: 1, ...options, removals, folders, files }
}

/** Remove a file, then the folders it leaves empty, up to the site's root. */
async function removeWithEmptyParents(live: string, relative: string): Promise<void> {
  await rm(path.join(live, relative), { recursive: true, force: true })
  let folder = path.dirname(relative)
  while (folder !== '.' && folder !== '') {
    try {
      await rmdir(path.join(live, folder))
    } catch {
      // Not empty, or gone already: the folders above stay too.
      return
    }
    folder = path.dirname(folder)
  }
}

/**
 * Carry out a commit. Every step can be repeated: a file already moved is no
 * longer in the staging folder, a removal of what is gone does nothing, so a
 * commit cut short is finished by running it again from its journal.
 */
async function apply(plan: Readonly<CommitPlan>, journal: string): Promise<void> {
  const made = new Set<string>()
  const folderFor = async (target: string) => {
    const folder = path.dirname(target)
    if (made.has(folder)) return
    await mkdir(folder, { recursive: true })
    made.add(folder)
  }
  if (plan.removals.length > 0) {
    for (const relative of plan.removals) await removeWithEmptyParents(plan.live, relative)
    // Done: run again from the journal, the removals must not take what the moves then put in place.
    await writeJournal(journal, { ...plan, removals: [] })
  }
  for (const relative of plan.folders) {
    const from = path.join(plan.staging, relative)
    if (!existsSync(from)) continue
    const target = path.join(plan.live, relative)
    // The old folder is renamed aside, not removed first, so the year has a bundle all along.
    const aside = `${target}.old-${process.pid}`
    await rm(aside, { recursive: true, force: true })
    await rename(target, aside).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== 'ENOENT') throw error
    })
    await folderFor(target)
    await rename(from, target)
    await rm(aside, { recursive: true, force: true })
  }
  for (const relative of plan.files) {
    const from = path.join(plan.staging, relative)
    if (!existsSync(from)) continue
    const target = path.join(plan.live, relative)
    await folderFor(target)
    // A rename replaces the old file in one step: a reader gets the old page or the new one.
    await rename(from, target)
  }
  await writeManifest(plan.manifestFile, plan.manifest)
}

/** Write a journal whole or not at all. */
async function writeJournal(journal: string, plan: Readonly<CommitPlan>): Promise<void> {
  const temporary = `${journal}.${process.pid}`
  await writeFile(temporary, JSON.stringify(plan))
  await rename(temporary, journal)
}

/** Whether a process other than this one is running. */
export function isRunning(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0 || pid === process.pid) return false
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}

/**
 * Commit a staging folder into the live site: the journal first, then the
 * moves and removals, then the new manifest; the journal and the staging
 * folder go last.
 */
export async function commit(plan: Readonly<CommitPlan>): Promise<void> {
  const journal = journalPath(plan.manifestFile)
  await mkdir(path.dirname(journal), { recursive: true })
  // The manifest describes the live site: gone while the site changes, so it never describes the wrong one.
  await rm(plan.manifestFile, { force: true })
  await writeJournal(journal, plan)
  try {
    await apply(plan, journal)
  } catch (error) {
    // Half moved and no manifest: the next build builds the whole site afresh, not from this journal.
    await rm(journal, { force: true })
    throw error
  }
  await rm(journal, { force: true })
  await rm(plan.staging, { recursive: true, force: true })
}

/**
 * Finish a commit a killed build left (its journal is still there). When it
 * cannot be finished, the manifest stays gone, so the next build builds the
 * whole site afresh and swaps it in.
 */
export async function finishCommit(manifestFile: string): Promise<void> {
  const journal = journalPath(manifestFile)
  let plan: CommitPlan
  try {
    plan = JSON.parse(await readFile(journal, 'utf8')) as CommitPlan
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return
    // Unreadable: what it was doing is unknown, so the next build starts afresh.
    await rm(manifestFile, { force: true })
    await rm(journal, { force: true })
    return
  }
  // The build that wrote it is still committing (another process): it finishes its own commit.
  if (isRunning(Number(/\.staging-(\d+)$/.exec(plan.staging ?? '')?.[1]))) return
  try {
    if (plan.version !== 1) throw new Error('another version of the journal')
    // Without the site, or the new files, what is left would be a partial site its manifest calls whole.
    if (!existsSync(plan.live) || !existsSync(plan.staging)) throw new Error('the site or its new files are gone')
    await apply(plan, journal)
  } catch {
    await rm(manifestFile, { force: true })
  }
  await rm(journal, { force: true })
  await rm(plan.staging, { recursive: true, force: true })
}

/**
 * Hold a site for this process (a build, or the dev server while it runs): another build or dev
 * server of it started meanwhile stops with a message, rather than both writing into one site.
 * A lock whose process is gone is taken. Returns the release.
 */
export async function lockSite(manifestFile: string): Promise<() => Promise<void>> {
  const lock = `${manifestFile}.lock`
  await mkdir(path.dirname(lock), { recursive: true })
  try {
    await writeFile(lock, String(process.pid), { flag: 'wx' })
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
    const owner = Number((await readFile(lock, 'utf8').catch(() => '')).trim())
    if (isRunning(owner)) throw new SiteBusyError(owner, lock)
    await writeFile(lock, String(process.pid))
  }
  return () => rm(lock, { force: true })
}

/** Another build is writing the site. */
export class SiteBusyError extends Error {
  constructor(owner: number, lock: string) {
    super(`Another morgue process (${owner}: a build, or the dev server) is writing this site: let it finish or stop it, then try again (if ${owner} is not morgue, remove ${path.relative(process.cwd(), lock)})`)
    this.name = 'SiteBusyError'
  }
}

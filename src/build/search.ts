/**
 * Site search: Pagefind indexes the story pages of a built site (those with
 * `data-pagefind-body`) and its static bundle goes into the site's
 * `pagefind/` folder, where the search page's script finds it. Pagefind runs
 * through its Node API, so the build starts no extra command.
 */
import { mkdir, writeFile } from 'node:fs/promises'
import path from 'node:path'
import * as pagefind from 'pagefind'

/** What indexing a site did. */
export interface SearchIndexResult {
  /** Pages in the index: the story pages. */
  pages: number
  /** The folder the Pagefind bundle was written to. */
  bundleDir: string
  /** Size of the bundle in bytes, Pagefind's scripts included. */
  bytes: number
}

/** The site could not be indexed; the message lists what went wrong. */
export class SearchIndexError extends Error {
  /** Pagefind's own messages, or the one problem met writing the bundle. */
  readonly messages: readonly string[]
  constructor(siteDir: string, messages: readonly string[], options?: ErrorOptions) {
    super(`Could not build the search index of ${siteDir}:\n${messages.map((message) => `  ${message}`).join('\n')}`, options)
    this.name = 'SearchIndexError'
    this.messages = messages
  }
}

// Pagefind runs one backend for the whole process and `close` stops it, so it
// is closed only when no other build in this process is still indexing.
let indexing = 0

/** Index the story pages under `siteDir` and write the search bundle to `siteDir/pagefind/`. */
export async function indexSite(siteDir: string): Promise<SearchIndexResult> {
  const root = path.resolve(siteDir)
  const bundleDir = path.join(root, 'pagefind')
  // Pagefind rejects some failures with a bare string: make every failure an Error that names the site.
  const step = <T>(call: Promise<T>): Promise<T> =>
    call.catch((error: unknown) => {
      throw error instanceof Error ? error : new SearchIndexError(root, [String(error)])
    })
  indexing += 1
  try {
    // Story pages carry `data-pagefind-body`. As the root selector it also keeps an
    // archive with no stories yet from indexing every page, Pagefind's fallback.
    const created = await step(pagefind.createIndex({ rootSelector: '[data-pagefind-body]' }))
    const { index } = created
    if (!index) throw new SearchIndexError(root, created.errors.length > 0 ? created.errors : ['Pagefind returned no index'])
    const added = await step(index.addDirectory({ path: root }))
    if (added.errors.length > 0) throw new SearchIndexError(root, added.errors)
    // The bundle is taken in memory and written here rather than with
    // `writeFiles`: Pagefind 1.6's backend panics on a write error, and its
    // Node wrapper then never settles the call, so the build would hang.
    const bundle = await step(index.getFiles())
    if (bundle.errors.length > 0) throw new SearchIndexError(root, bundle.errors)
    await writeBundle(root, bundleDir, bundle.files)
    return { pages: indexedPages(bundle.files), bundleDir, bytes: bundle.files.reduce((sum, file) => sum + file.content.byteLength, 0) }
  } finally {
    indexing -= 1
    if (indexing === 0) await pagefind.close()
  }
}

async function writeBundle(root: string, bundleDir: string, files: ReadonlyArray<{ path: string; content: Uint8Array }>): Promise<void> {
  try {
    for (const file of files) {
      const target = path.join(bundleDir, file.path)
      await mkdir(path.dirname(target), { recursive: true })
      await writeFile(target, file.content)
    }
  } catch (error) {
    throw new SearchIndexError(root, [`cannot write the bundle to ${bundleDir}: ${error instanceof Error ? error.message : String(error)}`], { cause: error })
  }
}

/** Pages Pagefind indexed, from its entry file; `addDirectory` counts every HTML file it read instead. */
function indexedPages(files: ReadonlyArray<{ path: string; content: Uint8Array }>): number {
  const entry = files.find((file) => file.path === 'pagefind-entry.json')
  if (!entry) return 0
  const { languages } = JSON.parse(new TextDecoder().decode(entry.content)) as { languages: Record<string, { page_count: number }> }
  return Object.values(languages).reduce((sum, language) => sum + language.page_count, 0)
}

// @ts-check
/**
 * The search page, and the only script the site has. It loads Pagefind's
 * bundles (one a year, listed in `pagefind/indexes.json`) from beside this
 * file (so the site works under any path prefix and on any static host),
 * fills the filters from the index, and lists the matching stories. The query and filters live in the page's address, so a
 * search can be bookmarked and the form works as a plain GET form too.
 */

/** Stories shown at first, and added by each "Show more". */
const PAGE_SIZE = 10
/** Pause after typing before searching, in milliseconds. */
const TYPING_PAUSE = 250

const form = /** @type {HTMLFormElement} */ (document.getElementById('search-form'))
const query = /** @type {HTMLInputElement} */ (document.getElementById('search-query'))
const selects = /** @type {HTMLSelectElement[]} */ ([...form.querySelectorAll('select[data-filter]')])
const fallback = /** @type {HTMLElement} */ (document.getElementById('search-fallback'))
const status = /** @type {HTMLElement} */ (document.getElementById('search-status'))
const list = /** @type {HTMLOListElement} */ (document.getElementById('search-results'))
const more = /** @type {HTMLButtonElement} */ (document.getElementById('search-more'))

/** @type {any} Pagefind's module, once loaded. */
let pagefind = null
/** @type {string[]} The years of the archive, newest first: one index each. */
let years = []
/**
 * Stories edited since their year was indexed are in a bundle of their own:
 * by the fragment of each one's old version in its year's index, the fragment
 * of its new version and its address.
 * @type {Map<string, { by: string, url: string }>}
 */
let replaced = new Map()
/** @type {Array<{ data: () => Promise<any> }>} */
let results = []
let shown = 0
/** Counts searches, so that a slow answer never replaces a newer one. */
let generation = 0

/** Load Pagefind and the filter values, then run the search the address asks for. */
async function start() {
  try {
    // One index a year, newest first: the newest is loaded and the others merged into it.
    const bundles = new URL('pagefind/', import.meta.url)
    const listed = await fetch(new URL('indexes.json', bundles))
    if (!listed.ok) throw new Error(`pagefind/indexes.json: ${listed.status}`)
    const { indexes, edits } = /** @type {{ indexes: string[], edits?: { bundle: string, replaced: Record<string, { by: string, url: string }> } }} */ (await listed.json())
    const [newest, ...older] = indexes
    if (newest === undefined) {
      status.textContent = 'There are no stories to search yet.'
      return
    }
    pagefind = await import(new URL(`${newest}/pagefind.js`, bundles).href)
    await pagefind.options({ excerptLength: 30, excerptEllipsis: '…' })
    for (const name of older) await pagefind.mergeIndex(new URL(`${name}/`, bundles).pathname)
    if (edits) {
      await pagefind.mergeIndex(new URL(`${edits.bundle}/`, bundles).pathname)
      replaced = new Map(Object.entries(edits.replaced))
    }
    await pagefind.init()
    const filters = await pagefind.filters()
    years = Object.keys(filters.year ?? {}).sort((a, b) => b.localeCompare(a))
    fillFilters(filters)
  } catch (error) {
    console.error(error)
    status.textContent = 'Search is not available: its index could not be loaded.'
    return
  }
  fallback.hidden = true
  const params = new URLSearchParams(location.search)
  query.value = params.get('q') ?? ''
  for (const select of selects) select.value = params.get(select.name) ?? ''
  form.addEventListener('submit', (event) => {
    event.preventDefault()
    void run(false)
  })
  query.addEventListener('input', () => void run(true))
  for (const select of selects) select.addEventListener('change', () => void run(false))
  more.addEventListener('click', () => void showMore(generation, true))
  await run(false)
}

/**
 * Offer every value the index has for each filter: years newest first, names alphabetically.
 * @param {Record<string, Record<string, number>>} filters
 */
function fillFilters(filters) {
  for (const select of selects) {
    const key = select.dataset.filter ?? ''
    const values = Object.keys(filters[key] ?? {})
    values.sort(key === 'year' ? (a, b) => b.localeCompare(a) : (a, b) => a.localeCompare(b))
    select.append(...values.map((value) => new Option(value, value)))
  }
}

/** The chosen filters, by key. */
function chosenFilters() {
  /** @type {Record<string, string>} */
  const chosen = {}
  for (const select of selects) if (select.value) chosen[select.dataset.filter ?? ''] = select.value
  return chosen
}

/**
 * Search for what the form says and show the first stories found.
 * @param {boolean} typing wait for a pause in typing first
 */
async function run(typing) {
  const term = query.value.trim()
  const filters = chosenFilters()
  remember(term, filters)
  const mine = ++generation
  if (term === '' && Object.keys(filters).length === 0) {
    results = []
    list.replaceChildren()
    more.hidden = true
    status.textContent = ''
    return
  }
  if (term === '') {
    // No words: the filtered stories newest first. Each year is its own index, and
    // Pagefind merges indexes by score, so the years are asked one by one, newest first.
    const asked = filters.year ? [filters.year] : years
    const found = await Promise.all(asked.map((year) => pagefind.search(null, { filters: { ...filters, year }, sort: { filed: 'desc' } })))
    const listed = await current(found.flatMap((search) => search.results))
    if (mine !== generation) return
    results = listed
  } else {
    const search = typing ? await pagefind.debouncedSearch(term, { filters }, TYPING_PAUSE) : await pagefind.search(term, { filters })
    if (search === null || mine !== generation) return
    const matched = await current(search.results)
    if (mine !== generation) return
    results = matched
  }
  shown = 0
  list.replaceChildren()
  await showMore(mine, false)
  if (mine === generation) status.textContent = summary(results.length, term, filters)
}

/**
 * Each edited story once, as it is now, where its old version was: the old
 * version its year's index still holds makes way for the new one. In a list
 * by date that is its place by date (only a story's text is edited so); in a
 * search for words, its rank among its year's stories, which an edit to its
 * text barely moves, rather than a score from the small bundle of edits,
 * which does not compare with a year's. A story found only by words its old
 * version lacked stays where Pagefind put it. Fragments are named uniquely
 * within a bundle only: a result is taken for a version of an edited story
 * only when its address is that story's.
 * @template {{ id: string, data: () => Promise<{ raw_url: string }> }} Result
 * @param {Result[]} found
 * @returns {Promise<Result[]>}
 */
async function current(found) {
  if (replaced.size === 0) return found
  const newer = new Map([...replaced].map(([, edit]) => [edit.by, edit.url]))
  // Compared as the index holds it (`raw_url`), before Pagefind puts the site's path prefix on it.
  /** @type {(result: Result, url: string | undefined) => Promise<boolean>} */
  const isAt = async (result, url) => url !== undefined && (await result.data()).raw_url === url
  /** @type {Map<Result, string>} The old versions found, each with the fragment of its new one. */
  const olds = new Map()
  /** @type {Map<string, Result>} The new versions found. */
  const news = new Map()
  await Promise.all(found.map(async (result) => {
    const edit = replaced.get(result.id)
    if (edit && (await isAt(result, edit.url))) olds.set(result, edit.by)
    if (await isAt(result, newer.get(result.id))) news.set(result.id, result)
  }))
  // New versions that go where their old ones were.
  const placed = new Set([...olds.values()].filter((by) => news.has(by)))
  return found.flatMap((result) => {
    const by = olds.get(result)
    if (by !== undefined) return news.get(by) ?? []
    return news.get(result.id) === result && placed.has(result.id) ? [] : [result]
  })
}

/**
 * Show the next page of stories found.
 * @param {number} mine the search they belong to
 * @param {boolean} focus move focus to the first new story, for keyboard users who asked for more
 */
async function showMore(mine, focus) {
  const page = await Promise.all(results.slice(shown, shown + PAGE_SIZE).map((result) => result.data()))
  if (mine !== generation) return
  shown += page.length
  const items = page.map(resultItem)
  list.append(...items)
  more.hidden = shown >= results.length
  if (focus) items[0]?.querySelector('a')?.focus()
}

/**
 * One story found, laid out like the archive's lists.
 * @param {{ url: string, excerpt: string, meta: Record<string, string>, filters: Record<string, string[]> }} data
 */
function resultItem(data) {
  const item = element('li', 'story-item')
  const section = data.filters.section?.[0]
  if (section) item.append(element('p', 'story-section', section))
  const headline = element('h2', 'story-item-headline')
  const link = element('a', '', data.meta.title ?? data.url)
  link.setAttribute('href', data.url)
  headline.append(link)
  const meta = element('p', 'story-meta')
  const source = data.filters.source?.[0]
  if (source) meta.append(element('span', '', source))
  if (data.meta.filed) {
    // The day filed, as a <time> when the index also holds it as YYYY-MM-DD (meta `date`).
    const filed = element(data.meta.date ? 'time' : 'span', '', data.meta.filed)
    if (data.meta.date) filed.setAttribute('datetime', data.meta.date)
    meta.append(filed)
  }
  const excerpt = element('p', 'story-item-lede')
  excerpt.append(...excerptNodes(data.excerpt))
  item.append(headline, meta, excerpt)
  return item
}

/**
 * Pagefind's excerpt as nodes: its text, with only the `<mark>` of matched words kept as markup.
 * @param {string} html
 */
function excerptNodes(html) {
  const parsed = new DOMParser().parseFromString(html, 'text/html').body
  return [...parsed.childNodes].map((node) =>
    node.nodeName === 'MARK' ? element('mark', '', node.textContent ?? '') : document.createTextNode(node.textContent ?? ''),
  )
}

/**
 * @param {string} name
 * @param {string} className
 * @param {string} [text]
 */
function element(name, className, text) {
  const node = document.createElement(name)
  if (className) node.className = className
  if (text !== undefined) node.textContent = text
  return node
}

/**
 * What was found, in a sentence for the status line (which screen readers announce).
 * @param {number} count
 * @param {string} term
 * @param {Record<string, string>} filters
 */
function summary(count, term, filters) {
  const stories = count === 1 ? '1 story' : `${count === 0 ? 'No' : count} stories`
  const words = term ? ` ${count === 1 ? 'matches' : 'match'} “${term}”` : ''
  const within = Object.values(filters)
  return `${stories}${words}${within.length > 0 ? ` in ${within.join(', ')}` : ''}.`
}

/**
 * Keep the search in the address, without adding a history entry per keystroke.
 * @param {string} term
 * @param {Record<string, string>} filters
 */
function remember(term, filters) {
  const url = new URL(location.href)
  url.search = new URLSearchParams({ ...(term ? { q: term } : {}), ...filters }).toString()
  history.replaceState(null, '', url)
}

void start()

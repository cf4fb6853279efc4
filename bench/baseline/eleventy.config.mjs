/**
 * The baseline: plain Eleventy 3 building the generated stories the way an
 * Eleventy site would, with its defaults (markdown-it, gray-matter front
 * matter, Liquid over Markdown, tags as collections), into the page set the
 * issue compares against: story pages, a paginated home and paginated tag
 * pages. Plain JavaScript on purpose, as an Eleventy user would write it.
 *
 *   node node_modules/@11ty/eleventy/cmd.cjs --config=bench/baseline/eleventy.config.mjs \
 *     --input=PROJECT/content --output=OUT --quiet
 *
 * Stories keep Eleventy's default URL from their path, `content/2013/04/09/slug.md`
 * to `/2013/04/09/slug/`: the URL morgue gives them.
 */
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const here = path.dirname(fileURLToPath(import.meta.url))

/** @param {import('@11ty/eleventy').UserConfig} eleventyConfig */
export default function (eleventyConfig) {
  const input = path.resolve(eleventyConfig.directories.input)
  // The same page size as morgue: site.json's, else morgue's default of 20.
  const site = JSON.parse(readFileSync(path.join(input, '_data', 'site.json'), 'utf8'))
  const pageSize = site.pageSize ?? 20

  // Layouts live here, next to this file, not in the content folder.
  eleventyConfig.setIncludesDirectory(path.relative(input, path.join(here, '_includes')))
  eleventyConfig.addPassthroughCopy({ [path.join(input, '..', 'public')]: '/' })
  // What a directory data file would say for every story.
  eleventyConfig.addGlobalData('layout', 'story.njk')

  const longDate = new Intl.DateTimeFormat('en-US', { dateStyle: 'long', timeZone: 'UTC' })
  eleventyConfig.addFilter('readableDate', (date) => longDate.format(date))
  eleventyConfig.addFilter('isoDate', (date) => date.toISOString().slice(0, 10))

  const newestFirst = (a, b) => b.date - a.date || a.url.localeCompare(b.url)
  eleventyConfig.addCollection('stories', (api) => api.getAll().filter((item) => item.inputPath.endsWith('.md')).sort(newestFirst))
  // One entry per page of each tag: the usual recipe for paginating tag pages.
  eleventyConfig.addCollection('tagPages', (api) => {
    const byTag = new Map()
    for (const item of api.getAll()) {
      for (const tag of item.data.tags ?? []) {
        if (!byTag.has(tag)) byTag.set(tag, [])
        byTag.get(tag).push(item)
      }
    }
    const pages = []
    for (const [tag, items] of [...byTag].sort(([a], [b]) => a.localeCompare(b))) {
      items.sort(newestFirst)
      const count = Math.ceil(items.length / pageSize)
      for (let number = 1; number <= count; number++) {
        pages.push({ tag, number, count, items: items.slice((number - 1) * pageSize, number * pageSize) })
      }
    }
    return pages
  })

  const page = (name) => readFileSync(path.join(here, 'pages', name), 'utf8')
  eleventyConfig.addTemplate('index.njk', page('home.njk'), {
    layout: 'base.njk',
    pagination: { data: 'collections.stories', size: pageSize, alias: 'stories' },
    permalink: '/{% if pagination.pageNumber > 0 %}page/{{ pagination.pageNumber + 1 }}/{% endif %}',
    eleventyExcludeFromCollections: true,
  })
  eleventyConfig.addTemplate('tag.njk', page('tag.njk'), {
    layout: 'base.njk',
    pagination: { data: 'collections.tagPages', size: 1, alias: 'tagPage' },
    permalink: '/tags/{{ tagPage.tag | slugify }}/{% if tagPage.number > 1 %}page/{{ tagPage.number }}/{% endif %}',
    eleventyExcludeFromCollections: true,
  })
}

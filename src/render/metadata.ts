/**
 * Machine-readable metadata of a story page: one JSON-LD `NewsArticle` and
 * Open Graph properties, built from the `Story` alone.
 */
import type { CorrectionComment, NewsArticle, Organization as SchemaOrganization, Person, WithContext } from 'schema-dts'
import type { Organization, Story } from '../load/story.ts'
import { absoluteUrl, type SiteConfig } from './site.ts'
import { lastModified } from './times.ts'

/** One `<meta property content>` pair. */
export interface MetaProperty {
  property: string
  content: string
}

function schemaOrganization(organization: Organization): SchemaOrganization {
  return organization.url === null
    ? { '@type': 'Organization', name: organization.name }
    : { '@type': 'Organization', name: organization.name, url: organization.url }
}

function authors(story: Story): Array<SchemaOrganization | Person> {
  const people: Person[] = story.byline === null ? [] : [{ '@type': 'Person', name: story.byline.split(',')[0]?.trim() ?? story.byline }]
  return [...people, ...story.organizations.map(schemaOrganization)]
}

/** The schema.org `NewsArticle` describing a story page. */
export function newsArticle(story: Story, site: Readonly<SiteConfig>): WithContext<NewsArticle> {
  const url = absoluteUrl(site, story.permalink)
  const organizations = story.organizations.map(schemaOrganization)
  const published = story.published?.iso ?? story.updated?.iso
  const modified = lastModified(story)?.iso ?? published
  const article: WithContext<NewsArticle> = {
    '@context': 'https://schema.org',
    '@type': 'NewsArticle',
    headline: story.headline,
    description: story.description,
    url,
    mainEntityOfPage: url,
    inLanguage: site.lang,
    author: authors(story),
    publisher: organizations,
    sourceOrganization: organizations,
    keywords: story.tags,
    isAccessibleForFree: true,
  }
  if (published) article.datePublished = published
  if (modified) article.dateModified = modified
  if (story.section !== null) article.articleSection = story.section
  if (story.dateline !== null) article.dateline = story.dateline
  if (story.source?.url) article.isBasedOn = story.source.url
  if (story.license) article.license = story.license.url
  const corrections = correctionsOf(story)
  if (corrections.length > 0) article.correction = corrections
  return article
}

/** Corrections and clarifications as schema.org `CorrectionComment`s. */
function correctionsOf(story: Story): CorrectionComment[] {
  return story.notices.flatMap((notice): CorrectionComment[] => {
    if (notice.kind !== 'correction' && notice.kind !== 'clarification') return []
    const comment: CorrectionComment = { '@type': 'CorrectionComment', text: notice.text }
    if (notice.time?.iso) comment.datePublished = notice.time.iso
    return [comment]
  })
}

/**
 * JSON for a `<script type="application/ld+json">` element: `<`, `>` and `&`
 * are escaped so no field can close the element or open a comment.
 */
export function scriptJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029')
}

/** Open Graph properties of a story page. */
export function openGraph(story: Story, site: Readonly<SiteConfig>): MetaProperty[] {
  const properties: MetaProperty[] = [
    { property: 'og:type', content: 'article' },
    { property: 'og:title', content: story.headline },
    { property: 'og:description', content: story.description },
    { property: 'og:url', content: absoluteUrl(site, story.permalink) },
    { property: 'og:site_name', content: site.title },
  ]
  const published = story.published?.iso ?? story.updated?.iso
  const modified = lastModified(story)?.iso ?? published
  if (published) properties.push({ property: 'article:published_time', content: published })
  if (modified) properties.push({ property: 'article:modified_time', content: modified })
  if (story.section !== null) properties.push({ property: 'article:section', content: story.section })
  for (const tag of story.tags) properties.push({ property: 'article:tag', content: tag })
  return properties
}

/** Settings of the whole site, read by the renderer and the templates. */
export interface SiteConfig {
  /** The archive's name, shown in the masthead and titles. */
  title: string
  /** One line about the archive, for the home page's metadata. */
  description: string
  /**
   * Absolute base URL every canonical URL is built from, without a trailing
   * slash. Its path, if any, is where the site lives on its host.
   */
  url: string
  /** The path the site lives under (`/` or `/morgue/`), from `url`. */
  pathPrefix: string
  /** Language of the stories, as a BCP 47 tag. */
  lang: string
  /** IANA zone for stories that name none, or null to leave such times local. */
  timezone: string | null
  /** Who publishes the archive, for feeds and the news sitemap. */
  publisher: { name: string; url: string | null }
  /** Stories on one page of a list. */
  pageSize: number
  /** Other names of people quoted, by the name to show. */
  aliases: Record<string, string[]>
}

/** Settings used when the site configures nothing. */
export const defaultSite: Readonly<SiteConfig> = Object.freeze({
  title: 'Morgue',
  description: 'An archive of wire stories.',
  url: 'http://localhost:8080',
  pathPrefix: '/',
  lang: 'en',
  timezone: null,
  publisher: { name: 'Morgue', url: null },
  pageSize: 20,
  aliases: {},
})

/** The absolute URL of a site-relative path (which does not include the path prefix). */
export function absoluteUrl(site: Readonly<SiteConfig>, permalink: string): string {
  return new URL(permalink.replace(/^\/+/, ''), `${site.url.replace(/\/+$/, '')}/`).href
}

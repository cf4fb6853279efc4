/** Settings of the whole site, read by the renderer and the templates. */
export interface SiteConfig {
  /** The archive's name, shown in the masthead and titles. */
  title: string
  /** One line about the archive, for the home page's metadata. */
  description: string
  /** Absolute base URL every canonical URL is built from, without a trailing slash. */
  url: string
  /** Language of the stories, as a BCP 47 tag. */
  lang: string
}

/** Settings used when the site configures nothing. */
export const defaultSite: Readonly<SiteConfig> = Object.freeze({
  title: 'Morgue',
  description: 'An archive of wire stories.',
  url: 'http://localhost:8080',
  lang: 'en',
})

/** The absolute URL of a site-relative path. */
export function absoluteUrl(site: Readonly<SiteConfig>, permalink: string): string {
  return new URL(permalink.replace(/^\/+/, ''), `${site.url.replace(/\/+$/, '')}/`).href
}

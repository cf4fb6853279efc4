/**
 * News organisations named by wire credits (`CBS/AP`) and sources, so that
 * metadata can name them in full.
 */
import type { Organization, StorySource } from './story.ts'

const known: Readonly<Record<string, Organization>> = {
  ap: { name: 'The Associated Press', url: 'https://apnews.com/' },
  'associated press': { name: 'The Associated Press', url: 'https://apnews.com/' },
  'the associated press': { name: 'The Associated Press', url: 'https://apnews.com/' },
  cbs: { name: 'CBS News', url: 'https://www.cbsnews.com/' },
  'cbs news': { name: 'CBS News', url: 'https://www.cbsnews.com/' },
  reuters: { name: 'Reuters', url: 'https://www.reuters.com/' },
  afp: { name: 'Agence France-Presse', url: 'https://www.afp.com/' },
  'agence france-presse': { name: 'Agence France-Presse', url: 'https://www.afp.com/' },
  upi: { name: 'United Press International', url: 'https://www.upi.com/' },
  dpa: { name: 'Deutsche Presse-Agentur', url: 'https://www.dpa.com/' },
  bbc: { name: 'BBC News', url: 'https://www.bbc.com/news' },
  cnn: { name: 'CNN', url: 'https://www.cnn.com/' },
  npr: { name: 'NPR', url: 'https://www.npr.org/' },
  wikinews: { name: 'Wikinews', url: 'https://en.wikinews.org/' },
}

/** The organisation a credit part or source name stands for; unknown names are kept as written. */
export function organizationFor(name: string): Organization {
  return known[name.trim().toLowerCase()] ?? { name: name.trim(), url: null }
}

/** Organisations behind a story: its source first, then each part of its credit, without repeats. */
export function organizationsOf(source: StorySource | null, credit: string | null): Organization[] {
  const names = [...(source ? [source.name] : []), ...(credit ? credit.split('/') : [])]
  const result: Organization[] = []
  for (const name of names) {
    if (name.trim() === '') continue
    const organization = organizationFor(name)
    if (!result.some((existing) => existing.name === organization.name)) result.push(organization)
  }
  return result
}

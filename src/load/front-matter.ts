/**
 * Front matter: split off with gray-matter, parsed as YAML 1.2 (core schema,
 * so `2012-02-30` stays a string we can reject instead of becoming March 1),
 * and checked against a schema. No front-matter language ever runs code.
 */
import matter from 'gray-matter'
import { parseDocument } from 'yaml'
import { z } from 'zod'
import type { VFile } from 'vfile'
import { hasErrors, reportError, reportWarning } from './problems.ts'

/** A YAML problem, carried out of gray-matter's engine with its place. */
class FrontMatterYamlError extends Error {
  readonly line: number
  readonly column: number
  constructor(reason: string, line: number, column: number) {
    super(reason)
    this.name = 'FrontMatterYamlError'
    this.line = line
    this.column = column
  }
}

/** A front-matter language that would run code, or that we do not read. */
class FrontMatterLanguageError extends Error {
  constructor(language: string) {
    super(language)
    this.name = 'FrontMatterLanguageError'
  }
}

/** Nested aliases beyond this are refused (a "billion laughs" alias bomb). */
const maxAliasCount = 100

function parseYaml(source: string): object {
  const document = parseDocument(source, { schema: 'core', uniqueKeys: true, prettyErrors: true })
  const first = document.errors[0]
  if (first) {
    const reason = first.message.split('\n')[0]?.replace(/ at line \d+, column \d+:?$/, '') ?? first.message
    // gray-matter hands the engine the text after the opening `---`, whose
    // first line is the rest of the delimiter line: YAML line N is file line N.
    throw new FrontMatterYamlError(reason, first.linePos?.[0].line ?? 1, first.linePos?.[0].col ?? 1)
  }
  let data: unknown
  try {
    data = document.toJS({ maxAliasCount })
  } catch (error) {
    // The yaml package refuses an alias bomb with a ReferenceError: report it at the first alias.
    if (!(error instanceof ReferenceError)) throw error
    const lines = source.split('\n')
    const line = lines.findIndex((text) => /(?:^|[\s\[,:-])\*[^\s,\]}]+/.test(text))
    throw new FrontMatterYamlError(`its aliases (\`*name\`) expand to more than ${maxAliasCount} copies: write the values out`, line === -1 ? 1 : line + 1, 1)
  }
  return data !== null && typeof data === 'object' ? data : { '': data }
}

function refuse(language: string): never {
  throw new FrontMatterLanguageError(language)
}

/** Engines for gray-matter: YAML only; `---js` and friends are refused, never evaluated. */
const engines = {
  yaml: { parse: parseYaml },
  js: { parse: () => refuse('js') },
  javascript: { parse: () => refuse('javascript') },
  coffee: { parse: () => refuse('coffee') },
  coffeescript: { parse: () => refuse('coffeescript') },
  json: { parse: () => refuse('json') },
  toml: { parse: () => refuse('toml') },
}

const dateString = z.string().regex(/^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2})?(?:Z|[+-]\d{2}:?\d{2})?)?$/, {
  message: 'write the date as YYYY-MM-DD, or YYYY-MM-DDTHH:MM with an optional offset',
})

const stringList = z.union([z.string(), z.array(z.string())]).transform((value) => (Array.isArray(value) ? value : [value]))

/** A web address: http(s) only, so no `javascript:` or `data:` link can reach a page. */
const webUrl = z.string().url().refine((url) => /^https?:\/\//i.test(url), { message: 'must be an http:// or https:// address' })

/** A link of a related headline: a web address, or a path on this site (`/2012/07/06/slug/`). */
const relatedUrl = z.string().refine((url) => /^https?:\/\/[^\s]+$/i.test(url) || /^\/(?![/\\])[^\s]*$/.test(url), {
  message: 'must be an http:// or https:// address, or a path on this site starting with /',
})

const sourceField = z.union([
  z.string().transform((name) => ({ name, url: null })),
  z.object({ name: z.string(), url: webUrl.nullable().default(null) }).strict(),
])

/** Licences named by their usual short names, so front matter can say just `CC BY 2.5`. */
const knownLicenses: Readonly<Record<string, string>> = {
  'CC BY 2.5': 'https://creativecommons.org/licenses/by/2.5/',
  'CC BY 3.0': 'https://creativecommons.org/licenses/by/3.0/',
  'CC BY 4.0': 'https://creativecommons.org/licenses/by/4.0/',
  'CC BY-SA 4.0': 'https://creativecommons.org/licenses/by-sa/4.0/',
  'CC0 1.0': 'https://creativecommons.org/publicdomain/zero/1.0/',
}

const licenseField = z.union([
  z.string().transform((name, context) => {
    const url = knownLicenses[name]
    if (url === undefined) {
      context.addIssue({ code: 'custom', message: `write the licence as {name, url}; short names known: ${Object.keys(knownLicenses).join(', ')}` })
      return z.NEVER
    }
    return { name, url }
  }),
  z.object({ name: z.string().min(1), url: webUrl }).strict(),
])

const relatedField = z.array(
  z.union([
    z.string().transform((title) => ({ title, url: null })),
    z.object({ title: z.string(), url: relatedUrl.nullable().default(null) }).strict(),
  ]),
)

/** An old address of the story on this site: a path, never a whole URL, never leaving the site. */
const sitePath = z.string().refine((value) => /^\/(?:[A-Za-z0-9._~%!$&'()*+,;=:@-]+\/?)*$/.test(value) && !/(?:^|\/)\.{1,2}(?:\/|$)|%2e%2e|%2f|%00/i.test(value), {
  message: 'must be a path on this site such as /news/old-slug/ or /news/old-slug.html (no `..`, no query, no whole URL)',
})

const updateField = z.object({ time: dateString, text: z.string().min(1) }).strict()

const noticeField = z.object({
  kind: z.enum(['correction', 'clarification', 'editors-note', 'kill']),
  text: z.string().min(1),
  time: dateString.optional(),
}).strict()

/** The front-matter keys a story may set; Eleventy's names where Eleventy has one. */
export const frontMatterSchema = z.object({
  title: z.string().min(1).optional(),
  description: z.string().optional(),
  date: dateString.optional(),
  updated: dateString.optional(),
  timezone: z.string().optional(),
  tags: stringList.optional(),
  section: z.string().min(1).optional(),
  source: sourceField.optional(),
  license: licenseField.optional(),
  slug: z.string().optional(),
  permalink: z.string().optional(),
  draft: z.boolean().optional(),
  dateline: z.string().optional(),
  credit: z.string().optional(),
  byline: z.string().optional(),
  related: relatedField.optional(),
  /** Update history: `[{time, text}]`, in any order. */
  updates: z.array(updateField).optional(),
  /** Corrections, clarifications, editor's notes and kill advisories: `[{kind, text, time}]`. */
  notices: z.array(noticeField).optional(),
  /** Not to be published before this moment (`2012-07-07T00:01-04:00`). */
  embargo: dateString.optional(),
  /** `killed` when the wire withdrew the story: its page then says so, and nothing else. */
  status: z.enum(['published', 'killed']).optional(),
  /** Old addresses of the story on this site; each redirects to its page. */
  aliases: z.array(sitePath).optional(),
  /** How to read the body: `wire` for plain wire text (the default for `.txt`), `markdown` otherwise. */
  format: z.enum(['wire', 'markdown']).optional(),
})

/** Front matter after validation. */
export type FrontMatter = z.infer<typeof frontMatterSchema>

const knownKeys = new Set(Object.keys(frontMatterSchema.shape))

/** What splitting a story file gives: its front matter and its body with positions kept. */
export interface SplitStory {
  data: FrontMatter
  /** The file's text with the front matter blanked to empty lines, so body positions stay true. */
  body: string
  /** Whether the front matter was readable; when false, `data` is empty. */
  ok: boolean
}

/** Split and validate the front matter of a story file, reporting problems on `file`. */
export function splitFrontMatter(file: VFile, text: string): SplitStory {
  if (!/^---[^\n]*\n/.test(text)) return { data: {}, body: text, ok: true }
  if (!/\n---[ \t]*(?:\n|$)/.test(text)) {
    reportError(file, 'Front matter opens with `---` but never closes: add a line `---` after the last key', { line: 1, column: 1 }, 'front-matter-unclosed')
    return { data: {}, body: '', ok: false }
  }
  let parsed: matter.GrayMatterFile<string>
  try {
    // An options object also keeps gray-matter from caching by content.
    parsed = matter(text, { engines, language: 'yaml' })
  } catch (error) {
    reportFrontMatterError(file, error)
    return { data: {}, body: '', ok: false }
  }
  const head = text.slice(0, text.length - parsed.content.length)
  const body = head.replace(/[^\n]/g, '') + parsed.content
  // Invalid fields stop the story here: guessing on without them would only add misleading errors.
  const data = validate(file, parsed.data)
  return { data, body, ok: !hasErrors(file) }
}

function reportFrontMatterError(file: VFile, error: unknown): void {
  if (error instanceof FrontMatterYamlError) {
    reportError(file, `Front matter is not valid YAML: ${error.message}`, { line: error.line, column: error.column }, 'front-matter-yaml')
  } else if (error instanceof FrontMatterLanguageError) {
    reportError(file, `Front matter in \`${error.message}\` is not read (it could run code): write it as YAML after a plain \`---\``, { line: 1, column: 1 }, 'front-matter-language')
  } else if (error instanceof Error && /engine ".*" is not registered/.test(error.message)) {
    const language = /engine "(.*)"/.exec(error.message)?.[1] ?? ''
    reportError(file, `Front matter language \`${language}\` is not supported: write YAML after a plain \`---\``, { line: 1, column: 1 }, 'front-matter-language')
  } else {
    throw error
  }
}

function validate(file: VFile, data: Record<string, unknown>): FrontMatter {
  for (const key of Object.keys(data)) {
    if (!knownKeys.has(key)) {
      reportWarning(file, `Front matter key \`${key}\` is not used by morgue: check its spelling`, lineOfKey(file, key), 'unknown-front-matter-key')
    }
  }
  const result = frontMatterSchema.safeParse(data)
  if (result.success) return result.data
  for (const issue of result.error.issues) {
    const key = String(issue.path[0] ?? '')
    const value = issue.path.reduce<unknown>((node, part) => (node !== null && typeof node === 'object' ? (node as Record<PropertyKey, unknown>)[part as PropertyKey] : undefined), data)
    if (issue.code === 'invalid_type' && issue.expected === 'string' && (typeof value === 'number' || typeof value === 'boolean' || value instanceof Date)) {
      // YAML reads some unquoted text as a number or a boolean (`1e3`, `0x10`, `true`): say how to keep it text.
      const written = lineText(file, key)
      reportError(file, `Front matter \`${issue.path.join('.')}\` must be text, but YAML read \`${written ?? String(value)}\` as a ${typeof value === 'boolean' ? 'true/false value' : 'number'}: put it in quotes`, lineOfKey(file, key), 'front-matter-field')
      continue
    }
    const rule = key === 'date' || key === 'updated' || key === 'embargo' || issue.path.at(-1) === 'time' ? 'invalid-date' : key === 'aliases' ? 'invalid-alias' : 'front-matter-field'
    reportError(file, `Front matter \`${issue.path.join('.')}\`: ${issue.message}`, lineOfKey(file, key), rule)
  }
  return {}
}

/** The value written after a top-level key, as it stands in the file. */
function lineText(file: VFile, key: string): string | null {
  const place = lineOfKey(file, key)
  if (!place) return null
  const line = String(file.value).split('\n')[place.line - 1] ?? ''
  const value = line.slice(key.length + 1).trim()
  return value === '' || value.length > 60 ? null : value
}

/** Line of a top-level key in the front matter, for pointing problems at it. */
export function lineOfKey(file: VFile, key: string): { line: number; column: number } | undefined {
  const lines = String(file.value).split('\n')
  for (let index = 1; index < lines.length; index++) {
    const line = lines[index] ?? ''
    if (/^---\s*$/.test(line)) break
    if (line.startsWith(`${key}:`) || line.startsWith(`"${key}":`) || line.startsWith(`'${key}':`)) return { line: index + 1, column: 1 }
  }
  return undefined
}

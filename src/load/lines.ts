/**
 * What a single line of wire copy is, judged on its own: site furniture, a
 * byline, a notice, an embargo line, a related headline.
 */
import { decodeHTML } from 'entities'
import type { Notice, NoticeKind, RelatedLink } from './story.ts'

/** Lines that websites wrap around a story and that are never story copy. */
const furniture: readonly RegExp[] = [
  /^watch cbsn live$/i,
  /^advertisement$/i,
  /^story continues below(?: (?:this )?advertisement)?$/i,
  /^skip to (?:main )?content$/i,
  /^share this (?:article|story|page)$/i,
  /^(?:print|e-?mail|share|tweet|facebook|twitter|linkedin|whatsapp|reddit|comments?)(?:\s*[|·•]\s*(?:print|e-?mail|share|tweet|facebook|twitter|linkedin|whatsapp|reddit|comments?))+$/i,
  /^(?:share on (?:facebook|twitter|linkedin|whatsapp)|email this (?:story|article)|print this (?:story|article))$/i,
  /^follow (?:us|@\w+) on (?:twitter|facebook|instagram|x)\.?$/i,
  /^(?:enlarge this image|toggle caption|hide caption|click to enlarge)$/i,
  /^(?:©|copyright)\s+.*\ball rights reserved\.?$/i,
  /^all rights reserved\.?$/i,
  /^this material may not be published, broadcast, rewritten,? or redistributed\.?$/i,
]

/** An agency copyright notice: opens with ©, (c) or Copyright and names an agency or reserves rights. */
function isCopyrightLine(text: string): boolean {
  return text.length <= 300
    // "Copyright" alone could open a sentence of copy; a year or an agency must follow it.
    && /^(?:©|\(c\)|copyright\s+(?:©\s*)?(?:\d{4}|(?:the\s+)?(?:thomson\s+)?(?:associated press|reuters|afp|agence france-presse|cbs|bbc|upi|dpa)\b))/i.test(text)
    && /\b(?:associated press|reuters|afp|agence france-presse|cbs|bbc|upi|dpa|all rights reserved)\b/i.test(text)
}

/** Whether a line is site furniture to drop. */
export function isFurniture(line: string): boolean {
  const text = line.trim()
  return isCopyrightLine(text) || furniture.some((pattern) => pattern.test(text))
}

const noticeLabels: ReadonlyArray<readonly [RegExp, NoticeKind]> = [
  [/^corrections?\s*(?::|—|–|--|-)/i, 'correction'],
  [/^(?:this (?:story|article|version) (?:has been |was )?corrected|this version corrects)\b/i, 'correction'],
  [/^clarifications?\s*(?::|—|–|--|-)/i, 'clarification'],
  [/^editor[’']?s[’']?\s+note\s*(?::|—|–|--|-)/i, 'editors-note'],
  [/^(?:(?:urgent|advisory|attention,? editors?)\s*(?::|—|–|--|-)\s*)?(?:KILL\b|Kill\s*(?::|—|–|--))/, 'kill'],
]

/** The notice a paragraph opens, or null. */
export function readNotice(text: string): Notice | null {
  for (const [pattern, kind] of noticeLabels) {
    if (pattern.test(text)) return { kind, text, time: null }
  }
  return null
}

/** Whether a line is an embargo line (`EMBARGOED UNTIL 0001 GMT July 7`). */
export function isEmbargoLine(text: string): boolean {
  return /^embargo(?:ed)?\s+(?:until|for release|till|:)/i.test(text.trim())
}

/** The name in a byline line (`By Jane Doe, Staff Writer` gives `Jane Doe, Staff Writer`), or null. */
export function readByline(text: string): string | null {
  // A byline is short and never a sentence ("By Friday evening, rebels had taken the city.").
  if (text.length > 100 || /[.!?]$/.test(text.trim()) && !/\b(?:Jr|Sr)\.$/.test(text.trim())) return null
  const match = /^by\s+(?<name>[A-Z\p{Lu}][\p{L}'’.\- ]+(?:(?:,|\sand)\s[\p{L}'’.\- ]+)*)$/iu.exec(text.trim())
  if (!match?.groups?.name || text.length > 100) return null
  return /^\p{Lu}/u.test(match.groups.name) ? match.groups.name.trim() : null
}

/** Labels that introduce related headlines: `Related:`, `More from Reuters:`, `See also`. */
export function isRelatedLabel(line: string): boolean {
  return /^(?:related(?:\s+(?:stories|coverage|links|articles|headlines|content|news))?|more\s+(?:from|on|news from)\s+[\p{L}\d .&'’-]{1,40}|see\s+also|read\s+more|also\s+read|more\s+on\s+this\s+story|further\s+reading)\s*:?$/iu.test(line.trim())
}

/** A line that is nothing but a link, as scraped pages give related headlines. */
export function readAnchorLine(line: string): RelatedLink | null {
  const match = /^(?:[-*•]\s*)?<a\s[^>]*?href\s*=\s*(?:"([^"]*)"|'([^']*)')[^>]*>([\s\S]*?)<\/a>\s*$/i.exec(line.trim())
  if (!match) return null
  const url = decodeHTML(match[1] ?? match[2] ?? '').trim()
  const title = decodeHTML((match[3] ?? '').replace(/<[^>]*>/g, '')).normalize('NFC').replace(/\s+/g, ' ').trim()
  // Only web addresses are kept as links; anything else would be invented or unsafe.
  return title === '' ? null : { title, url: /^https?:\/\//i.test(url) ? url : null }
}

/**
 * Whether a line reads as a headline rather than a sentence of copy: short,
 * capitalised, and not closed by a full stop.
 */
export function isHeadlineLike(line: string, maxWords = 20): boolean {
  const text = line.trim()
  const words = text.split(/\s+/).length
  if (words < 2 || words > maxWords || text.length > maxWords * 9) return false
  if (/[.,;:]$/.test(text) && !/\b(?:[A-Z]\.|U\.S\.|U\.N\.|Jr\.|Inc\.)$/.test(text)) return false
  return /^[\p{Lu}\d"“‘']/u.test(text)
}

/**
 * Whether a paragraph's lines are a run of related headlines: two or more
 * short headline-like lines with nothing else between them.
 */
export function isRelatedRun(lines: readonly string[]): boolean {
  if (lines.length < 2) return false
  return lines.every((line) => isHeadlineLike(line) && line.trim().split(/\s+/).length <= 14)
}

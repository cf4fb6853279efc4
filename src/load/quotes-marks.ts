/**
 * Which double quote marks pair up, within a paragraph and across paragraphs.
 *
 * Wire copy is typed by hand: marks go missing, and a straight mark has to be
 * read from its neighbours. A mark that never pairs is reported, and never
 * allowed to swallow the rest of the paragraph or the story.
 */

/** One paragraph's share of a quotation: its opening mark, and its closing mark or null when it runs on. */
export interface QuotePiece {
  paragraph: number
  open: number
  close: number | null
}

/** A paired quotation, in one or more consecutive paragraphs. */
export interface QuoteSpan {
  pieces: QuotePiece[]
}

/** A quote mark that never closes or never opened: 0-based paragraph, 1-based column. */
export interface UnclosedMark {
  paragraph: number
  column: number
}

type Role = 'open' | 'close' | 'either'

interface Mark {
  index: number
  role: Role
}

// A straight mark after one of these opens a quotation; before one of these it closes one.
const OPENS_AFTER = /[\s([{—–/-]/u
const CLOSES_BEFORE = /[\s.,;:!?)\]}—–…-]/u

/** Every double quote mark in a paragraph, with the role its neighbours give it. */
function findMarks(text: string): Mark[] {
  return [...text.matchAll(/["“”„]/gu)].map((match) => ({ index: match.index, role: roleOf(text, match.index) }))
}

function roleOf(text: string, index: number): Role {
  const mark = text[index]
  const before = text[index - 1]
  const after = text[index + 1]
  const opens = before === undefined || OPENS_AFTER.test(before)
  const closes = after === undefined || CLOSES_BEFORE.test(after)
  // A curly mark keeps its shape's role unless its neighbours plainly say the other (`decision.“ However`).
  if (mark === '„') return 'open'
  if (mark === '“') return closes && !opens ? 'close' : 'open'
  if (mark === '”') return opens && !closes ? 'open' : 'close'
  if (opens !== closes) return opens ? 'open' : 'close'
  // `tomorrow.' "` or `"...not`: the neighbours disagree, so the state decides.
  return 'either'
}

/** The paired quotations of a story, and the marks that did not pair. */
export interface Pairing {
  spans: QuoteSpan[]
  unbalanced: UnclosedMark[]
}

/** Pair the marks of every paragraph, carrying a quotation that runs on into the next. */
export function pairMarks(texts: readonly string[]): Pairing {
  const pairing: Pairing = { spans: [], unbalanced: [] }
  let carried: QuotePiece[] = []
  for (let paragraph = 0; paragraph < texts.length; paragraph++) carried = pairParagraph(pairing, texts, paragraph, carried)
  return pairing
}

/** Pair one paragraph's marks; returns the pieces of a quotation left open for the next paragraph. */
function pairParagraph(pairing: Pairing, texts: readonly string[], paragraph: number, carried: QuotePiece[]): QuotePiece[] {
  const text = texts[paragraph] ?? ''
  const marks = findMarks(text)
  let pending: QuotePiece[] = []
  let open: number | null = null
  const first = marks[0]
  if (carried.length > 0 && first && reopens(text, first)) {
    pending = carried
    open = first.index
    marks.shift()
  } else if (carried[0]) {
    pairing.unbalanced.push(markAt(texts, carried[0]))
  }
  for (let index = 0; index < marks.length; index++) {
    const mark = marks[index]
    const next = marks[index + 1]
    if (!mark) continue
    if (open === null) {
      // `said," [Warhol] liked it".`: of two closers in a row with nothing open, the first was meant to open.
      if (mark.role === 'close' && next?.role !== 'close') pairing.unbalanced.push(markAt(texts, { paragraph, open: mark.index }))
      else open = mark.index
    } else if (mark.role === 'open' && isNested(marks, index)) {
      index += 1
    } else if (mark.role === 'open') {
      // Two openers in a row: the first never closed, and must not swallow the second.
      pairing.unbalanced.push(markAt(texts, pending[0] ?? { paragraph, open }))
      pending = []
      open = mark.index
    } else {
      const piece = { paragraph, open, close: mark.index }
      if (pending.length > 0 || /[\p{L}\p{N}]/u.test(text.slice(open + 1, mark.index))) pairing.spans.push({ pieces: [...pending, piece] })
      pending = []
      open = null
    }
  }
  if (open === null) return []
  const piece = { paragraph, open, close: null }
  if (paragraph + 1 < texts.length && runsOn(text, open)) return [...pending, piece]
  pairing.unbalanced.push(markAt(texts, pending[0] ?? piece))
  return []
}

/** `"The "United States" is not holding them."`: an inner pair followed by the outer closer. */
function isNested(marks: readonly Mark[], index: number): boolean {
  return marks[index + 1]?.role !== 'open' && marks[index + 2]?.role === 'close'
}

/** A paragraph reopens a running quotation when it starts with an opening mark. */
function reopens(text: string, mark: Mark): boolean {
  return mark.role !== 'close' && text.slice(0, mark.index).trim() === ''
}

/** Only a quotation left open at the end of a finished sentence runs on into the next paragraph. */
function runsOn(text: string, open: number): boolean {
  return /[\p{L}\p{N}].*[.?!…:\])]$/su.test(text.slice(open + 1).trim().replace(/['’]+$/u, ''))
}

function markAt(_texts: readonly string[], piece: Pick<QuotePiece, 'paragraph' | 'open'>): UnclosedMark {
  // The offset in UTF-16 units: counting code points here made thousands of stray marks quadratic.
  return { paragraph: piece.paragraph, column: piece.open + 1 }
}

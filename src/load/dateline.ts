/**
 * The dateline and credit that open a wire lede: `BEIRUT (AP) — `,
 * `MOSCOW, July 6, 2012 (AFP) - `, `PORT ALDEN, Wis. (AP) -- `, `(CBS/AP) `.
 */

/** What the opening of a lede says, and how long that opening is. */
export interface LedeOpening {
  dateline: string | null
  credit: string | null
  /** The date some datelines carry (`MOSCOW, July 6, 2012 (AFP) -`), as written. */
  date: string | null
  /** Length of the opening in the paragraph text, dash and spaces included. */
  length: number
}

const month = '(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\\.?'
// A place is one or more capitalised words (`BEIRUT`, `PORT ALDEN`), then
// optionally a state or country in ordinary case (`Wis.`, `Syria`).
const place = `[A-Z][A-Z'’.\\-]*(?:\\s[A-Z][A-Z'’.\\-]*)*(?:,\\s(?!${month}\\s\\d)[A-Z][A-Za-z'’.\\-]*(?:\\s[A-Z][A-Za-z'’.\\-]*)*)?`
const date = `${month}\\s\\d{1,2}(?:,\\s\\d{4})?`
const dash = '(?:—|–|--|-|:)'
const withCredit = new RegExp(`^(?:(?<place>${place})(?:,\\s(?<date>${date}))?\\s+)?\\((?<credit>[^()]{1,40})\\)\\s*(?:${dash}\\s*)?`)
const withoutCredit = new RegExp(`^(?<place>[A-Z][A-Z'’.\\-]+(?:\\s[A-Z][A-Z'’.\\-]+)*(?:,\\s[A-Z][A-Za-z'’.\\-]*(?:\\s[A-Z][A-Za-z'’.\\-]*)*)?)(?:,\\s(?<date>${date}))?\\s+(?:—|–|--)\\s*`)

/** A credit names agencies: `AP`, `CBS/AP`, `Reuters`, `The Associated Press`. */
function looksLikeCredit(credit: string): boolean {
  return credit.split('/').every((part) => /^[A-Z][A-Za-z&.]*(?:\s[A-Z][A-Za-z&.]*){0,3}$/.test(part.trim()))
}

/** Read the dateline and credit at the start of a lede paragraph. */
export function readLedeOpening(text: string): LedeOpening {
  const credited = withCredit.exec(text)
  const credit = credited?.groups?.credit
  if (credited && credit && looksLikeCredit(credit) && credited[0].length < text.length) {
    return { dateline: credited.groups?.place ?? null, credit: credit.trim(), date: credited.groups?.date ?? null, length: credited[0].length }
  }
  const placed = withoutCredit.exec(text)
  const placeName = placed?.groups?.place
  // A dateline without a credit must be a capitalised place of two letters or more.
  if (placed && placeName && /[A-Z]{2}/.test(placeName) && placed[0].length < text.length) {
    return { dateline: placeName, credit: null, date: placed.groups?.date ?? null, length: placed[0].length }
  }
  return { dateline: null, credit: null, date: null, length: 0 }
}

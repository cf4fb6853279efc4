/**
 * Who said a quotation: the shapes of attribution in news copy.
 *
 * Heuristics, not a parser. Wire copy attributes speech in a handful of fixed
 * shapes (`," she said`, `," said Jane Doe`, `Doe said: "`, `Doe called it "`),
 * and its pronouns and bare surnames point back at the last person it named,
 * so reading those shapes in story order finds nearly every speaker.
 */
import { nameOf, NOBODY, readRun, runEnd, type People, type Subject } from './quotes-people.ts'
import { isCapitalised, isParticiple, isPossessive, isQuote, isSpeechToken, isVerbToken, isWord, lower, type Token } from './quotes-sentences.ts'
import { subjectAfter, subjectBefore } from './quotes-subjects.ts'
import { AUXILIARIES, CLAUSE_BREAKS, STOP_WORDS } from './quotes-words.ts'

/** Note the subject of the verb at `index`, if it is one: whether it is a verb of speech, and the person it names. */
export function noteVerb(people: People, tokens: readonly Token[], index: number): { speech: boolean; person: string | undefined } | null {
  // `according to Kidston` makes Kidston the one speaking, for the `he said` that follows.
  const according = lower(tokens[index]) === 'to' && lower(tokens[index - 1]) === 'according'
  const subject = according ? subjectAfter(tokens, index, tokens.length - 1) : isVerbToken(tokens, index) ? subjectBefore(tokens, index, 0) : null
  if (!subject) return null
  const speech = according || isSpeechToken(tokens, index)
  return { speech, person: people.resolve(subject, speech) }
}

/** Who a quotation's own sentence says spoke it, or null when it does not say; `Pelosi called it "X," according to NBC` is still Pelosi's. */
export function findAttribution(tokens: readonly Token[], index: number, opening: readonly Token[]): Subject | null {
  const after = attributionAfter(tokens, index)
  if (after && after.kind !== 'unnamed') return after
  const before = attributionBefore(opening, opening.length)
  return before && before.kind !== 'unnamed' ? before : (after ?? before)
}

/** Attribution after the closing mark: `," she said`, `," said Jane Doe`, `," according to Doe`. */
function attributionAfter(tokens: readonly Token[], quote: number): Subject | null {
  let first = quote + 1
  while (/^[,—–-]$/u.test(tokens[first]?.text ?? '')) first++
  const token = tokens[first]
  if (!isWord(token)) return null
  const high = tokens.length - 1
  // A pull quote signed with a dash: `"..." — Aparna Garg, Railway Manager`.
  if (/^[—–]$/u.test(tokens[first - 1]?.text ?? '') && isCapitalised(token)) return subjectAfter(tokens, first - 1, high)
  if (lower(token) === 'according' && lower(tokens[first + 1]) === 'to') return subjectAfter(tokens, first + 1, high)
  if (isSpeechToken(tokens, first)) return isParticiple(token) ? null : subjectAfter(tokens, first, high)
  for (let verb = first; verb < Math.min(tokens.length, first + 12); verb++) {
    const candidate = tokens[verb]
    if (!candidate || isQuote(candidate) || /^[;:.]$/u.test(candidate.text) || CLAUSE_BREAKS.has(lower(candidate))) return null
    if (isSpeechToken(tokens, verb) && !isParticiple(candidate)) return subjectBefore(tokens, verb, first)
  }
  return null
}

/** Attribution before the opening mark: `Doe said: "`, `Said Doe: "`, `Doe called it "`, `telling reporters that "`. */
function attributionBefore(tokens: readonly Token[], quote: number): Subject | null {
  let verb = quote - 1
  while (verb >= 0 && !isSpeechToken(tokens, verb)) verb--
  if (verb < 0) return accordingTo(tokens, quote) ?? introducedBy(tokens, quote)
  if (isParticiple(tokens[verb])) return quotedAsSaying(tokens, verb) ?? clauseSubject(tokens, verb)
  // `Sustainable Australia describes itself as "`: only organisations describe themselves so.
  if (lower(tokens[verb + 1]) === 'itself') return NOBODY
  const subject = subjectBefore(tokens, verb, 0)
  // `Doe told AFP that a unit promised to the island was "stuck"`: a thing does not speak, so its verb is no attribution
  // when an earlier verb of speech in the sentence has a person for its subject.
  // Not a passive (`was told to prepare`, read as NOBODY), which names who was spoken to.
  if (subject?.kind === 'unnamed' && subject !== NOBODY && !subject.person && verb > 0) {
    const earlier = attributionBefore(tokens, verb)
    if (earlier && earlier.kind !== 'unnamed') return earlier
  }
  if (subject) return subject
  // Inverted only at the start of a clause: `Said Doe: "`, `"We stand ready" tweeted Johnson "`.
  const previous = tokens[verb - 1]
  if (!previous || isQuote(previous) || (previous.text === ',' && isQuote(tokens[verb - 2]))) return subjectAfter(tokens, verb, quote - 1)
  return clauseSubject(tokens, verb)
}

/** `Politico quoted Tim Manning, a former official, as saying "`: the one quoted speaks. */
function quotedAsSaying(tokens: readonly Token[], verb: number): Subject | null {
  if (lower(tokens[verb - 1]) !== 'as') return null
  for (let index = verb - 2; index >= Math.max(0, verb - 20); index--) {
    if (['quoted', 'cited'].includes(lower(tokens[index]))) return subjectAfter(tokens, index, verb - 2)
  }
  return null
}

function accordingTo(tokens: readonly Token[], quote: number): Subject | null {
  for (let index = 0; index < quote - 1; index++) {
    if (lower(tokens[index]) === 'according' && lower(tokens[index + 1]) === 'to') return subjectAfter(tokens, index + 1, quote - 1)
  }
  return null
}

/** `Governor John Bel Edwards addressed the public: "`: a colon or comma after a clause that opens with a person. */
function introducedBy(tokens: readonly Token[], quote: number): Subject | null {
  const mark = tokens[quote - 1]?.text
  // After a comma only when the clause is the whole run-up (`Jagger reacted on Twitter, "`), not a list of titles.
  if (mark !== ':' && (mark !== ',' || tokens.slice(0, quote).some(isQuote))) return null
  let start = 0
  while (start < quote && STOP_WORDS.has(lower(tokens[start])) && !isCapitalised(tokens[start + 1])) start++
  if (!isCapitalised(tokens[start])) return null
  const end = runEnd(tokens, start, quote - 1)
  const run = readRun(tokens, start, end)
  const next = tokens[end + 1]
  // The clause must say the person did something (`Reportedly, "COVI" represents` has no one in it).
  const acts = tokens.slice(end + 1, quote).some((_, offset) => isVerbToken(tokens, end + 1 + offset))
  return run?.kind === 'person' && acts && !isPossessive(tokens[end]) && (next?.text === ',' || isWord(next)) ? nameOf(run) : null
}

/** The subject of the clause a participle or second verb hangs from (`Clinton hailed it, telling reporters`). */
function clauseSubject(tokens: readonly Token[], verb: number): Subject | null {
  let unnamed: Subject | null = null
  // `He stated the trial would be fair, saying`: the person, not the nearer `trial`.
  for (let index = verb - 1; index >= 0; index--) {
    // `was arrested`: the participle is the verb, and the auxiliary has no subject of its own.
    const auxiliary = AUXILIARIES.has(lower(tokens[index])) && isVerbToken(tokens, index + 1)
    if (!isVerbToken(tokens, index) || isParticiple(tokens[index]) || auxiliary) continue
    const subject = subjectBefore(tokens, index, 0)
    if (subject && subject.kind !== 'unnamed') return subject
    unnamed ??= subject
  }
  return unnamed
}

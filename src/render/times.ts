/**
 * Times as a newsroom writes them (AP style): "11:59 a.m. ET, July 6, 2012",
 * always in the zone the story was written in, never shifted to UTC.
 */
import { DateTime } from 'luxon'
import type { Story, StoryTime } from '../load/story.ts'
import { instantOf } from '../load/times.ts'

export { instantOf } from '../load/times.ts'

/** A time ready for a `<time>` element. */
export interface TimeView {
  /** The machine-readable value for the `datetime` attribute. */
  datetime: string
  /** What a reader sees. */
  text: string
}

/** AP style abbreviates the long month names when a day follows. */
const apMonths = ['Jan.', 'Feb.', 'March', 'April', 'May', 'June', 'July', 'Aug.', 'Sept.', 'Oct.', 'Nov.', 'Dec.']

/** Short names readers know for the zones they are used to; others fall back to the CLDR name. */
const zoneLabels: Readonly<Record<string, string>> = {
  'America/New_York': 'ET',
  'America/Chicago': 'CT',
  'America/Denver': 'MT',
  'America/Phoenix': 'MT',
  'America/Los_Angeles': 'PT',
  UTC: 'GMT',
  'Etc/UTC': 'GMT',
}

function apDate(moment: DateTime): string {
  return `${apMonths[moment.month - 1] ?? ''} ${moment.day}, ${moment.year}`
}

function apClock(moment: DateTime): string {
  if (moment.hour === 12 && moment.minute === 0) return 'noon'
  if (moment.hour === 0 && moment.minute === 0) return 'midnight'
  const hour = moment.hour % 12 === 0 ? 12 : moment.hour % 12
  const minutes = moment.minute === 0 ? '' : `:${String(moment.minute).padStart(2, '0')}`
  return `${hour}${minutes} ${moment.hour < 12 ? 'a.m.' : 'p.m.'}`
}

function zoneLabel(moment: DateTime, zone: string): string {
  return zoneLabels[zone] ?? moment.setLocale('en-GB').toFormat('ZZZZ')
}

/**
 * Format a story time for readers, with a verb ("Updated", "Published") in
 * front; null when the time has no instant or date at all.
 */
export function formatStoryTime(time: StoryTime | null, verb: string): TimeView | null {
  if (time?.iso == null) return null
  const iso = time.iso
  if (!time.hasTime) {
    const day = DateTime.fromISO(iso, { zone: 'UTC' })
    return { datetime: iso, text: `${verb} ${apDate(day)}` }
  }
  if (!/[+-]\d{2}:\d{2}$|Z$/.test(iso)) {
    const local = DateTime.fromISO(iso, { zone: 'UTC' })
    return { datetime: iso, text: `${verb} ${apClock(local)} local time, ${apDate(local)}` }
  }
  if (time.zone === null) {
    // An offset without a zone name: shown at that offset, never moved to another day.
    const moment = DateTime.fromISO(iso, { setZone: true })
    const offset = moment.offset === 0 ? 'GMT' : `UTC${moment.toFormat('ZZ')}`
    return { datetime: iso, text: `${verb} ${apClock(moment)} ${offset}, ${apDate(moment)}` }
  }
  const moment = DateTime.fromISO(iso, { zone: time.zone })
  return { datetime: iso, text: `${verb} ${apClock(moment)} ${zoneLabel(moment, time.zone)}, ${apDate(moment)}` }
}

/**
 * When a story last changed: the latest of its update time, its update
 * history and its dated notices (a correction moves it too); null when it
 * gives none.
 */
export function lastModified(story: Story): StoryTime | null {
  const candidates = [story.updated, ...story.updates.map((update) => update.time), ...story.notices.map((notice) => notice.time)]
  let latest: StoryTime | null = null
  for (const time of candidates) {
    if (time?.iso == null) continue
    if (latest === null || instantOf(time) > instantOf(latest)) latest = time
  }
  return latest
}

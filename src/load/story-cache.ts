/**
 * The story cache: what loading each story file gave, kept in `.cache/morgue/`
 * under the project (safe to delete) so a file whose text, path and load
 * options are unchanged, read by the same loader, is not loaded again.
 *
 * It is kept in 16 segment files, by a hash of the story's path, so an edit
 * rewrites one of them. A segment file holds every story of its part without
 * its body first, then the bodies one after the other. Opening the cache reads
 * only the first part: a build plans the archive and keys every page from the
 * stories alone, and reads a story's body (most of its size) from the file
 * only when a page of it is rendered. Bodies read are held weakly, so a build
 * that renders every page never holds every body at once.
 */
import { randomUUID } from 'node:crypto'
import { closeSync, fstatSync, mkdirSync, openSync, readSync, renameSync, rmSync, writeSync } from 'node:fs'
import { readdir, rm } from 'node:fs/promises'
import path from 'node:path'
import { deserialize, serialize } from 'node:v8'
import { createHash } from 'node:crypto'
import type { Loaded } from './load-one.ts'
import type { Block, Story } from './story.ts'

/** What the cache keeps for one file. */
interface CacheEntry {
  key: string
  /** The file's size, time and inode when it was read: the same again, and the file need not be read. */
  stat: string | null
  loaded: Loaded
  /** Where the story's body is in its segment file; null until the entry is saved, or without a story. */
  body: BodyPlace | null
}

/** An entry as its segment file holds it: the story's `body` is null, its bytes at `body`. */
interface SavedEntry {
  key: string
  stat: string | null
  loaded: Loaded
  body: [offset: number, length: number] | null
}

/**
 * A story's body in a segment file; moved when the segment is written again,
 * and held in memory for good (`kept`) once its entry is replaced or removed.
 * Every copy of the story (see `withRelated` in build/plan.ts) shares it.
 */
interface BodyPlace {
  file: SegmentFile
  offset: number
  length: number
  kept: Block[] | null
}

/** The cache is kept in this many files, by a hash of the story's path. */
const segments = 16

function segmentOf(file: string): number {
  return createHash('sha256').update(file).digest()[0]! % segments
}

/** The cache file cannot be read as it should: it was changed or cut short outside morgue. */
export class StoryCacheError extends Error {
  override name = 'StoryCacheError'
}

/** A segment file, open for reading the bodies it holds. */
class SegmentFile {
  readonly path: string
  readonly #fd: number
  /** Where the bodies start. */
  readonly #start: number
  #closed = false

  constructor(file: string, fd: number, start: number) {
    this.path = file
    this.#fd = fd
    this.#start = start
  }

  read(offset: number, length: number): Buffer {
    // Every story of a file closed was moved to another, or given its body: a read here is a bug.
    if (this.#closed) throw new StoryCacheError(`The story cache file ${this.path} was read after it was replaced`)
    const bytes = readExactly(this.#fd, length, this.#start + offset)
    if (bytes === null) throw new StoryCacheError(`The story cache file ${this.path} is cut short: delete it (or all of .cache/) and build again`)
    return bytes
  }

  /** The body at a place, from its bytes. */
  body(offset: number, length: number): Block[] {
    const bytes = this.read(offset, length)
    try {
      return deserialize(bytes) as Block[]
    } catch (error) {
      throw new StoryCacheError(`The story cache file ${this.path} is damaged: delete it (or all of .cache/) and build again`, { cause: error })
    }
  }

  close(): void {
    this.#closed = true
    closeSync(this.#fd)
  }
}

/** Read exactly `length` bytes at `position`, or null when the file ends first. */
export function readExactly(fd: number, length: number, position: number): Buffer | null {
  const bytes = Buffer.allocUnsafe(length)
  let done = 0
  while (done < length) {
    const read = readSync(fd, bytes, done, length - done, position + done)
    if (read === 0) return null
    done += read
  }
  return bytes
}

/**
 * Give a story a body read from its segment file when it is first used, and
 * again after the garbage collector took it: the same array for as long as
 * anything holds it (HTML rendered from it is remembered by it).
 */
function bodyFromFile(story: Story, place: BodyPlace, known: Block[] | null): void {
  let held = known === null ? null : new WeakRef(known)
  Object.defineProperty(story, 'body', {
    enumerable: true,
    configurable: true,
    get(): Block[] {
      let blocks = place.kept ?? held?.deref()
      if (blocks === undefined) {
        blocks = place.file.body(place.offset, place.length)
        held = new WeakRef(blocks)
      }
      return blocks
    },
  })
}

/**
 * Read a story's body for good, for every copy of the story: its entry is
 * going, and the file it is in will be replaced, while the story may still be
 * in use (the dev server's last plan).
 */
function keepBody(entry: CacheEntry | undefined): void {
  const story = entry?.loaded.story
  if (story && entry?.body && entry.body.kept === null) entry.body.kept = story.body
}

/** A name for a file being written, unique to this process and call (containers sharing a folder can share process ids). */
function temporaryName(target: string): string {
  return `${target}.${process.pid}-${randomUUID().slice(0, 8)}`
}

/** A story's fields other than its body, without reading the body. */
function withoutBody(story: Story): Story {
  const copy: Record<string, unknown> = {}
  for (const field of Object.keys(story) as Array<keyof Story>) copy[field] = field === 'body' ? null : story[field]
  return copy as unknown as Story
}

/** The story cache of a project, for one version of the loader. */
export class StoryCache {
  readonly #folder: string
  readonly #version: string
  #entries = new Map<string, CacheEntry>()
  readonly #files = new Map<number, SegmentFile>()
  readonly #changed = new Set<number>()
  /** Segments read so far: each is read when a file of it is first asked about. */
  readonly #read = new Set<number>()

  constructor(folder: string, version: string) {
    this.#folder = folder
    this.#version = version
  }

  #file(segment: number): string {
    return path.join(this.#folder, `stories-${this.#version}-${segment}.v8`)
  }

  /**
   * Open the cache. Its segments are read as they are needed, so a build that
   * loads one story again (see build/text-edits.ts) reads one segment of 16.
   */
  async open(): Promise<void> {
    // Caches of other versions of the loader can never be read again: each is as big as this one.
    for (const name of await readdir(this.#folder).catch(() => [])) {
      const version = /^stories-([0-9a-f]{16})-\d+\.v8$/.exec(name)?.[1]
      if (version !== undefined && version !== this.#version) await rm(path.join(this.#folder, name), { force: true })
    }
  }

  /** The entry of a file, its segment read first if it was not yet. */
  #entry(file: string): CacheEntry | undefined {
    this.#readSegment(segmentOf(file))
    return this.#entries.get(file)
  }

  #readSegment(segment: number): void {
    if (this.#read.has(segment)) return
    this.#read.add(segment)
    for (const [file, entry] of this.#openSegment(segment)) this.#entries.set(file, entry)
  }

  /** The entries of a segment file, their bodies left in it; none when it is missing or damaged. */
  #openSegment(segment: number): Map<string, CacheEntry> {
    const file = this.#file(segment)
    let fd: number
    try {
      fd = openSync(file, 'r')
    } catch {
      return new Map()
    }
    try {
      const length = readExactly(fd, 4, 0)?.readUInt32LE(0)
      const heads = length === undefined ? null : readExactly(fd, length, 4)
      if (length === undefined || heads === null) throw new StoryCacheError('cut short')
      const saved = deserialize(heads) as Map<string, SavedEntry>
      // A file cut short or grown since it was written is not trusted: its bodies would be wrong.
      let end = 0
      for (const entry of saved.values()) if (entry.body !== null) end = Math.max(end, entry.body[0] + entry.body[1])
      if (fstatSync(fd).size !== 4 + length + end) throw new StoryCacheError('not the size it was written with')
      const opened = new SegmentFile(file, fd, 4 + length)
      const entries = new Map<string, CacheEntry>()
      for (const [name, { key, stat, loaded, body }] of saved) {
        const place = body === null ? null : { file: opened, offset: body[0], length: body[1], kept: null }
        if (loaded.story && place) bodyFromFile(loaded.story, place, null)
        entries.set(name, { key, stat, loaded, body: place })
      }
      this.#files.set(segment, opened)
      return entries
    } catch {
      // From another version of Node, or damaged: start that part afresh.
      closeSync(fd)
      this.#changed.add(segment)
      return new Map()
    }
  }

  get(file: string, key: string): Loaded | null {
    const entry = this.#entry(file)
    return entry?.key === key ? entry.loaded : null
  }

  /** The cached result of a file that has not changed since it was read, by its size, time and inode. */
  unchanged(file: string, stat: string): { key: string; loaded: Loaded } | null {
    const entry = this.#entry(file)
    return entry && entry.stat === stat ? entry : null
  }

  set(file: string, key: string, stat: string | null, loaded: Loaded): void {
    // A story replaced may still be in use (the dev server's last plan): it keeps its body.
    keepBody(this.#entry(file))
    // The HTML is rendered again when a page needs it: kept, it would double what every build reads.
    // The text is kept only for the problems that point into it: a story has everything else.
    this.#entries.set(file, { key, stat, loaded: { ...loaded, html: null, value: loaded.messages.length === 0 ? '' : loaded.value }, body: null })
    this.#changed.add(segmentOf(file))
  }

  /** Forget files that are gone, so the cache does not grow forever. */
  keepOnly(files: ReadonlySet<string>): void {
    for (let segment = 0; segment < segments; segment++) this.#readSegment(segment)
    for (const file of this.#entries.keys()) {
      if (files.has(file)) continue
      keepBody(this.#entries.get(file))
      this.#entries.delete(file)
      this.#changed.add(segmentOf(file))
    }
  }

  /**
   * Write the segments that changed. Afterwards every story of them reads its
   * body from the new file, those loaded in this run too: the build holds
   * their bodies no longer than it uses them.
   */
  save(): void {
    if (this.#changed.size === 0) return
    mkdirSync(this.#folder, { recursive: true })
    const parts = new Map<number, Array<[string, CacheEntry]>>()
    for (const segment of this.#changed) parts.set(segment, [])
    for (const [file, entry] of this.#entries) parts.get(segmentOf(file))?.push([file, entry])
    for (const [segment, part] of parts) {
      const saved = new Map<string, SavedEntry>()
      const bodies: Buffer[] = []
      let offset = 0
      for (const [file, entry] of part) {
        const { story } = entry.loaded
        // A body still in the old file is copied as it is, never read into a story.
        const bytes = story === null ? null : entry.body && entry.body.kept === null ? entry.body.file.read(entry.body.offset, entry.body.length) : serialize(story.body)
        saved.set(file, { key: entry.key, stat: entry.stat, loaded: { ...entry.loaded, story: story && withoutBody(story) }, body: bytes === null ? null : [offset, bytes.length] })
        if (bytes !== null) {
          bodies.push(bytes)
          offset += bytes.length
        }
      }
      const heads = serialize(saved)
      const length = Buffer.alloc(4)
      length.writeUInt32LE(heads.length, 0)
      // Written then renamed, so an interrupted save never leaves half a segment. Written
      // at once (not awaited), so no story of it is read while its body moves. The file is
      // read from through the handle it was written with: by name, it could already be
      // another process's.
      const target = this.#file(segment)
      const temporary = temporaryName(target)
      const fd = openSync(temporary, 'w+')
      try {
        for (const chunk of [length, heads, ...bodies]) {
          let done = 0
          while (done < chunk.length) done += writeSync(fd, chunk, done, chunk.length - done)
        }
        renameSync(temporary, target)
      } catch (error) {
        closeSync(fd)
        rmSync(temporary, { force: true })
        throw error
      }
      const written = new SegmentFile(target, fd, 4 + heads.length)
      for (const [file, entry] of part) {
        const place = saved.get(file)?.body
        const { story } = entry.loaded
        if (!place || !story) continue
        if (entry.body) {
          entry.body.file = written
          entry.body.offset = place[0]
        } else {
          entry.body = { file: written, offset: place[0], length: place[1], kept: null }
          bodyFromFile(story, entry.body, story.body)
        }
      }
      this.#files.get(segment)?.close()
      this.#files.set(segment, written)
    }
    this.#changed.clear()
  }
}

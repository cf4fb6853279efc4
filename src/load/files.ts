/**
 * Finding and reading story files: only what lies inside the content folder,
 * never more than a story can be, and only text that is really UTF-8.
 *
 * Reading with Node's `'utf8'` would silently turn bad bytes into U+FFFD and
 * publish the damage; a link could pull in any file the build can read.
 * Problems here are reported on the file like any other, with a rule id.
 */
import type { Dirent } from 'node:fs'
import { readdirSync } from 'node:fs'
import { open, realpath, stat } from 'node:fs/promises'
import path from 'node:path'
import { VFile } from 'vfile'
import { reportError, reportWarning } from './problems.ts'

/** Story files are Markdown or raw wire text. */
const storyExtensions = new Set(['.md', '.markdown', '.txt'])

/** The most a story file may hold: far beyond any story, and small enough to read in seconds. */
export const maxStoryBytes = 1024 * 1024

/** A story file found under the content folder. */
export interface FoundFile {
  /** Path relative to `cwd`, with `/` separators. */
  path: string
  /** Absolute path to read. */
  full: string
  /** When the entry is a symbolic link: where it leads (absolute), and whether that is inside the content folder. */
  link: { target: string | null; inside: boolean; folder: boolean } | null
  /** Why a folder could not be listed (`EACCES`), when it could not. */
  unlisted?: string | undefined
}

function isStoryName(name: string): boolean {
  return storyExtensions.has(path.extname(name).toLowerCase()) && !/^readme\./i.test(name)
}

/** Names starting with `_` or `.` are not stories (data, drafts folders, editor files). */
function isSkipped(name: string): boolean {
  return name.startsWith('_') || name.startsWith('.')
}

/**
 * Story files under a folder, sorted by path. Folders are walked without
 * following links; a link is returned with where it leads, for the caller to
 * report or read.
 */
export async function findStoryFiles(contentDir: string, cwd: string): Promise<FoundFile[]> {
  const root = await realpath(contentDir)
  const found: FoundFile[] = []
  // Folders are listed synchronously: an archive filed by day has thousands of them, and
  // listing them one await at a time took 0.8 s for 10,000 stories, against 0.15 s.
  const walk = async (folder: string): Promise<void> => {
    let entries: Dirent[]
    try {
      entries = readdirSync(folder, { withFileTypes: true })
    } catch (error) {
      // The content folder itself must be readable; a folder inside it is one file's problem.
      if (folder === contentDir) throw error
      found.push({ path: relativePath(folder, cwd), full: folder, link: null, unlisted: (error as NodeJS.ErrnoException).code ?? 'an unknown error' })
      return
    }
    for (const entry of entries) {
      if (isSkipped(entry.name)) continue
      const full = path.join(folder, entry.name)
      if (entry.isDirectory()) {
        await walk(full)
      } else if (entry.isSymbolicLink()) {
        const link = await resolveLink(full, root)
        if (link.folder || isStoryName(entry.name)) found.push({ path: relativePath(full, cwd), full, link })
      } else if (isStoryName(entry.name)) {
        // Anything that is not a plain file (a pipe, a socket) is caught when it is read.
        found.push({ path: relativePath(full, cwd), full, link: null })
      }
    }
  }
  await walk(contentDir)
  return found.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))
}

function relativePath(full: string, cwd: string): string {
  return path.relative(cwd, full).split(path.sep).join('/')
}

async function resolveLink(full: string, root: string): Promise<NonNullable<FoundFile['link']>> {
  const target = await realpath(full).catch(() => null)
  if (target === null) return { target: null, inside: false, folder: false }
  const inside = target === root || target.startsWith(`${root}${path.sep}`)
  const folder = (await stat(target).catch(() => null))?.isDirectory() ?? false
  return { target, inside, folder }
}

/**
 * Read a found file into a VFile holding its text. When it cannot be a story
 * (a link leading out, too large, not UTF-8), `text` is null and the reason is
 * a message on `file`.
 */
export async function readStoryFile(found: FoundFile, cwd: string, contentDir: string): Promise<{ file: VFile; text: string | null }> {
  const file = new VFile({ path: found.path, cwd })
  const start = { line: 1, column: 1 }
  const content = path.relative(cwd, contentDir).split(path.sep).join('/') || '.'
  if (found.unlisted !== undefined) {
    reportError(file, `This folder cannot be read (${found.unlisted}): let the build read it, or move it out of ${content}/`, start, 'unreadable-file')
    return { file, text: null }
  }
  if (found.link) {
    const { target, inside, folder } = found.link
    if (target === null) {
      reportError(file, 'This is a link to a file that does not exist: remove the link, or put the story itself here', start, 'unreadable-file')
      return { file, text: null }
    }
    if (!inside) {
      const what = folder ? 'This folder is a link' : 'This is a link'
      const fix = folder ? 'move or copy its stories here instead of linking to them' : 'copy the story here instead of linking to it'
      reportError(file, `${what} to \`${target}\`, outside ${content}/: stories are read only from inside ${content}/, so ${fix}`, start, 'link-outside-content')
      return { file, text: null }
    }
    if (folder) {
      const where = path.relative(cwd, target).split(path.sep).join('/')
      reportWarning(file, `This folder is a link to ${where}, whose stories are read there and not again here: remove the link`, start, 'linked-folder')
      return { file, text: null }
    }
  }
  const bytes = await readLimited(file, found.full)
  if (bytes === null) return { file, text: null }
  const text = decodeUtf8(file, bytes)
  file.value = text ?? ''
  return { file, text }
}

/**
 * Read one story file named on the command line, with the same limits as a
 * content folder (a link is followed: the editor named the file).
 */
export async function readOneStoryFile(target: string, cwd: string): Promise<{ file: VFile; text: string | null }> {
  const full = path.resolve(cwd, target)
  return readStoryFile({ path: path.relative(cwd, full).split(path.sep).join('/'), full, link: null }, cwd, path.dirname(full))
}

/** The file's bytes, or null (with an error on `file`) when it is not a plain file, cannot be read, or is too large. */
async function readLimited(file: VFile, full: string): Promise<Uint8Array | null> {
  const start = { line: 1, column: 1 }
  let handle
  try {
    const info = await stat(full)
    if (!info.isFile()) {
      reportError(file, 'This is not a plain file (a pipe, socket or device): only plain text files are stories', start, 'unreadable-file')
      return null
    }
    if (info.size > maxStoryBytes) {
      reportError(file, tooLarge(info.size), start, 'file-too-large')
      return null
    }
    handle = await open(full, 'r')
    // Read in chunks up to the limit, so a file that grows while it is read is never read whole:
    // the first the size the file had, then small ones until it ends. Not zero-filled first:
    // two zeroed 64 KB buffers a story were most of the time reading took.
    const chunks: Uint8Array[] = []
    let total = 0
    for (;;) {
      const chunk = Buffer.allocUnsafe(total === 0 ? Math.max(info.size, 1) : 16 * 1024)
      const { bytesRead } = await handle.read(chunk, 0, chunk.length, null)
      if (bytesRead === 0) break
      total += bytesRead
      if (total > maxStoryBytes) {
        reportError(file, tooLarge(total), start, 'file-too-large')
        return null
      }
      chunks.push(chunk.subarray(0, bytesRead))
    }
    return Buffer.concat(chunks, total)
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'an unknown error'
    reportError(file, `This file cannot be read (${code}): check that it exists and that the build may read it`, start, 'unreadable-file')
    return null
  } finally {
    await handle?.close()
  }
}

function tooLarge(size: number): string {
  return `This file is ${size.toLocaleString('en-US')} bytes, over the 1 MB (${maxStoryBytes.toLocaleString('en-US')} bytes) a story may be: split it into several stories, or cut what is not copy`
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true })
const lenientUtf8 = new TextDecoder('utf-8')

/**
 * The text of UTF-8 bytes, or null with an `invalid-encoding` error at the
 * first bad byte (its line, column and byte offset).
 */
export function decodeUtf8(file: VFile, bytes: Uint8Array): string | null {
  try {
    return strictUtf8.decode(bytes)
  } catch {
    const offset = firstInvalidByte(bytes)
    const place = placeOfByte(bytes, offset)
    const byte = (bytes[offset] ?? 0).toString(16).toUpperCase().padStart(2, '0')
    reportError(
      file,
      `This file is not valid UTF-8: byte 0x${byte} at byte offset ${offset} cannot stand there (the file may be in Latin-1 or Windows-1252): save it as UTF-8`,
      place,
      'invalid-encoding',
    )
    return null
  }
}

/**
 * Offset of the first byte that does not begin a well-formed UTF-8 sequence
 * (no overlong forms, surrogates or code points past U+10FFFF), or -1.
 */
export function firstInvalidByte(bytes: Uint8Array): number {
  let index = 0
  while (index < bytes.length) {
    const lead = bytes[index] ?? 0
    if (lead < 0x80) {
      index++
      continue
    }
    let length: number
    let lower = 0x80
    let upper = 0xbf
    if (lead >= 0xc2 && lead <= 0xdf) length = 2
    else if (lead >= 0xe0 && lead <= 0xef) {
      length = 3
      if (lead === 0xe0) lower = 0xa0
      if (lead === 0xed) upper = 0x9f
    } else if (lead >= 0xf0 && lead <= 0xf4) {
      length = 4
      if (lead === 0xf0) lower = 0x90
      if (lead === 0xf4) upper = 0x8f
    } else return index
    for (let next = 1; next < length; next++) {
      const byte = bytes[index + next]
      const low = next === 1 ? lower : 0x80
      const high = next === 1 ? upper : 0xbf
      if (byte === undefined || byte < low || byte > high) return index
    }
    index += length
  }
  return -1
}

/** Line and column of a byte, counting lines as the loader does (LF, CRLF or a lone CR) and columns in characters. */
function placeOfByte(bytes: Uint8Array, offset: number): { line: number; column: number } {
  let line = 1
  let lineStart = 0
  for (let index = 0; index < offset; index++) {
    const byte = bytes[index]
    if (byte === 0x0a || (byte === 0x0d && bytes[index + 1] !== 0x0a)) {
      line++
      lineStart = index + 1
    }
  }
  // Everything before the offset is valid, so it decodes exactly; a BOM is no column.
  const before = lenientUtf8.decode(bytes.subarray(lineStart, offset))
  return { line, column: [...before].length + 1 }
}

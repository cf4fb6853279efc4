/**
 * Where morgue itself is: the folder holding `src/`, `package.json` and
 * `node_modules/`. Code that reads morgue's own files (to fingerprint the
 * loader, the renderer and the layouts' code) finds them from here, whether it
 * runs from `src/` or from the bundle `bin/morgue.mjs` makes, which is told
 * where its checkout is when it is made.
 */
import path from 'node:path'
import { fileURLToPath } from 'node:url'

declare const MORGUE_ROOT: string | undefined

export const morgueRoot = typeof MORGUE_ROOT === 'string' ? MORGUE_ROOT : path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')

/** A file or folder of morgue's own source: `source('load', 'index.ts')`. */
export function source(...parts: string[]): string {
  return path.join(morgueRoot, 'src', ...parts)
}

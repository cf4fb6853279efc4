// A worker thread of the story loader. Plain JavaScript, so that it can load
// the TypeScript loader through tsx whatever started the main thread.
import { tsImport } from 'tsx/esm/api'

const { loadOne } = await tsImport('./load-one.ts', import.meta.url)

/** Load a batch of files, their HTML rendered here too. */
export default function load(tasks) {
  return tasks.map((task) => loadOne(task, true))
}

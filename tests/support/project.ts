/**
 * A throwaway morgue project for tests: this repository's templates and
 * public assets, and the story files a test gives.
 */
import { cp, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'

const repository = path.resolve(import.meta.dirname, '../..')

/** A project folder and how to remove it. */
export interface TempProject {
  root: string
  remove: () => Promise<void>
}

/** Make a project with the repository's templates and public assets, and `files` (paths relative to the project). */
export async function tempProject(files: Readonly<Record<string, string>> = {}): Promise<TempProject> {
  const root = await mkdtemp(path.join(tmpdir(), 'morgue-project-'))
  await cp(path.join(repository, 'templates'), path.join(root, 'templates'), { recursive: true })
  await cp(path.join(repository, 'public'), path.join(root, 'public'), { recursive: true })
  await mkdir(path.join(root, 'content'))
  for (const [file, text] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(root, file)), { recursive: true })
    await writeFile(path.join(root, file), text)
  }
  return { root, remove: () => rm(root, { recursive: true, force: true }) }
}

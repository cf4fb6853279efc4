/** Run the morgue command as a user would, and capture what it printed and its exit status. */
import { execFile } from 'node:child_process'
import path from 'node:path'
import { promisify } from 'node:util'

const repository = path.resolve(import.meta.dirname, '../..')
/** The command `npm run morgue` runs: `node bin/morgue.mjs ARGS`. */
export const cli = path.join(repository, 'bin/morgue.mjs')

/** What a run printed, and how it ended. */
export interface Outcome {
  code: number
  stdout: string
  stderr: string
}

/** Run `morgue ARGS` in `cwd` (the repository by default) with `env`; never throws for a non-zero exit. */
export async function morgue(args: readonly string[], cwd = repository, env: NodeJS.ProcessEnv = process.env, launcher = cli): Promise<Outcome> {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [launcher, ...args], { cwd, env })
    return { code: 0, stdout, stderr }
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string }
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr }
  }
}

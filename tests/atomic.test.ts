/**
 * The live site is never lost: a failed, stricter-than-warnings or
 * interrupted build leaves the previous `_site/` byte for byte as it was,
 * and no staging folder behind.
 */
import { spawn } from 'node:child_process'
import { mkdir, readdir, readFile, rename, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { tempProject, type TempProject } from './support/project.ts'
import { cli, morgue } from './support/cli.ts'

/** Every file under a folder with its bytes, as one comparable list. */
async function snapshot(folder: string): Promise<Array<[string, string]>> {
  const entries = await readdir(folder, { recursive: true, withFileTypes: true })
  const files: Array<[string, string]> = []
  for (const entry of entries.filter((candidate) => candidate.isFile())) {
    const full = path.join(entry.parentPath, entry.name)
    files.push([path.relative(folder, full), (await readFile(full)).toString('base64')])
  }
  return files.sort(([a], [b]) => a.localeCompare(b))
}

const story = (headline: string, extra = '') => `---\ndate: 2012-07-06\n${extra}---\n${headline}\n\nCopy of the story.\n`

let project: TempProject
let live: Array<[string, string]>

beforeAll(async () => {
  const files: Record<string, string> = {}
  for (let index = 0; index < 40; index++) files[`content/story-${index}.md`] = story(`Story number ${index} of the day`)
  project = await tempProject(files)
  const first = await morgue(['build', '--now', '2012-07-08T00:00Z'], project.root)
  expect(first.code).toBe(0)
  live = await snapshot(path.join(project.root, '_site'))
})

afterAll(async () => {
  await project.remove()
})

const leftovers = async () => (await readdir(project.root)).filter((name) => /^_site\./.test(name))

describe('a build that cannot finish', () => {
  it('should leave the live site as it was when a story has an error', async () => {
    await writeFile(path.join(project.root, 'content/broken.md'), story('A broken story', 'updated: 2012-02-30\n'))
    const outcome = await morgue(['build', '--now', '2012-07-08T00:00Z'], project.root)
    await writeFile(path.join(project.root, 'content/broken.md'), story('A mended story'))
    expect(outcome.code).toBe(1)
    expect(outcome.stderr).toContain('content/broken.md:3:1  error  `updated: 2012-02-30` is not a real date or time: check the day of the month  invalid-date')
    expect(await snapshot(path.join(project.root, '_site'))).toEqual(live)
    expect(await leftovers()).toEqual([])
  })

  it('should fail on warnings only with --strict, and then write nothing', async () => {
    await writeFile(path.join(project.root, 'content/broken.md'), story('A story with a stray mark', 'tagz: [typo]\n'))
    const strict = await morgue(['build', '--strict', '--now', '2012-07-08T00:00Z'], project.root)
    expect(strict.code).toBe(1)
    expect(strict.stderr).toContain('content/broken.md:3:1  warning  Front matter key `tagz` is not used by morgue: check its spelling  unknown-front-matter-key')
    expect(await snapshot(path.join(project.root, '_site'))).toEqual(live)
    const check = await morgue(['check', '--now', '2012-07-08T00:00Z'], project.root)
    expect(check.code).toBe(0)
    expect(check.stdout).toContain('Checked 41 story files: 41 stories to publish (1 warning), as of 2012-07-08T00:00:00Z. Nothing was written.')
    await writeFile(path.join(project.root, 'content/broken.md'), story('A mended story'))
  })

  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    it(`should leave the live site and no staging folder when stopped with ${signal}`, async () => {
      await mkdir(path.join(project.root, 'content/more'), { recursive: true })
      await writeFile(path.join(project.root, 'content/more/late.md'), story(`A late story before ${signal}`))
      const build = spawn(process.execPath, [cli, 'build', '--now', '2012-07-08T00:00Z'], { cwd: project.root })
      const exited = new Promise<NodeJS.Signals | null>((resolve) => build.once('exit', (_code, received) => resolve(received)))
      // Wait until Eleventy has started writing into the staging folder, then stop the build.
      const deadline = Date.now() + 60_000
      while (!(await leftovers()).some((name) => name.startsWith('_site.staging-')) && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 10))
      }
      expect(await leftovers()).toEqual([`_site.staging-${build.pid}`])
      build.kill(signal)
      expect(await exited).toBe(signal)
      expect(await leftovers()).toEqual([])
      expect(await snapshot(path.join(project.root, '_site'))).toEqual(live)
    })
  }

  it('should put the live site back when a build was killed between the two renames of its swap', async () => {
    const before = await snapshot(path.join(project.root, '_site'))
    await rename(path.join(project.root, '_site'), path.join(project.root, '_site.old-999998'))
    await mkdir(path.join(project.root, '_site.staging-999998'))
    // Even a build that then fails on a story finds the live site again first.
    await writeFile(path.join(project.root, 'content/broken.md'), story('A broken story', 'updated: 2012-02-30\n'))
    const outcome = await morgue(['build', '--now', '2012-07-08T00:00Z'], project.root)
    await writeFile(path.join(project.root, 'content/broken.md'), story('A mended story'))
    expect(outcome.code).toBe(1)
    expect(await leftovers()).toEqual([])
    expect(await snapshot(path.join(project.root, '_site'))).toEqual(before)
  })

  it('should clear a staging folder left by a build that was killed outright', async () => {
    await mkdir(path.join(project.root, '_site.staging-999999'))
    await writeFile(path.join(project.root, '_site.staging-999999/index.html'), 'half a site')
    const outcome = await morgue(['build', '--now', '2012-07-08T00:00Z'], project.root)
    expect(outcome.code).toBe(0)
    expect(await leftovers()).toEqual([])
  })
})

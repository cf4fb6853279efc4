/**
 * Summarise a V8 `.cpuprofile` (from `node --cpu-prof`) by who spends the
 * time: each sample goes to the innermost frame of morgue's own code on its
 * stack (`src/load`, `src/render`, `src/build/plan` …), or, when none is on
 * it, to the innermost package (`nunjucks`, `@11ty/eleventy`, `pagefind`),
 * else to what V8 calls it (`(garbage collector)`, `(idle)`: waiting on I/O
 * or on a child process).
 *
 *   node --import tsx bench/cpu-profile.ts FILE.cpuprofile [--top 25] [--owner src/build/plan]
 *
 * `--owner` lists the functions only of the samples given to that owner.
 */
import { readFile } from 'node:fs/promises'
import { parseArgs } from 'node:util'

interface ProfileNode {
  id: number
  callFrame: { functionName: string; url: string; lineNumber: number }
  children?: number[]
}

interface Profile {
  nodes: ProfileNode[]
  samples: number[]
  timeDeltas: number[]
}

/** The owner of a frame: a morgue source folder or file, a package, or null for Node's own code. */
function ownerOf(url: string): { own: boolean; name: string } | null {
  const source = /\/src\/(load|render|build|cli)\/([\w-]+)\.ts$/.exec(url)
  if (source) return { own: true, name: source[1] === 'build' ? `src/build/${source[2]}` : `src/${source[1]}` }
  const bench = /\/bench\/([\w-]+)\.ts$/.exec(url)
  if (bench) return { own: true, name: `bench/${bench[1]}` }
  const modules = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(url)
  if (modules?.[1] !== undefined) return { own: false, name: modules[1] }
  return null
}

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({ allowPositionals: true, options: { top: { type: 'string', default: '25' }, owner: { type: 'string' } } })
  const [file] = positionals
  if (file === undefined) throw new Error('Usage: node --import tsx bench/cpu-profile.ts FILE.cpuprofile')
  const profile = JSON.parse(await readFile(file, 'utf8')) as Profile
  const byId = new Map(profile.nodes.map((node) => [node.id, node]))
  const parent = new Map<number, number>()
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id)

  // Each node's owner, found once: walk up from the node to the root.
  const owners = new Map<number, string>()
  const ownerOfNode = (id: number): string => {
    const cached = owners.get(id)
    if (cached !== undefined) return cached
    let firstPackage: string | null = null
    let current: number | undefined = id
    let found: string | null = null
    while (current !== undefined) {
      const node = byId.get(current)
      if (!node) break
      const owner = ownerOf(node.callFrame.url)
      if (owner?.own) {
        found = owner.name
        break
      }
      if (owner && firstPackage === null) firstPackage = owner.name
      current = parent.get(current)
    }
    const leaf = byId.get(id)?.callFrame
    const result = found ?? firstPackage ?? (leaf?.url ? 'node internals' : (leaf?.functionName ?? '?'))
    owners.set(id, result)
    return result
  }

  const totals = new Map<string, number>()
  const selfByFunction = new Map<string, number>()
  let total = 0
  profile.samples.forEach((id, index) => {
    const micros = profile.timeDeltas[index] ?? 0
    total += micros
    const owner = ownerOfNode(id)
    if (values.owner !== undefined && owner !== values.owner) return
    totals.set(owner, (totals.get(owner) ?? 0) + micros)
    const frame = byId.get(id)?.callFrame
    const key = `${frame?.functionName || '(anonymous)'} ${frame?.url.replace(/^.*node_modules\//, '').replace(/^.*\/(src|bench)\//, '$1/') ?? ''}:${(frame?.lineNumber ?? 0) + 1}`
    selfByFunction.set(key, (selfByFunction.get(key) ?? 0) + micros)
  })
  const top = Number(values.top)
  const table = (title: string, rows: Map<string, number>) => {
    console.log(`\n| ${title} | s | share |\n| --- | --- | --- |`)
    for (const [name, micros] of [...rows].sort(([, a], [, b]) => b - a).slice(0, top)) {
      console.log(`| ${name} | ${(micros / 1e6).toFixed(2)} | ${((micros / total) * 100).toFixed(1)}% |`)
    }
  }
  console.log(`${(total / 1e6).toFixed(1)} s sampled`)
  table('owner (innermost morgue code, else package)', totals)
  table('function (self time)', selfByFunction)
}

main().catch((error: unknown) => {
  console.error(error)
  process.exitCode = 1
})

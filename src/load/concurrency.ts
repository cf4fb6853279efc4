/**
 * Run asynchronous work over many items with a bounded number in flight:
 * file system calls awaited one at a time leave the CPU idle, and thousands
 * at once exhaust file handles.
 */
export async function mapLimit<T, R>(items: readonly T[], limit: number, work: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length)
  let next = 0
  // The first failure stops new work, and is thrown once the work in flight has settled:
  // nothing is left writing when the caller goes on (to remove what it wrote, say).
  let failure: { error: unknown } | null = null
  const worker = async (): Promise<void> => {
    while (next < items.length && failure === null) {
      const index = next++
      try {
        results[index] = await work(items[index] as T, index)
      } catch (error) {
        failure ??= { error }
      }
    }
  }
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker))
  if (failure !== null) throw (failure as { error: unknown }).error
  return results
}

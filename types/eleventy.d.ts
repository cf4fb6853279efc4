/**
 * The few parts of Eleventy 3 that morgue uses; Eleventy ships no types.
 */
declare module '@11ty/eleventy' {
  import type { EventEmitter } from 'node:events'
  /** The configuration API handed to config functions and plugins. */
  export interface UserConfig {
    /** Timing of filters and transforms; its groups print hints about slow ones unless told not to. */
    benchmarkManager: { get(name: string): { setIsVerbose(verbose: boolean): void } }
    setInputDirectory(dir: string): void
    addTransform(name: string, transform: (this: unknown, content: unknown, outputPath: string) => unknown): void
    setOutputDirectory(dir: string): void
    setIncludesDirectory(dir: string): void
    setLayoutsDirectory(dir: string): void
    setTemplateFormats(formats: string | string[]): void
    setQuietMode(quiet: boolean): void
    setNunjucksEnvironmentOptions(options: Record<string, unknown>): void
    setServerOptions(options: Record<string, unknown>): void
    addGlobalData(name: string, data: unknown): void
    addFilter(name: string, filter: (...args: never[]) => unknown): void
    addPassthroughCopy(paths: string | Record<string, string>): void
    addWatchTarget(target: string): void
    on(event: 'eleventy.before' | 'eleventy.after', listener: (event: { directories: { output: string } }) => unknown): void
    /** After each watch rebuild, failed or not. */
    on(event: 'eleventy.afterwatch', listener: () => unknown): void
    /** Before a watch rebuild, with the files that changed (`./content/…`). */
    on(event: 'eleventy.beforeWatch', listener: (queue: string[]) => unknown): void
    /** Options for the file watcher (chokidar), merged over Eleventy's own. */
    setChokidarConfig(options: Record<string, unknown>): void
    addPlugin<Options>(plugin: (config: UserConfig, options: Options) => void, options?: Options): void
  }

  /** Eleventy's file watcher: chokidar 4 with glob support. */
  export interface FileWatcher extends EventEmitter {
    /** The folders watched so far, each with the names of what it holds; relative to `options.cwd` when that is set. */
    getWatched(): Record<string, string[]>
    readonly options: { cwd?: string | undefined }
  }

  /** Options of the programmatic API. */
  export interface EleventyOptions {
    quietMode?: boolean
    configPath?: string | false
    runMode?: 'build' | 'watch' | 'serve'
    pathPrefix?: string
    config?: (config: UserConfig) => void | Promise<void>
  }

  /** Eleventy's programmatic API. */
  export class Eleventy {
    constructor(input?: string, output?: string, options?: EleventyOptions)
    init(): Promise<void>
    write(): Promise<unknown>
    watch(): Promise<void>
    serve(port?: number): Promise<void>
    stopWatch(): Promise<void>
    /** The dev server, once `serve()` has started it: `reload` tells every open page to reload. */
    readonly eleventyServe: { reload(event: { files: string[]; subtype?: string; build: { templates: unknown[] } }): Promise<void> }
    /** The file watcher (chokidar), once `watch()` has started it. */
    readonly watcher?: FileWatcher
    /** Silence Eleventy's own console output (its summary and benchmark hints). */
    disableLogger(): void
  }
}

declare module '@11ty/eleventy-plugin-rss' {
  import type { UserConfig } from '@11ty/eleventy'
  /** Eleventy's feed plugin: date filters for feeds, and the HTML base plugin for path prefixes. */
  export default function rssPlugin(config: UserConfig, options?: Record<string, unknown>): void
  /** A date as RFC 3339, for Atom and JSON Feed. */
  export function dateToRfc3339(date: Date): string
  /** A date as RFC 822, for RSS. */
  export function dateToRfc822(date: Date): string
}

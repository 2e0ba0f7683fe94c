import type { LoggerService } from "@nestjs/common"

/** The levels of the default line: `error` for a 5xx or an aborted response, `warn` otherwise. */
export type FailureLevel = "warn" | "error"

// Logs holding lines not written yet; written at exit if the process ends before their turn comes.
const pending = new Set<FailureLog>()
let exitHookInstalled = false

const writeAllPending = (): void => {
  for (const log of pending) log.flush()
}

/**
 * The default log lines of a filter, written after the answers instead of during them: lines are
 * collected during a turn of the event loop and written on `setImmediate`, one logger call per level
 * whose message holds one line per failure (in the order answered). A console logger then formats
 * one timestamp and makes one synchronous write per turn, not per failure, which is what made the
 * default line cost a fifth to a third of a failure's throughput (issue 19). Nothing is dropped: `flush()`
 * writes what is pending (the filter calls it when the module is destroyed), and so does a hook on
 * the process's `exit`.
 */
export class FailureLog {
  private warnings: Array<string> = []
  private errors: Array<string> = []
  private scheduled: ReturnType<typeof setImmediate> | undefined

  constructor(private readonly logger: Pick<LoggerService, "warn" | "error">) {}

  add(level: FailureLevel, line: string): void {
    if (level === "error") this.errors.push(line)
    else this.warnings.push(line)
    if (this.scheduled === undefined) {
      this.scheduled = setImmediate(this.flush)
      pending.add(this)
      if (!exitHookInstalled) {
        exitHookInstalled = true
        process.on("exit", writeAllPending)
      }
    }
  }

  /** Writes the lines collected so far (nothing when there are none). */
  readonly flush = (): void => {
    if (this.scheduled !== undefined) clearImmediate(this.scheduled)
    this.scheduled = undefined
    pending.delete(this)
    const { warnings, errors } = this
    this.warnings = []
    this.errors = []
    if (warnings.length > 0) this.write("warn", warnings)
    if (errors.length > 0) this.write("error", errors)
  }

  private write(level: FailureLevel, lines: Array<string>): void {
    try {
      if (level === "error") this.logger.error(lines.join("\n"))
      else this.logger.warn(lines.join("\n"))
    } catch {
      // A logger that throws loses its own lines, as with the app's `onFailure`: it must never crash
      // the process from a timer, and the answers were sent already.
    }
  }
}

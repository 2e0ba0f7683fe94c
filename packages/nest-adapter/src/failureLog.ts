import type { LoggerService } from "@nestjs/common"

/** The levels of the default line: `error` for a 5xx or an aborted response, `warn` otherwise. */
export type FailureLevel = "warn" | "error"

// How long a line may wait for others: long enough to gather the failures of many requests under load
// (one turn of the event loop gathered two or three), short enough that the logger's timestamp stays
// close to the failure's.
const maxWaitMs = 10
// A batch written at once, whatever the wait: one logger message stays of a readable size.
const maxLines = 100

// Logs holding lines not written yet; written at exit if the process ends before their time comes.
const pending = new Set<FailureLog>()
let exitHookInstalled = false

const writeAllPending = (): void => {
  for (const log of pending) log.flush()
}

/**
 * The default log lines of a filter, written after the answers instead of during them: lines wait
 * up to 10 ms (or until there are 100) and are then written in one logger call per level whose
 * message holds one line per failure, in the order answered. A console logger then formats one
 * timestamp and makes one synchronous write per batch, not per failure: the line written at once
 * cost a fifth to a third of a failing route's throughput (issue 19). Nothing is dropped: `flush()`
 * writes what is pending (the filter calls it when the module is destroyed, so on `app.close()` and
 * Nest's shutdown hooks), and so does a hook on the process's `exit`. Only a process killed by a
 * signal that Nest does not handle loses the last 10 ms of lines.
 */
export class FailureLog {
  private warnings: Array<string> = []
  private errors: Array<string> = []
  private scheduled: ReturnType<typeof setTimeout> | undefined
  private count = 0

  constructor(private readonly logger: Pick<LoggerService, "warn" | "error">) {}

  add(level: FailureLevel, line: string): void {
    if (level === "error") this.errors.push(line)
    else this.warnings.push(line)
    if (++this.count >= maxLines) {
      this.flush()
      return
    }
    if (this.scheduled === undefined) {
      // Unref'd: pending lines never keep a process alive; the exit hook writes them.
      this.scheduled = setTimeout(this.flush, maxWaitMs).unref()
      pending.add(this)
      if (!exitHookInstalled) {
        exitHookInstalled = true
        process.on("exit", writeAllPending)
      }
    }
  }

  /** Writes the lines collected so far (nothing when there are none). */
  readonly flush = (): void => {
    if (this.scheduled !== undefined) clearTimeout(this.scheduled)
    this.scheduled = undefined
    this.count = 0
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

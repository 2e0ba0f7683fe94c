/**
 * Runs `build` with V8's stack capture off (`Error.stackTraceLimit = 0`), restoring the limit after,
 * whatever happens. A vendor's `decodeError` builds its failure and reasons inside it: their stack
 * would only point into the decoder (the place of interest is where the caller raises the failure,
 * which Effect's spans record), and capturing it was most of a decode's cost. `instanceof`, `_tag`,
 * `message` and `toJSON` are unchanged; `stack` holds the first line (name and message) only.
 * Never throws of its own: a frozen `Error.stackTraceLimit` just leaves capture on.
 */
export const withoutStackTrace = <A>(build: () => A): A => {
  const limit = Error.stackTraceLimit
  try {
    Error.stackTraceLimit = 0
  } catch {
    return build()
  }
  try {
    return build()
  } finally {
    Error.stackTraceLimit = limit
  }
}

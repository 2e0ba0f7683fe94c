/**
 * The suite's two modes: `pnpm test` runs the short one (a few seconds of CPU per file), and
 * `pnpm reliability` (`RELIABILITY_MODE=long`) the long one (100k+ fuzz inputs per decoder, five bursts
 * of 1,000 requests, the timing-ratio assertions).
 */
export const long = process.env.RELIABILITY_MODE === "long"

/** `short` in the short mode, `longer` in the long one. */
export const sized = <A>(short: A, longer: A): A => (long ? longer : short)

/** A figure the suite prints, so a run leaves its measurements in the log. */
export const report = (name: string, figures: Readonly<Record<string, unknown>>): void => {
  console.log(`[reliability${long ? ":long" : ""}] ${name} ${JSON.stringify(figures)}`)
}

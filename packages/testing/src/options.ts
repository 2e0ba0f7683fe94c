// Option checks shared by both simulators: a typo in a test's options must fail at start, naming the
// option, rather than silently run a simulator that does something else.

/** Throws a TypeError naming the first key of `options` that `known` does not list. */
export const checkKnownKeys = (where: string, options: object, known: ReadonlyArray<string>): void => {
  for (const key of Object.keys(options)) {
    if (!known.includes(key)) {
      throw new TypeError(`${where}: unknown option "${key}" (known options: ${known.join(", ")})`)
    }
  }
}

export const checkObject = (where: string, options: unknown): object => {
  if (options === undefined) return {}
  if (typeof options !== "object" || options === null || Array.isArray(options)) {
    throw new TypeError(`${where}: options must be an object`)
  }
  return options
}

export const checkPort = (where: string, port: unknown): number => {
  if (port === undefined) return 0
  if (typeof port !== "number" || !Number.isInteger(port) || port < 0 || port > 65535) {
    throw new TypeError(`${where}: option "port" must be an integer from 0 to 65535`)
  }
  return port
}

export const checkNow = (where: string, now: unknown): (() => number) => {
  if (now === undefined) return Date.now
  if (typeof now !== "function") throw new TypeError(`${where}: option "now" must be a function`)
  return now as () => number
}

export const checkNonNegativeInteger = (
  where: string,
  name: string,
  value: unknown,
  fallback: number
): number => {
  if (value === undefined) return fallback
  if (typeof value !== "number" || !Number.isSafeInteger(value) || value < 0) {
    throw new TypeError(`${where}: option "${name}" must be a non-negative integer`)
  }
  return value
}

export const checkStrings = (
  where: string,
  name: string,
  value: unknown,
  fallback: ReadonlyArray<string>
): ReadonlyArray<string> => {
  if (value === undefined) return fallback
  if (
    !Array.isArray(value) ||
    value.length === 0 ||
    !value.every((item) => typeof item === "string" && item.length > 0)
  ) {
    throw new TypeError(`${where}: option "${name}" must be a non-empty array of non-empty strings`)
  }
  return [...value]
}

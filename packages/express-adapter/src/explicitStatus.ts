/**
 * The status an error asks for itself, read as Express's final handler reads it (`status`, else
 * `statusCode`, 400–599: the http-errors convention). An error that carries one is the app's explicit
 * answer, like a NestJS `HttpException`, even when its `cause` is an upstream failure.
 */
export const explicitStatus = (err: unknown): number | undefined => {
  if (typeof err !== "object" || err === null) return undefined
  try {
    for (const key of ["status", "statusCode"] as const) {
      const value: unknown = (err as Partial<Record<typeof key, unknown>>)[key]
      if (typeof value === "number" && value >= 400 && value < 600) return value
    }
  } catch {
    // A hostile getter in a foreign error: it states no status we can use.
  }
  return undefined
}

/** One HTTP answer of a simulator, before any fault is applied to it. */
export interface Reply {
  readonly status: number
  readonly headers?: Readonly<Record<string, string>> | undefined
  /** The exact body text; `undefined` or `""` for a status-only answer. */
  readonly body?: string | undefined
}

export const jsonReply = (
  status: number,
  value: unknown,
  headers: Readonly<Record<string, string>> = {}
): Reply => ({
  status,
  headers: { "content-type": "application/json; charset=utf-8", ...headers },
  body: JSON.stringify(value)
})

export const statusOnly = (status: number): Reply => ({ status })

/** The locales our own message catalogue is written in. */
export type Locale = "en" | "ja"

export const locales: ReadonlyArray<Locale> = ["en", "ja"]

/** A title and a detail in one locale. Always our own words, never upstream text. */
export interface Text {
  readonly title: string
  readonly detail: string
}

/** Our own text in every supported locale. */
export type LocalizedText = { readonly [L in Locale]: Text }

/** A catalogue entry from `[title, detail]` pairs, as vendor message tables write them. */
export const localizedText = (
  en: readonly [title: string, detail: string],
  ja: readonly [title: string, detail: string]
): LocalizedText => ({
  en: { title: en[0], detail: en[1] },
  ja: { title: ja[0], detail: ja[1] }
})

/**
 * Picks the best of `supported` (language tags such as `en`, `ja`, `fr`, lower case) from an
 * `Accept-Language` value (RFC 9110 quality values and language ranges, so `ja-JP;q=0.9, en;q=0.8`
 * gives `ja`; `*` gives the first supported). Falls back to the first supported; never throws.
 */
export const negotiateLanguage = <L extends string>(
  acceptLanguage: string | ReadonlyArray<string> | undefined | null,
  supported: ReadonlyArray<L>
): L => {
  const fallback = supported[0] as L
  const header = typeof acceptLanguage === "string" ? acceptLanguage : acceptLanguage?.join(",")
  if (!header) return fallback
  let best: L | undefined
  let bestQ = 0
  for (const part of header.slice(0, 1024).split(",")) {
    const [range = "", ...params] = part.trim().split(";")
    const tag = range.trim().toLowerCase()
    // The parameter name is case-insensitive; a weight above 1 is malformed and ignored.
    const qParam = params.map((p) => p.trim()).find((p) => /^q=/i.test(p))
    const q = qParam === undefined ? 1 : Number(qParam.slice(2))
    if (!(q > 0 && q <= 1) || q <= bestQ) continue
    const language = tag === "*" ? fallback : supported.find((l) => tag === l || tag.startsWith(`${l}-`))
    if (language) {
      best = language
      bestQ = q
    }
  }
  return best ?? fallback
}

/** {@link negotiateLanguage} over core's own locales (en, ja; default en). */
export const negotiateLocale = (acceptLanguage: string | ReadonlyArray<string> | undefined | null): Locale =>
  negotiateLanguage(acceptLanguage, locales)

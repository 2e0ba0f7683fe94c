import { domainToASCII } from "node:url"

/**
 * A zone name as DO-API knows it: ASCII names are kept as given; a name with non-ASCII labels
 * (U-labels such as `例え.jp`) becomes its IDNA A-label form (`xn--r8jz45g.jp`) with Node's
 * `domainToASCII`, since that is what the zone is registered as. `undefined` when no valid domain
 * name corresponds to it.
 */
export const zoneName = (zone: string): string | undefined => {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: the ASCII range is the point
  if (/^[\u0000-\u007f]*$/.test(zone)) return zone
  const ascii = domainToASCII(zone)
  return ascii.length > 0 ? ascii : undefined
}

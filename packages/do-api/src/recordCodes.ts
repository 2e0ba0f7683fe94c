/**
 * The record validation codes (`ErrorDetail.ErrorList[].ErrorCode` of a RecordValidateError) that IIJ
 * documents, with our own words for each. Only these reach the caller (`errors[].code` and the
 * `detail` sentence); any other code is upstream-written text (it may carry an e-mail address or a
 * token) and becomes the generic `invalid_record` issue, its raw form kept redacted on the reason.
 *
 * Source: IIJ's DO-API error page (seed 004), whose RecordValidateError example carries
 * `RESERVED_V4ADDRESS`. The page points to a separate "record validation list" (レコードバリデーション一覧)
 * for the full set; add its codes here, with words, as they are confirmed.
 */
export const recordValidationCodes: ReadonlyMap<string, { readonly en: string; readonly ja: string }> =
  new Map([
    [
      "RESERVED_V4ADDRESS",
      {
        en: "The DNS service rejected this record: its IPv4 address is in a reserved range.",
        ja: "DNS サービスがこのレコードを受け付けませんでした: IPv4 アドレスが予約済みの範囲にあります。"
      }
    ]
  ])

/** The issue code of a record whose validation code is not catalogued. */
export const genericRecordCode = "invalid_record"

/** Whether IIJ documents this record validation code (exact spelling). */
export const isCataloguedRecordCode = (code: string): boolean => recordValidationCodes.has(code)

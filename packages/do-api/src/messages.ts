import type { LocalizedText } from "@faultline/core"
import { localizedText } from "@faultline/core/vendor/decode"

// Our own words for every DO-API reason, in English and Japanese: what `toProblem` shows the caller
// (never IIJ's message). Kept apart from the taxonomy in reasons.ts.

export const messages = {
  NotHttp11: localizedText(
    ["Protocol not accepted", "DO-API accepts HTTP/1.1 requests only."],
    ["プロトコルが受け付けられません", "DO-API は HTTP/1.1 のリクエストのみ受け付けます。"]
  ),
  UrlNotFound: localizedText(
    ["API endpoint not found", "The DO-API URL, API version or HTTP method is wrong."],
    ["API が見つかりません", "DO-API の URL、API バージョンまたは HTTP メソッドが正しくありません。"]
  ),
  HttpsRequired: localizedText(
    ["HTTPS required", "DO-API must be called over HTTPS."],
    ["HTTPS が必要です", "DO-API は HTTPS で呼び出す必要があります。"]
  ),
  BadRequest: localizedText(
    ["Malformed signature", "A DO-API signing parameter is missing or not valid."],
    ["署名が不正です", "DO-API の署名パラメータが存在しないか正しくありません。"]
  ),
  RequestExpired: localizedText(
    ["Signature expired", "The DO-API request signature has expired."],
    ["署名の有効期限切れ", "DO-API リクエストの署名の有効期限が切れています。"]
  ),
  AuthFailure: localizedText(
    ["Access key rejected", "The DO-API access key is not valid."],
    ["アクセスキーが無効です", "DO-API のアクセスキーが無効です。"]
  ),
  SignatureDoesNotMatch: localizedText(
    ["Signature mismatch", "The DO-API request signature does not match the request."],
    ["署名が一致しません", "DO-API リクエストの署名がリクエスト内容と一致しません。"]
  ),
  ParameterError: localizedText(
    ["Invalid parameters", "DO-API rejected the parameters of this request."],
    ["パラメータが正しくありません", "DO-API がこのリクエストのパラメータを受け付けませんでした。"]
  ),
  RequestRunning: localizedText(
    ["Another change is in progress", "Another DNS change is being processed. Try again shortly."],
    ["別の処理を実行中です", "別の DNS 変更を処理中です。しばらくしてから再度お試しください。"]
  ),
  SystemError: localizedText(
    ["DNS service error", "The DNS service failed to complete the request."],
    ["DNS サービスのエラー", "DNS サービスでリクエストを完了できませんでした。"]
  ),
  Timeout: localizedText(
    ["DNS service timeout", "The DNS service is busy and did not answer in time."],
    ["DNS サービスがタイムアウトしました", "DNS サービスが混み合っており、時間内に応答がありませんでした。"]
  ),
  StatusError: localizedText(
    ["DNS service under maintenance", "The DNS service is under maintenance. Try again later."],
    [
      "DNS サービスはメンテナンス中です",
      "DNS サービスはメンテナンス中です。しばらくしてから再度お試しください。"
    ]
  ),
  RecordValidateError: localizedText(
    ["Invalid DNS record", "The DNS service rejected one or more records."],
    ["DNS レコードが正しくありません", "DNS サービスが 1 件以上のレコードを受け付けませんでした。"]
  ),
  MonitoringFailed: localizedText(
    ["Conflicts with monitoring", "The change conflicts with monitoring configured for the address."],
    ["監視設定と競合しています", "この変更はアドレスに設定された監視と競合しています。"]
  ),
  ResourceNotExist: localizedText(
    ["DNS resource not found", "The zone or record does not exist."],
    ["DNS リソースが見つかりません", "指定されたゾーンまたはレコードは存在しません。"]
  ),
  UnrelateError: localizedText(
    ["Resources not related", "The resources named in this request are not associated with each other."],
    ["リソースが関連付けられていません", "このリクエストで指定されたリソースは互いに関連付けられていません。"]
  ),
  ChangeOutcomeUnknown: localizedText(
    [
      "DNS change pending confirmation",
      "The DNS service did not confirm whether the change was made. Do not repeat it now: send the same request later."
    ],
    [
      "DNS の変更を確認中です",
      "DNS サービスから変更が反映されたかどうかの確認が取れませんでした。すぐに繰り返さず、しばらくしてから同じリクエストを送信してください。"
    ]
  )
} as const satisfies Record<string, LocalizedText>

import type { LocalizedText } from "@faultline/core"
import { localizedText } from "@faultline/core/vendor/decode"

// Our own words for every CertCentral reason, in English and Japanese: what `toProblem` shows the
// caller (never DigiCert's message). Kept apart from the taxonomy in reasons.ts.

export const messages = {
  RequestLimitExceeded: localizedText(
    [
      "Certificate service busy",
      "Too many requests were sent to the certificate service. Try again shortly."
    ],
    [
      "証明書サービスが混雑しています",
      "証明書サービスへのリクエストが多すぎます。しばらくしてから再試行してください。"
    ]
  ),
  NotFound: localizedText(
    ["Not found", "The requested certificate resource does not exist."],
    ["見つかりません", "指定された証明書リソースは存在しません。"]
  ),
  NotFoundOrder: localizedText(
    ["Order not found", "No certificate order exists with this id."],
    ["注文が見つかりません", "この ID の証明書注文は存在しません。"]
  ),
  NotFoundProduct: localizedText(
    ["Product not found", "The requested certificate product does not exist."],
    ["製品が見つかりません", "指定された証明書製品は存在しません。"]
  ),
  NotFoundRoute: localizedText(
    ["Unknown endpoint", "Our client called an endpoint the certificate service does not have."],
    ["不明なエンドポイント", "証明書サービスに存在しないエンドポイントを呼び出しました。"]
  ),
  AccessDenied: localizedText(
    ["Access denied", "The certificate service refused our API key for this request."],
    ["アクセスが拒否されました", "証明書サービスがこのリクエストで API キーを拒否しました。"]
  ),
  AccessDeniedMissingPermission: localizedText(
    ["API key lacks permission", "Our API key is not allowed to perform this request."],
    ["API キーの権限不足", "この API キーにはこのリクエストを実行する権限がありません。"]
  ),
  AccessDeniedInvalidKey: localizedText(
    ["API key rejected", "The certificate service rejected our API key."],
    ["API キーが拒否されました", "証明書サービスがこの API キーを受け付けませんでした。"]
  ),
  AccessDeniedInvalidApprover: localizedText(
    ["Approver not permitted", "The user acting for our API key may not approve this request."],
    ["承認者の権限がありません", "この API キーのユーザーはこのリクエストを承認できません。"]
  ),
  BadRequestFormat: localizedText(
    ["Malformed request", "Our client sent a request body the certificate service could not read."],
    ["リクエスト形式の誤り", "証明書サービスが読み取れないリクエスト本文を送信しました。"]
  ),
  MissingRequestData: localizedText(
    ["Request body missing", "Our client sent a request without the body the certificate service needs."],
    ["リクエスト本文がありません", "必要なリクエスト本文を付けずに送信しました。"]
  ),
  InvalidChars: localizedText(
    ["Invalid characters", "A value contains characters that are not allowed."],
    ["使用できない文字", "値に使用できない文字が含まれています。"]
  ),
  InvalidValue: localizedText(
    ["Invalid value", "A value in the request is not valid."],
    ["無効な値", "リクエストの値が正しくありません。"]
  ),
  RequiredParam: localizedText(
    ["Required value missing", "A required value is missing from the request."],
    ["必須の値がありません", "リクエストに必須の値がありません。"]
  ),
  AmbiguousProduct: localizedText(
    ["Ambiguous product", "The product type hint does not identify a single product."],
    ["製品を特定できません", "製品タイプの指定から製品を一つに特定できません。"]
  ),
  CsrInvalidCannotParse: localizedText(
    ["Unreadable CSR", "The certificate signing request could not be parsed."],
    ["CSR を解析できません", "証明書署名要求 (CSR) を解析できませんでした。"]
  ),
  EmailNotValidEmailFormat: localizedText(
    ["Invalid email address", "An email address in the request is not well formed."],
    ["メールアドレスの形式が正しくありません", "リクエスト内のメールアドレスの形式が正しくありません。"]
  ),
  InvalidCaCertId: localizedText(
    ["Invalid certificate authority", "The requested issuing certificate authority is not valid."],
    ["無効な認証局", "指定された発行元の認証局が正しくありません。"]
  ),
  MissingCaCertId: localizedText(
    ["Certificate authority required", "This request must name the issuing certificate authority."],
    ["認証局の指定が必要です", "このリクエストには発行元の認証局の指定が必要です。"]
  ),
  InvalidCommonNameOnDuplicate: localizedText(
    ["Common name differs from the order", "A duplicate must keep the original order's common name."],
    ["コモンネームが元の注文と異なります", "複製証明書のコモンネームは元の注文と同じでなければなりません。"]
  ),
  InvalidDnsNameOnDuplicate: localizedText(
    ["DNS names differ from the order", "A duplicate must keep the original order's DNS names."],
    ["DNS 名が元の注文と異なります", "複製証明書の DNS 名は元の注文と同じでなければなりません。"]
  ),
  MissingDnsNameOnDuplicate: localizedText(
    ["DNS name missing from duplicate", "A duplicate cannot drop DNS names of the original order."],
    ["複製から DNS 名が欠けています", "複製証明書から元の注文の DNS 名を削除することはできません。"]
  ),
  MissingRequiredCustomField: localizedText(
    ["Required custom field missing", "A custom field the account requires was not filled in."],
    ["必須のカスタムフィールドがありません", "アカウントで必須のカスタムフィールドが入力されていません。"]
  ),
  OtherDomainOnWildcard: localizedText(
    [
      "Wildcard names must share the domain",
      "Every name on a wildcard certificate must belong to its common name's domain."
    ],
    [
      "ワイルドカードのドメインが一致しません",
      "ワイルドカード証明書のすべての名前はコモンネームと同じドメインでなければなりません。"
    ]
  ),
  CertValidityExceedsOrderValidity: localizedText(
    ["Certificate validity too long", "The certificate's validity cannot extend past the order's validity."],
    ["証明書の有効期間が長すぎます", "証明書の有効期間は注文の有効期間を超えられません。"]
  ),
  Rfc5280CommonNameInvalid: localizedText(
    ["Invalid common name", "The common name does not meet certificate standards."],
    ["無効なコモンネーム", "コモンネームが証明書の標準に適合していません。"]
  ),
  Rfc5280CommonNameTooLong: localizedText(
    ["Common name too long", "The common name must be at most 64 characters."],
    ["コモンネームが長すぎます", "コモンネームは 64 文字以内にしてください。"]
  ),
  Rfc5280OrgUnitTooLong: localizedText(
    ["Organization unit too long", "The organization unit must be at most 64 characters."],
    ["部門名が長すぎます", "組織の部門名は 64 文字以内にしてください。"]
  ),
  Rfc5280OrgNameTooLong: localizedText(
    [
      "Organization name too long",
      "The organization name, assumed names included, must be at most 64 characters."
    ],
    ["組織名が長すぎます", "組織名 (別名を含む) は合計 64 文字以内にしてください。"]
  ),
  Rfc5280AddressFieldTooLong: localizedText(
    ["Address field too long", "Each address field must be at most 64 characters."],
    ["住所欄が長すぎます", "住所の各欄は 64 文字以内にしてください。"]
  ),
  Rfc5280OrgUnitInvalid: localizedText(
    ["Invalid organization unit", "The organization unit does not meet certificate standards."],
    ["無効な部門名", "組織の部門名が証明書の標準に適合していません。"]
  ),
  Rfc5280OrgInvalid: localizedText(
    ["Invalid organization details", "One or more organization fields do not meet certificate standards."],
    ["無効な組織情報", "組織情報の一部が証明書の標準に適合していません。"]
  ),
  InvalidDnsTxt: localizedText(
    ["Domain control not proven (DNS TXT)", "No valid DNS TXT record proving domain control was found yet."],
    ["ドメイン認証未完了 (DNS TXT)", "ドメインの管理を証明する有効な DNS TXT レコードがまだ見つかりません。"]
  ),
  InvalidDnsCname: localizedText(
    [
      "Domain control not proven (DNS CNAME)",
      "No valid DNS CNAME record proving domain control was found yet."
    ],
    [
      "ドメイン認証未完了 (DNS CNAME)",
      "ドメインの管理を証明する有効な DNS CNAME レコードがまだ見つかりません。"
    ]
  ),
  FileRandomValueNotFound: localizedText(
    [
      "Domain control not proven (file)",
      "The validation file with the expected random value was not found on the domain yet."
    ],
    ["ドメイン認証未完了 (ファイル)", "ドメイン上に期待されるランダム値の認証ファイルがまだ見つかりません。"]
  ),
  InvalidDnsMethod: localizedText(
    [
      "Wrong validation method for the order",
      "The order's domain validation method does not allow this request."
    ],
    ["注文の認証方法が異なります", "この注文のドメイン認証方法ではこのリクエストを実行できません。"]
  ),
  PendingReissue: localizedText(
    ["Reissue already pending", "An earlier reissue of this order is still pending approval."],
    ["再発行が保留中です", "この注文の前回の再発行申請がまだ承認待ちです。"]
  ),
  AuthKeyExistsForAccount: localizedText(
    ["AuthKey already exists", "An AuthKey has already been created for this account."],
    ["AuthKey は作成済みです", "このアカウントの AuthKey はすでに作成されています。"]
  ),
  UsernameUnavailable: localizedText(
    ["Username taken", "This username is not available."],
    ["ユーザー名は使用できません", "このユーザー名は使用できません。"]
  ),
  CaaCheckFailed: localizedText(
    ["CAA records forbid issuance", "The domain's DNS CAA records do not allow this certificate authority."],
    [
      "CAA レコードにより発行できません",
      "ドメインの DNS CAA レコードがこの認証局による発行を許可していません。"
    ]
  ),
  CaaNotFound: localizedText(
    ["CAA check incomplete", "The domain's CAA records could not be confirmed yet."],
    ["CAA の確認が完了していません", "ドメインの CAA レコードをまだ確認できません。"]
  ),
  CertTransparencyTurnedOffForAccount: localizedText(
    ["Certificate Transparency disabled", "Certificate Transparency logging is turned off for the account."],
    ["CT ログが無効です", "アカウントで証明書の透明性 (CT) ログが無効になっています。"]
  ),
  CtLoggingDisabled: localizedText(
    ["CT logging disabled", "Certificate Transparency logging is disabled for the account."],
    ["CT ログ記録が無効です", "アカウントで CT ログ記録が無効になっています。"]
  ),
  NotAllowedToChangeCtSettingPerOrder: localizedText(
    ["CT setting is fixed", "The account does not allow changing Certificate Transparency per order."],
    ["CT 設定は変更できません", "アカウントで注文ごとの CT 設定の変更が許可されていません。"]
  ),
  CsrNotAllowed: localizedText(
    ["CSR not accepted", "This product does not accept a certificate signing request."],
    ["CSR は使用できません", "この製品では証明書署名要求 (CSR) を使用できません。"]
  ),
  CustomExpirationNotAllowed: localizedText(
    ["Custom expiration not allowed", "The account only allows fixed validity periods for this product."],
    ["有効期限を指定できません", "アカウントではこの製品に決められた有効期間しか使用できません。"]
  ),
  DisabledDomain: localizedText(
    ["Domain disabled", "The domain is deactivated in the account."],
    ["ドメインが無効です", "このドメインはアカウントで無効になっています。"]
  ),
  DomainNotAllowed: localizedText(
    ["Domain not allowed", "Domain restrictions of the account do not allow this domain."],
    ["許可されていないドメイン", "アカウントのドメイン制限によりこのドメインは許可されていません。"]
  ),
  EmailDomainNotValidated: localizedText(
    ["Email domain not validated", "The email address must belong to a domain validated in the account."],
    [
      "メールのドメインが未認証です",
      "メールアドレスはアカウントで認証済みのドメインのものでなければなりません。"
    ]
  ),
  InactiveOrganization: localizedText(
    ["Organization inactive", "The organization is not active in the account."],
    ["組織が無効です", "この組織はアカウントで有効になっていません。"]
  ),
  InternalNamesNotAllowed: localizedText(
    ["Internal names not allowed", "Certificates cannot be issued for internal names."],
    ["内部名は使用できません", "内部名に対して証明書を発行することはできません。"]
  ),
  InvalidPaymentMethod: localizedText(
    ["Payment method not enabled", "The requested payment method is not enabled for the account."],
    ["支払方法が有効ではありません", "指定された支払方法はアカウントで有効になっていません。"]
  ),
  NoPrivateCaEnabled: localizedText(
    ["Private CA not enabled", "No private certificate authority is enabled for the account."],
    ["プライベート認証局が無効です", "アカウントでプライベート認証局が有効になっていません。"]
  ),
  OrderNotEligibleForDuplicate: localizedText(
    ["Duplicate not allowed", "Duplicate certificates are not allowed for this order."],
    ["複製できません", "この注文では複製証明書は許可されていません。"]
  ),
  ProductNameLimitExceeded: localizedText(
    ["Too many names for the product", "The request has more names than this product allows."],
    ["名前の数が上限を超えています", "この製品で許可された名前の数を超えています。"]
  ),
  ProductNotAllowed: localizedText(
    ["Product not allowed", "This certificate product is not allowed for the account."],
    ["許可されていない製品", "この証明書製品はアカウントで許可されていません。"]
  ),
  ProtectedDomain: localizedText(
    ["Protected domain", "A domain in the request is protected by its owner."],
    ["保護されたドメイン", "リクエスト内のドメインが所有者によって保護されています。"]
  ),
  CannotActivateDomainLock: localizedText(
    ["Domain lock cannot be activated", "Domain lock cannot be turned on for this domain or account."],
    ["ドメインロックを有効にできません", "このドメインまたはアカウントではドメインロックを有効にできません。"]
  ),
  CannotDeactivateDomainLock: localizedText(
    ["Domain lock cannot be deactivated", "Domain lock cannot be turned off for this domain or account."],
    ["ドメインロックを無効にできません", "このドメインまたはアカウントではドメインロックを無効にできません。"]
  ),
  CannotArchivePrimaryCertificate: localizedText(
    ["Primary certificate cannot be archived", "The primary certificate of an order cannot be archived."],
    ["プライマリ証明書はアーカイブできません", "注文のプライマリ証明書はアーカイブできません。"]
  ),
  Unrecognized: localizedText(
    [
      "Unexpected certificate service error",
      "The certificate service answered with an error we do not know."
    ],
    ["証明書サービスの不明なエラー", "証明書サービスから不明なエラーが返されました。"]
  ),
  Throttled: localizedText(
    [
      "Certificate service busy",
      "Too many requests were sent to the certificate service. Try again shortly."
    ],
    [
      "証明書サービスが混雑しています",
      "証明書サービスへのリクエストが多すぎます。しばらくしてから再試行してください。"
    ]
  ),
  Unavailable: localizedText(
    ["Certificate service unavailable", "The certificate service is temporarily unavailable."],
    ["証明書サービスを利用できません", "証明書サービスは一時的に利用できません。"]
  ),
  ServerError: localizedText(
    ["Certificate service error", "The certificate service failed to complete the request."],
    ["証明書サービスのエラー", "証明書サービスでリクエストを完了できませんでした。"]
  ),
  UnexplainedStatus: localizedText(
    ["Unexpected certificate service answer", "The certificate service answered in a way we did not expect."],
    ["証明書サービスの予期しない応答", "証明書サービスから予期しない応答がありました。"]
  ),
  OrderOutcomeUnknown: localizedText(
    [
      "Certificate order pending confirmation",
      "The certificate service did not confirm whether the order was placed. Do not order again: send the same request later to resume it."
    ],
    [
      "証明書の注文を確認中です",
      "証明書サービスから注文が受け付けられたかどうかの確認が取れませんでした。再注文せず、しばらくしてから同じリクエストを送信してください。"
    ]
  )
} as const satisfies Record<string, LocalizedText>

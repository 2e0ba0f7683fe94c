import type { DcvCheck } from "./models.js"

/**
 * Where an order stands after a check-dcv 200. DigiCert answers 200 once domain control is proven
 * (`dcv_status: "valid"`), but the order may still wait, e.g. for organization validation on OV/EV
 * products (`order_status: "pending"`). Only `order_status: "issued"` means the certificate exists.
 */
export type DcvProgress =
  /** The certificate is issued (`certificate_id` when DigiCert sent it). */
  | { readonly _tag: "Issued"; readonly certificateId: number | undefined }
  /** Not issued yet; `dcvValid` when domain control is proven and the order waits for something else. */
  | { readonly _tag: "Pending"; readonly dcvValid: boolean }

/**
 * Reads a `DcvCheck`: `Issued` only for `order_status: "issued"`; anything else (pending, absent or an
 * unknown status) is `Pending`, so a caller never reports a certificate that does not exist yet.
 */
export const dcvProgress = (check: DcvCheck): DcvProgress =>
  check.order_status === "issued"
    ? { _tag: "Issued", certificateId: check.certificate_id }
    : { _tag: "Pending", dcvValid: check.dcv_status === "valid" }

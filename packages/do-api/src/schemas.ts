import * as Schema from "effect/Schema"

// Success bodies of the DNS calls. Structs ignore unknown fields, so additions by IIJ never break
// decoding; TTL arrives as a string in practice, a number is accepted too.

const Ttl = Schema.Union([Schema.String, Schema.Number])

export const RecordBody = Schema.Struct({
  Id: Schema.String,
  Status: Schema.optional(Schema.String),
  Owner: Schema.String,
  TTL: Ttl,
  RecordType: Schema.String,
  RData: Schema.String,
  Description: Schema.optional(Schema.NullOr(Schema.String))
})

export const ZonesBody = Schema.Struct({
  RequestId: Schema.optional(Schema.String),
  ZoneList: Schema.Array(Schema.String)
})

export const RecordsBody = Schema.Struct({
  RequestId: Schema.optional(Schema.String),
  RecordList: Schema.Array(RecordBody)
})

export const RecordCreatedBody = Schema.Struct({
  RequestId: Schema.optional(Schema.String),
  Record: RecordBody
})

/** Delete and commit answer with the RequestId only. */
export const AcknowledgedBody = Schema.Struct({
  RequestId: Schema.optional(Schema.String)
})

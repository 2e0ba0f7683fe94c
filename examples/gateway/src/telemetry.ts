import * as Config from "effect/Config"
import * as FetchHttpClient from "effect/http/FetchHttpClient"
import * as Layer from "effect/Layer"
import * as Metric from "effect/Metric"
import * as OtlpMetrics from "effect/observability/OtlpMetrics"
import * as OtlpSerialization from "effect/observability/OtlpSerialization"
import * as OtlpTracer from "effect/observability/OtlpTracer"

/** Where and how the gateway exports its traces and metrics (OTLP over HTTP). */
export interface TelemetrySettings {
  /** The collector's base URL (`OTEL_EXPORTER_OTLP_ENDPOINT`): traces go to `/v1/traces`, metrics to `/v1/metrics`. */
  readonly endpoint: string
  /** `OTEL_EXPORTER_OTLP_PROTOCOL`: `http/protobuf` (OpenTelemetry's default) or `http/json`. */
  readonly protocol: "http/protobuf" | "http/json"
  /** `OTEL_SERVICE_NAME`; default `certificate-gateway`. */
  readonly serviceName: string
}

/**
 * The telemetry settings from OpenTelemetry's own environment variables: `OTEL_EXPORTER_OTLP_ENDPOINT`
 * (absent or empty: no export), `OTEL_EXPORTER_OTLP_PROTOCOL`, `OTEL_SERVICE_NAME`; `OTEL_SDK_DISABLED=true`
 * turns the export off.
 * (effect's own `Otlp.layerFromConfig` also wants `OTEL_TRACES_EXPORTER=otlp` and
 * `OTEL_METRICS_EXPORTER=otlp`; the gateway exports as soon as the endpoint is set, as the
 * OpenTelemetry SDKs do by default.)
 */
export const telemetryConfig: Config.Config<TelemetrySettings | undefined> = Config.all({
  endpoint: Config.String("OTEL_EXPORTER_OTLP_ENDPOINT").pipe(Config.withDefault("")),
  protocol: Config.Literals(["http/protobuf", "http/json"], "OTEL_EXPORTER_OTLP_PROTOCOL").pipe(
    Config.withDefault("http/protobuf" as const)
  ),
  serviceName: Config.String("OTEL_SERVICE_NAME").pipe(Config.withDefault("certificate-gateway")),
  disabled: Config.Boolean("OTEL_SDK_DISABLED").pipe(Config.withDefault(false))
}).pipe(
  Config.map(({ disabled, endpoint, ...rest }) =>
    disabled || endpoint === "" ? undefined : { endpoint, ...rest }
  )
)

/**
 * The gateway's spans (the server span of each request, the vendor clients' call and per-attempt
 * client spans) and metrics (the vendor clients' `faultline.*` metrics), exported through effect's own
 * OTLP exporters; flushed when the runtime is disposed. Each runtime keeps its own metric registry.
 */
export const telemetryLayer = (settings: TelemetrySettings) => {
  const base = settings.endpoint.replace(/\/+$/, "")
  const resource = { serviceName: settings.serviceName }
  const exporters = Layer.mergeAll(
    OtlpTracer.layer({ url: `${base}/v1/traces`, resource }),
    OtlpMetrics.layer({ url: `${base}/v1/metrics`, resource })
  )
  return exporters.pipe(
    Layer.provide(
      settings.protocol === "http/json" ? OtlpSerialization.layerJson : OtlpSerialization.layerProtobuf
    ),
    Layer.provide(FetchHttpClient.layer)
  )
}

/** A metric registry of the runtime's own (effect's default is one per process). */
export const metricRegistryLayer = Layer.sync(Metric.MetricRegistry, () => new Map())

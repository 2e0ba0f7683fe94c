import { STATUS_CODES } from "node:http"
import {
  answerError,
  explicitStatus,
  type FailureContext,
  type FailureDescription,
  type ProblemInput,
  type ProblemResponse,
  problem,
  problemHeaderValue,
  staleContentHeaders,
  validateResponseOptions,
  writeProblemResponse
} from "@faultline/core/adapter"
import { type ArgumentsHost, Catch, HttpException, Inject, Logger } from "@nestjs/common"
import { BaseExceptionFilter, HttpAdapterHost } from "@nestjs/core"
import { FAULTLINE_OPTIONS } from "./tokens.js"
import type { UpstreamResponseOptions } from "./options.js"
import { failureLine } from "./failureLine.js"
import { rawResponse, removeHeaders } from "./rawResponse.js"

/**
 * Answers faultline failures (also inside a rejected `Effect.runPromise` error or a `Cause`) with
 * core's problem+json response, following core's adapter rules (`answerError`) as the Express adapter
 * does. Every other exception gets Nest's own handling, and so does the app's explicit answer: an
 * error with its own status (`HttpException`, http-errors' `createError(423, { cause })`, an `Error`
 * with a `status`), even when its `cause` is an upstream failure. A failure after the headers were
 * sent is reported and the response aborted. Registered globally by `FaultlineModule` unless
 * `globalFilter: false` (then register it yourself, or call `answer` from your own filter); writes through
 * the platform's HttpAdapter, so it works on Express and Fastify alike. Its options are checked when
 * it is built, so a typo fails the boot.
 */
@Catch()
export class UpstreamExceptionFilter extends BaseExceptionFilter {
  private readonly logger = new Logger(UpstreamExceptionFilter.name)
  // The default line of the failure being answered, kept by `report` (core calls it inside
  // `answerError`) and written once the answer is out (`logPending`): all within one synchronous call.
  private pendingLine: { readonly level: "warn" | "error"; readonly line: string } | undefined
  // Built once: the hook core calls for every failure (the app's, or the default line).
  private readonly answerOptions: UpstreamResponseOptions

  constructor(
    @Inject(FAULTLINE_OPTIONS) private readonly options: UpstreamResponseOptions,
    private readonly adapterHost: HttpAdapterHost
  ) {
    // No applicationRef: the adapter is read per exception, as @nestjs/testing sets it after DI.
    super()
    validateResponseOptions(options)
    this.answerOptions =
      options.onFailure !== undefined
        ? options
        : { ...options, onFailure: (description, context) => this.report(description, context) }
  }

  override catch(exception: unknown, host: ArgumentsHost): void {
    if (!this.answer(exception, host)) super.catch(this.asNestReads(exception), host)
  }

  /**
   * Answers the exception if it is a faultline failure (a problem, or an aborted response when the
   * headers were already sent) and returns `true`; returns `false` without touching the response for
   * anything else, and outside HTTP. For an app's own catch-all filter that registers this one with
   * `globalFilter: false`: `if (!this.upstream.answer(exception, host)) ...` (inject
   * `UpstreamExceptionFilter`, which `FaultlineModule` exports).
   */
  answer(exception: unknown, host: ArgumentsHost): boolean {
    const adapter = this.adapterHost.httpAdapter
    if (host.getType() !== "http" || adapter === undefined) return false

    const http = host.switchToHttp()
    const request = http.getRequest<{ headers?: Record<string, string | string[] | undefined> }>()
    const response = http.getResponse<unknown>()
    const raw = rawResponse(response)
    const progress = { headersSent: adapter.isHeadersSent(response), statusCode: raw?.statusCode ?? 200 }
    const outcome = answerError(exception, request, progress, this.answerOptions)

    switch (outcome._tag) {
      case "NotOurs":
        return false
      case "Abort":
        // Nest would end the response cleanly; abort it, as Express does, so the client cannot take
        // the partial body for a whole one.
        if (raw !== undefined) raw.destroy()
        else adapter.end(response)
        this.logPending()
        return true
      case "Problem":
        this.write(response, outcome.answer)
        this.logPending()
        return true
    }
  }

  // The default line after the answer: one logger call (one record) per failure, as a log pipeline
  // expects, and the client's answer never waits for a synchronous console write.
  private logPending(): void {
    const pending = this.pendingLine
    if (pending === undefined) return
    this.pendingLine = undefined
    try {
      if (pending.level === "error") this.logger.error(pending.line)
      else this.logger.warn(pending.line)
    } catch {
      // A logger that throws loses its own line, as a throwing `onFailure` does: the answer is sent.
    }
  }

  /**
   * Answers an app's own error with core's `problem()` under the module's options: the same request
   * id, language, headers and shape as an upstream failure. For the app's own exception filters:
   * `this.upstream.answerProblem({ status: 422, code: "name_outside_zones" }, host)` (inject
   * `UpstreamExceptionFilter`). Returns `false` outside HTTP, without touching anything.
   */
  answerProblem(input: ProblemInput, host: ArgumentsHost): boolean {
    if (host.getType() !== "http" || this.adapterHost.httpAdapter === undefined) return false
    const http = host.switchToHttp()
    const request = http.getRequest<{ headers?: Record<string, string | string[] | undefined> }>()
    this.write(http.getResponse<unknown>(), problem(input, { ...this.options, request }))
    return true
  }

  // On platform-express the response is Node's own: written as the Express adapter writes it (core's
  // `writeProblemResponse`). Elsewhere (Fastify) through the platform's adapter, so headers a plugin
  // set on the reply (CORS) are kept: stale content headers out, Vary joined, and the body as JSON
  // text, which no platform serializes again.
  private write(response: unknown, answer: ProblemResponse): void {
    const raw = rawResponse(response)
    if (raw !== undefined && raw === response) {
      writeProblemResponse(raw, answer)
      return
    }
    const adapter = this.adapterHost.httpAdapter
    removeHeaders(response, staleContentHeaders)
    const headers = answer.headers
    const vary = this.headerOf(response, "vary")
    for (const name in headers) {
      adapter.setHeader(response, name, problemHeaderValue(name, headers[name] as string, vary))
    }
    // The status first, then the body without one: Nest 11's Express adapter replaces a content type
    // other than `application/json` when `reply` is given an error status with an object (Nest 12
    // accepts any `+json` type); a string body keeps our `application/problem+json` on both majors.
    adapter.status(response, answer.status)
    adapter.reply(response, JSON.stringify(answer.body))
  }

  private headerOf(response: unknown, name: string): unknown {
    const own = (response as { readonly getHeader?: (name: string) => unknown }).getHeader
    if (typeof own === "function") return own.call(response, name)
    return rawResponse(response)?.getHeader(name)
  }

  /**
   * The app's explicit answer with a status Nest itself does not read (an `Error` with a bare
   * `status`, as Express honours it) would become Nest's 500: give Nest that status, with the
   * standard reason phrase only (never the error's own message), so both adapters answer it alike.
   */
  private asNestReads(exception: unknown): unknown {
    const status = explicitStatus(exception)
    if (status === undefined || exception instanceof HttpException || this.isHttpError(exception)) {
      return exception
    }
    if (status >= 500) this.logger.error(exception)
    const message = STATUS_CODES[status] ?? "Error"
    return new HttpException({ statusCode: status, message }, status, { cause: exception })
  }

  // Without the app's hook: one flat line to Nest's logger with the log-safe facts, our request id
  // (the client's X-Request-Id and the problem's instance) and the status sent, so a support ticket
  // quoting either id finds it. Built only when that level is enabled, and as a string: Nest's
  // console logger runs `util.inspect` (colors, multi-line) on an object. Written after the answer.
  private report(description: FailureDescription, context: FailureContext<unknown>): void {
    const level = context.aborted || context.status >= 500 ? "error" : "warn"
    if (Logger.isLevelEnabled(level)) this.pendingLine = { level, line: failureLine(description, context) }
  }
}

import {
  defaultRequestIdHeader,
  describeFailure,
  type FailureDescription,
  findUpstreamFailure,
  isWellFormedRequestId,
  requestIdFrom,
  toProblem
} from "@faultline/core"
import { type ArgumentsHost, Catch, HttpException, Inject, Logger } from "@nestjs/common"
import { BaseExceptionFilter, HttpAdapterHost } from "@nestjs/core"
import { FAULTLINE_OPTIONS } from "./FaultlineModuleDefinition.js"
import type { FailureContext, UpstreamResponseOptions } from "./options.js"

interface IncomingRequest {
  readonly headers?: Readonly<Record<string, string | ReadonlyArray<string> | undefined>>
}

// The app's callbacks run while an error is being answered: one that throws counts as no answer.
const attempt = <A>(f: () => A): A | undefined => {
  try {
    return f()
  } catch {
    return undefined
  }
}

/** The app's own id when well-formed, else the incoming header when well-formed, else a new UUID. */
const requestIdOf = (request: IncomingRequest, options: UpstreamResponseOptions): string => {
  const own = attempt(() => options.requestId?.(request))
  if (isWellFormedRequestId(own)) return own
  const header = options.requestIdHeader ?? defaultRequestIdHeader
  return requestIdFrom(header === false ? undefined : request.headers?.[header.toLowerCase()])
}

/**
 * Answers faultline failures (also inside a rejected `Effect.runPromise` error or a `Cause`) with
 * core's problem+json response; every other exception, HttpExceptions included, gets Nest's own
 * handling. Registered globally by `FaultlineModule`; writes through the platform's HttpAdapter, so
 * it works on Express and Fastify alike.
 */
@Catch()
export class UpstreamExceptionFilter extends BaseExceptionFilter {
  private readonly logger = new Logger(UpstreamExceptionFilter.name)

  constructor(
    @Inject(FAULTLINE_OPTIONS) private readonly options: UpstreamResponseOptions,
    private readonly adapterHost: HttpAdapterHost
  ) {
    // No applicationRef: the adapter is read per exception, as @nestjs/testing sets it after DI.
    super()
  }

  override catch(exception: unknown, host: ArgumentsHost): void {
    // An HttpException is the app's explicit answer, even when its `cause` is an upstream failure.
    const failure =
      host.getType() === "http" && !(exception instanceof HttpException)
        ? findUpstreamFailure(exception)
        : undefined
    const adapter = this.adapterHost.httpAdapter
    if (failure === undefined || adapter === undefined) {
      super.catch(exception, host)
      return
    }

    const http = host.switchToHttp()
    const request = http.getRequest<IncomingRequest>()
    const response = http.getResponse<unknown>()
    const options = this.options
    const requestId = requestIdOf(request, options)
    const problem = toProblem(failure, {
      locale: attempt(() =>
        typeof options.locale === "function" ? options.locale(request) : options.locale
      ),
      acceptLanguage: request.headers?.["accept-language"],
      instance: requestId,
      typeBaseUri: options.typeBaseUri,
      statusByCategory: options.statusByCategory,
      exposeUpstreamCodes: options.exposeUpstreamCodes,
      requestIdHeader: options.requestIdHeader,
      upstreamRequestIdHeader: options.upstreamRequestIdHeader
    })
    this.report(describeFailure(failure), { error: failure, request, requestId, status: problem.status })

    if (adapter.isHeadersSent(response)) {
      adapter.end(response)
      return
    }
    for (const [name, value] of Object.entries(problem.headers)) adapter.setHeader(response, name, value)
    adapter.reply(response, problem.body, problem.status)
  }

  // A throwing hook must not turn a mapped failure into a second, unmapped one.
  private report(description: FailureDescription, context: FailureContext): void {
    try {
      if (this.options.onFailure) this.options.onFailure(description, context)
      else if (context.status >= 500) this.logger.error(description)
      else this.logger.warn(description)
    } catch {
      this.logger.error("onFailure hook threw; the failure was answered regardless")
    }
  }
}

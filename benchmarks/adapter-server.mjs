// One server of the adapter benchmark (benchmarks/adapters.mjs), in its own process so the load
// generator does not share its event loop. `node adapter-server.mjs <kind>`, where kind is one of
// `kinds` below; it listens on a free loopback port and sends `{ port }` to its parent over IPC,
// answers "cpu" with its CPU time so far, and exits when the parent disconnects (so `--cpu-prof`
// writes its profile).
//
// Routes, the same in every kind that has them:
//   GET /fail    throws a fresh decoded failure (CertCentral's `decodeError` of an upstream 500 with
//                an unknown code: category upstream-error, answered 502);
//   GET /plain   answers `{ ok: true }` from a plain handler (bare kinds);
//   GET /effect  answers `{ ok: true }` from an Effect (faultline kinds).
import "reflect-metadata"
import { decodeError } from "@faultline/certcentral"
import { effectHandler, upstreamErrorHandler } from "@faultline/express-adapter"
import { FaultlineModule } from "@faultline/nest-adapter"
import { Catch, Controller, Get, Module } from "@nestjs/common"
import { NestFactory } from "@nestjs/core"
import { ExpressAdapter } from "@nestjs/platform-express"
import { FastifyAdapter } from "@nestjs/platform-fastify"
import * as Effect from "effect/Effect"
import express from "express"

const upstream = {
  status: 500,
  headers: { "content-type": "application/json" },
  body: '{"errors":[{"code":"bench_unknown_failure","message":"Something went wrong upstream."}]}'
}
/** A fresh decoded failure per request, as a client would raise it. */
const fail = () => {
  throw decodeError(upstream)
}
const ok = { ok: true }

// The hand-written answer the bare apps give to any error: a static 502 problem.
const staticProblem = JSON.stringify({
  type: "about:blank",
  title: "Bad Gateway",
  status: 502,
  code: "upstream_error"
})

const expressApp = (faultline) => {
  const app = express()
  app.get("/fail", fail)
  if (faultline) {
    app.get(
      "/effect",
      effectHandler(() => Effect.succeed(ok))
    )
    app.use(upstreamErrorHandler())
  } else {
    app.get("/plain", async (_req, res) => {
      res.json(ok)
    })
    app.use((_error, _req, res, _next) => {
      res.status(502).set("content-type", "application/problem+json").send(staticProblem)
    })
  }
  return app
}

// Nest without TypeScript: the decorators applied by hand, as the compiler would.
const route = (target, name, path) =>
  Get(path)(target.prototype, name, Object.getOwnPropertyDescriptor(target.prototype, name))

class BareController {
  fail() {
    fail()
  }
  plain() {
    return ok
  }
}
Controller()(BareController)
route(BareController, "fail", "fail")
route(BareController, "plain", "plain")

class FaultlineController {
  fail() {
    fail()
  }
  effect() {
    return Effect.succeed(ok)
  }
}
Controller()(FaultlineController)
route(FaultlineController, "fail", "fail")
route(FaultlineController, "effect", "effect")

/** The bare app's catch-all filter: the static 502 problem, through Nest's platform-neutral adapter. */
class StaticProblemFilter {
  constructor(adapter) {
    this.adapter = adapter
  }
  catch(_exception, host) {
    const response = host.switchToHttp().getResponse()
    this.adapter.setHeader(response, "content-type", "application/problem+json")
    this.adapter.reply(response, staticProblem, 502)
  }
}
Catch()(StaticProblemFilter)

const nestApp = async (platform, variant) => {
  class AppModule {}
  if (variant === "bare") Module({ controllers: [BareController] })(AppModule)
  else {
    // "quiet": the app's own onFailure hook (here: nothing) replaces the default log line.
    const options = variant === "quiet" ? { onFailure: () => {} } : {}
    Module({ imports: [FaultlineModule.forRoot(options)], controllers: [FaultlineController] })(AppModule)
  }
  const adapter = platform === "express" ? new ExpressAdapter() : new FastifyAdapter()
  // Nest's default logger: the "log" variant writes its line per failure (to /dev/null here).
  const app = await NestFactory.create(AppModule, adapter, variant === "log" ? {} : { logger: ["error"] })
  if (variant === "bare") app.useGlobalFilters(new StaticProblemFilter(app.getHttpAdapter()))
  await app.listen(0, "127.0.0.1")
  return app.getHttpServer()
}

const listenExpress = (app) =>
  new Promise((resolve) => {
    const server = app.listen(0, "127.0.0.1", () => resolve(server))
  })

const kinds = {
  "express-bare": () => listenExpress(expressApp(false)),
  "express-faultline": () => listenExpress(expressApp(true)),
  "nest-express-bare": () => nestApp("express", "bare"),
  "nest-express-faultline": () => nestApp("express", "quiet"),
  "nest-express-faultline-log": () => nestApp("express", "log"),
  "nest-fastify-bare": () => nestApp("fastify", "bare"),
  "nest-fastify-faultline": () => nestApp("fastify", "quiet"),
  "nest-fastify-faultline-log": () => nestApp("fastify", "log")
}

const kind = process.argv[2]
if (process.send && kind !== undefined) {
  try {
    const start = kinds[kind]
    if (start === undefined) throw new Error(`unknown server kind ${kind}`)
    const server = await start()
    process.on("disconnect", () => process.exit(0))
    // The parent asks for this process's CPU time (user + system, µs) before and after each run, to
    // divide by the requests answered: a figure the load generator's share of the cores does not move.
    process.on("message", (message) => {
      if (message === "cpu") {
        const { user, system } = process.cpuUsage()
        process.send({ cpu: user + system })
      }
    })
    process.send({ port: server.address().port })
  } catch (error) {
    process.send({ error: String(error?.stack ?? error) })
    process.exit(1)
  }
}

const t0 = process.cpuUsage()
await import("@effect/platform-node"); await import("@faultline/certcentral"); await import("@faultline/core"); await import("effect/http/FetchHttpClient")
const u = process.cpuUsage(t0); console.log("import cpu ms", Math.round((u.user + u.system) / 1000))

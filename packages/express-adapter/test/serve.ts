import type { Server } from "node:http"
import type { AddressInfo } from "node:net"
import type { Express } from "express"

export interface Served {
  readonly url: string
  readonly server: Server
  readonly close: () => Promise<void>
}

/** Listens on 127.0.0.1 on a port the OS picks. */
export const serve = (app: Express): Promise<Served> =>
  new Promise((resolve, reject) => {
    const server = app.listen(0, "127.0.0.1", (error?: Error) => {
      if (error) return reject(error)
      const { port } = server.address() as AddressInfo
      resolve({
        url: `http://127.0.0.1:${port}`,
        server,
        close: () =>
          new Promise<void>((done) => {
            server.closeAllConnections()
            server.close(() => done())
          })
      })
    })
  })

import { createServer, type RequestListener, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { callbackRouter } from "../bot/callback-route";
import { wecomDeliveryHandler } from "../bot/conversation/handle-delivery";
import { WeComClient } from "../bot/wecom-client";
import type { Clock } from "./clock";
import type { Config } from "./config";
import { type Database, openDatabase } from "./db/database";
import { healthRouter } from "./http/health-route";
import { createHttpApp } from "./http/http-app";
import { AcceptPriority } from "./inbox/accept-priority";
import { InboxStore } from "./inbox/inbox-store";
import { InboxWorker } from "./inbox/inbox-worker";
import type { Logger } from "./logger";
import { findPerson } from "./people/find-person";

/** Listens, or rejects with the reason (port taken, unknown host) instead of crashing the process. */
function listen(handler: RequestListener, port: number, host: string): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = createServer(handler);
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      resolve(server);
    });
  });
}

export interface RunningBeat {
  url: string;
  port: number;
  db: Database;
  worker: InboxWorker;
  stop(): Promise<void>;
}

/**
 * The composition root: the one place that knows every part and wires them together. It is the only
 * file in server/ that imports bot/.
 */
export async function startBeat(
  config: Config,
  deps: { clock: Clock; log: Logger },
): Promise<RunningBeat> {
  const { clock, log } = deps;
  const db = await openDatabase(config.database);
  const inbox = new InboxStore(db, clock);
  const wecom = new WeComClient({
    apiBase: config.wecom.apiBase,
    corpId: config.wecom.corpId,
    secret: config.wecom.secret,
    agentId: config.wecom.agentId,
    clock,
    log: log.child({ part: "wecom-api" }),
  });
  const handle = wecomDeliveryHandler({
    findPerson: (userid) => findPerson(db, userid),
    // Limitation: a reply WeCom accepted just before a crash, or whose answer timed out, is sent again
    // when the delivery is retried, because sends carry no de-duplication key yet; the outbox that the
    // morning digest brings records each send once and removes this.
    reply: async (touser, message) => {
      await wecom.send(touser, message);
    },
  });
  const acceptPriority = new AcceptPriority();
  const worker = new InboxWorker(inbox, handle, log.child({ part: "inbox" }), () =>
    acceptPriority.quiet(),
  );

  const app = createHttpApp(
    log,
    [
      healthRouter(() => inbox.countOpen()),
      callbackRouter({
        secrets: config.wecom,
        maxAgeSeconds: config.wecom.callbackMaxAgeSeconds,
        clock,
        log: log.child({ part: "callback" }),
        inFlight: acceptPriority,
        accept: async (delivery) => {
          const outcome = await inbox.accept(delivery);
          worker.notify();
          return outcome;
        },
      }),
    ],
    { trustProxy: config.trustProxy },
  );
  let server: Server;
  try {
    server = await listen(app.callback(), config.port, config.host);
  } catch (error) {
    await db.close();
    throw error;
  }
  const { port } = server.address() as AddressInfo;
  if (config.inboxWorker) {
    if (db.kind === "sqlite") {
      const released = await inbox.releaseAllClaims();
      if (released > 0)
        log.warn({ released }, "rows claimed by a previous process handed back to the worker");
    }
    worker.start();
  }
  log.info({ port, database: config.database.kind, worker: config.inboxWorker }, "beat listening");

  return {
    url: `http://127.0.0.1:${port}`,
    port,
    db,
    worker,
    stop: async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await worker.stop();
      await db.close();
    },
  };
}

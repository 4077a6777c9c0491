import { createServer, type RequestListener, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { callbackRouter } from "../bot/callback-route";
import { deliveryHandler } from "../bot/conversation/handle-delivery";
import { fitForWeCom } from "../bot/message-limits";
import { queueMorningDigests } from "../bot/notifiers/morning-digest";
import { queueTimeoutAlerts } from "../bot/notifiers/timeout-alerts";
import { outboxSender } from "../bot/outbox-sender";
import { renderQuoteApproval } from "../bot/renderers/quote-replies";
import { type OutgoingMessage, WeComClient } from "../bot/wecom-client";
import type { Clock } from "./clock";
import type { Config } from "./config";
import { type Database, openDatabase } from "./db/database";
import type { InboxItem } from "./db/entities/inbox-item.entity";
import type { OutboxMessage } from "./db/entities/outbox-message.entity";
import { debounced } from "./debounced";
import { createExtractor } from "./extractor/create-extractor";
import { FileStore } from "./files/file-store";
import { adminRouter } from "./http/admin-route";
import { callSummaryRouter } from "./http/call-summary-route";
import { healthRouter } from "./http/health-route";
import { createHttpApp } from "./http/http-app";
import { mpRouter } from "./http/mp/mp-routes";
import { AcceptPriority } from "./inbox/accept-priority";
import { InboxStore } from "./inbox/inbox-store";
import { claimJobSlot, finishJobSlot } from "./jobs/job-runs";
import { JobScheduler } from "./jobs/job-scheduler";
import type { Logger } from "./logger";
import { OutboxStore } from "./outbox/outbox-store";
import { QueueWorker } from "./queue/queue-worker";
import { createSalesCore, type SalesCore } from "./sales-core";

/** Red dots are brought up to date this long after the last change, so a burst causes one scan. */
const RESCAN_AFTER_CHANGE_MS = 2000;

/** Listens, or rejects with the reason (port taken, unknown host) instead of crashing the process. */
function listen(
  handler: RequestListener,
  port: number,
  host: string,
  log: Logger,
): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = createServer(handler);
    // A request that is not HTTP at all never reaches Koa; without this Node answers it and Koa's
    // default prints a plain-text stack, breaking the one-JSON-object-a-line logs.
    server.on("clientError", (error: NodeJS.ErrnoException, socket) => {
      log.warn({ reason: error.code ?? "bad_request" }, "malformed http request refused");
      if (socket.writable) {
        socket.end("HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n");
      } else {
        socket.destroy();
      }
    });
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      resolve(server);
    });
  });
}

/** Every part of Beat, wired, with nothing started: what the server and the job command share. */
export interface AssembledBeat {
  db: Database;
  core: SalesCore;
  inbox: InboxStore;
  outboxStore: OutboxStore;
  /** The inbox worker: deliveries to process. */
  worker: QueueWorker<InboxItem>;
  /** The outbox worker: messages to send to WeCom. */
  outbox: QueueWorker<OutboxMessage>;
  /** The scheduled jobs; `jobs.run(name, at)` runs one now, as if at that time. */
  jobs: JobScheduler;
  acceptPriority: AcceptPriority;
  rescan: ReturnType<typeof debounced>;
  wecom: WeComClient;
  queueNotice(touser: string, message: OutgoingMessage, dedupeKey: string): Promise<void>;
}

export interface RunningBeat extends AssembledBeat {
  url: string;
  port: number;
  stop(): Promise<void>;
}

/**
 * The composition root: the one place that knows every part and wires them together. It is the only
 * file in server/ that imports bot/.
 */
export async function assembleBeat(
  config: Config,
  deps: { clock: Clock; log: Logger },
): Promise<AssembledBeat> {
  const { clock, log } = deps;
  const db = await openDatabase(config.database);
  const inbox = new InboxStore(db, clock);
  const outboxStore = new OutboxStore(db, clock);
  const wecom = new WeComClient({
    apiBase: config.wecom.apiBase,
    corpId: config.wecom.corpId,
    secret: config.wecom.secret,
    agentId: config.wecom.agentId,
    clock,
    log: log.child({ part: "wecom-api" }),
    timeoutMs: config.wecom.timeoutMs,
  });
  const extractor = createExtractor({ model: config.model, log });
  const core = createSalesCore({
    db,
    clock,
    extractor,
    files: new FileStore(config.attachmentDir),
    rules: config.rules,
  });
  // Both workers give way to the callback route: WeCom re-sends what is not answered within 5 s,
  // while a stored row can wait a few milliseconds.
  const acceptPriority = new AcceptPriority();
  const outbox = new QueueWorker(
    {
      claim: (limit) => outboxStore.queue.claim(limit),
      complete: (id) => outboxStore.queue.complete(id),
      fail: (row, code, options) => outboxStore.queue.fail(row, code, options),
      // Only a per-person limit holds a message back; the rest of that person's queue waits with it.
      defer: (row, until) => outboxStore.deferRecipient(row, until),
    },
    outboxSender({ wecom, clock, sentTo: (touser, since) => outboxStore.sentTo(touser, since) }),
    log.child({ part: "outbox" }),
    {
      describe: (row) => ({ outbox: row.dedupeKey, kind: row.kind }),
      mayProceed: () => acceptPriority.quiet(),
      doneMessage: "outbox message sent",
    },
  );
  const queueAs =
    (kind: "message" | "notice") =>
    async (touser: string, message: OutgoingMessage, dedupeKey: string) => {
      // A text too long for one message becomes several rows, the first under the message's own key.
      const parts = fitForWeCom(message);
      await outboxStore.enqueue(
        parts.map((part, i) => ({
          dedupeKey: i === 0 ? dedupeKey : `${dedupeKey}#${i + 1}`,
          kind,
          touser,
          body: { ...part },
        })),
      );
      outbox.notify();
    };
  const queue = queueAs("message");
  const queueNotice = queueAs("notice");
  const rescan = debounced(
    () => core.scanRedDots(clock.now()),
    RESCAN_AFTER_CHANGE_MS,
    (error) => log.error({ err: (error as Error).name }, "red-dot scan after a change failed"),
  );
  const handle = deliveryHandler({
    clock,
    core,
    queue,
    queueCardUpdate: async (userid, responseCode, replaceName, dedupeKey) => {
      await outboxStore.enqueue([
        { dedupeKey, kind: "card_update", touser: userid, body: { responseCode, replaceName } },
      ]);
      outbox.notify();
    },
    lookupExternalContact: async (externalUserid, followerUserid) => {
      try {
        return await wecom.externalContact(externalUserid, followerUserid);
      } catch (error) {
        const code = (error as { code?: string }).code ?? "unknown";
        log.warn(
          { err: code },
          "wecom would not describe the customer contact; linking without it",
        );
        return null;
      }
    },
  });
  const worker = new QueueWorker(
    inbox.queue,
    async (item, itemLog) => {
      await handle(item, itemLog);
      // Red dots follow the record: a demand answered, an objection closed, a key customer reached.
      rescan.poke();
    },
    log.child({ part: "inbox" }),
    {
      describe: (item) => ({ delivery: item.deliveryKey, kind: item.kind }),
      mayProceed: () => acceptPriority.quiet(),
      doneMessage: "delivery processed",
    },
  );
  const jobs = new JobScheduler(
    [
      {
        name: "scan",
        cron: config.scanCron,
        run: async (at) => {
          const breaches = await core.scanStageTimeouts(at);
          const cards = await queueTimeoutAlerts(core, queueNotice, config.miniProgramAppId);
          const dots = await core.scanRedDots(at);
          return { breaches, cards, opened: dots.opened, closed: dots.closed, open: dots.open };
        },
      },
      {
        name: "digest",
        cron: config.digestCron,
        run: async (at) => {
          // The digest reports the record as it is this morning, not as the last scan left it.
          await core.scanStageTimeouts(at);
          await queueTimeoutAlerts(core, queueNotice, config.miniProgramAppId);
          const dots = await core.scanRedDots(at);
          const sent = await queueMorningDigests(
            core,
            queueNotice,
            at,
            config.miniProgramAppId,
            dots.health,
          );
          return { open: dots.open, reps: sent.reps, managers: sent.managers };
        },
      },
    ],
    log.child({ part: "jobs" }),
    {
      claim: (job, at) => claimJobSlot(db, job, at, clock.now()),
      finish: (job, at, counts) => finishJobSlot(db, job, at, clock.now(), counts),
    },
  );

  return {
    db,
    core,
    inbox,
    outboxStore,
    worker,
    outbox,
    jobs,
    acceptPriority,
    rescan,
    wecom,
    queueNotice,
  };
}

/** Assembles Beat, listens on the configured port, and starts its workers and schedules. */
export async function startBeat(
  config: Config,
  deps: { clock: Clock; log: Logger },
): Promise<RunningBeat> {
  const { clock, log } = deps;
  const beat = await assembleBeat(config, deps);
  const { core, inbox, outboxStore, worker, outbox, jobs, rescan, db } = beat;
  const accept = async (delivery: Parameters<InboxStore["accept"]>[0]) => {
    const outcome = await inbox.accept(delivery);
    worker.notify();
    return outcome;
  };
  const app = createHttpApp(
    log,
    [
      healthRouter(async () => ({
        inbox: await inbox.queue.countOpen(),
        outbox: await outboxStore.queue.countOpen(),
      })),
      callbackRouter({
        secrets: config.wecom,
        agentId: config.wecom.agentId,
        maxAgeSeconds: config.wecom.callbackMaxAgeSeconds,
        clock,
        log: log.child({ part: "callback" }),
        inFlight: beat.acceptPriority,
        accept,
      }),
      mpRouter({
        core,
        clock,
        corpId: config.wecom.corpId,
        exchangeLoginCode: (code) => beat.wecom.miniProgramSession(code),
        changed: () => rescan.poke(),
        quoteSubmitted: async (submitted) => {
          await beat.queueNotice(
            submitted.approval.touser,
            renderQuoteApproval(submitted),
            `quote:${submitted.quote.id}:approval`,
          );
        },
      }),
      adminRouter({
        core,
        clock,
        adminToken: config.adminApiToken,
        jobs,
        queues: { inbox: inbox.queue, outbox: outboxStore.queue },
        weights: config.rules.health.weights,
      }),
      callSummaryRouter({
        secret: config.callSummarySecret,
        clock,
        log: log.child({ part: "call-summaries" }),
        accept,
        isTeamMember: async (userid) => (await core.findPerson(userid)) !== null,
        storedPayload: (key) => inbox.payloadOf(key),
      }),
    ],
    { trustProxy: config.trustProxy },
  );
  let server: Server;
  try {
    server = await listen(app.callback(), config.port, config.host, log);
  } catch (error) {
    await db.close();
    throw error;
  }
  const { port } = server.address() as AddressInfo;
  if (config.inboxWorker) {
    if (db.kind === "sqlite") {
      const released =
        (await inbox.queue.releaseAllClaims()) + (await outboxStore.queue.releaseAllClaims());
      if (released > 0)
        log.warn({ released }, "rows claimed by a previous process handed back to the workers");
    }
    worker.start();
    outbox.start();
    jobs.start();
  }
  if (!config.callSummarySecret) {
    log.info("CALL_SUMMARY_SECRET is not set: /api/call-summaries answers 503");
  }
  log.info({ port, database: config.database.kind, worker: config.inboxWorker }, "beat listening");

  return {
    ...beat,
    url: `http://127.0.0.1:${port}`,
    port,
    stop: async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await jobs.stop();
      await worker.stop();
      await rescan.stop();
      await outbox.stop();
      await db.close();
    },
  };
}

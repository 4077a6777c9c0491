import "reflect-metadata";
import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import { DataSource, type EntityManager } from "typeorm";
import type { DatabaseTarget } from "../config";
import { BeatError } from "../errors";
import { Attachment } from "./entities/attachment.entity";
import { CardTask } from "./entities/card-task.entity";
import { Commitment } from "./entities/commitment.entity";
import { Contact } from "./entities/contact.entity";
import { Customer } from "./entities/customer.entity";
import { Demand } from "./entities/demand.entity";
import { ExternalContact } from "./entities/external-contact.entity";
import { InboxItem } from "./entities/inbox-item.entity";
import { Interaction } from "./entities/interaction.entity";
import { JobRun } from "./entities/job-run.entity";
import { MpSession } from "./entities/mp-session.entity";
import { Objection } from "./entities/objection.entity";
import { Opportunity } from "./entities/opportunity.entity";
import { OpportunityEvent } from "./entities/opportunity-event.entity";
import { OpportunityField } from "./entities/opportunity-field.entity";
import { OutboxMessage } from "./entities/outbox-message.entity";
import { Person } from "./entities/person.entity";
import { PipelineVersion } from "./entities/pipeline-version.entity";
import { Quote } from "./entities/quote.entity";
import { RedDot } from "./entities/red-dot.entity";
import { RepContext } from "./entities/rep-context.entity";
import { StageTimeout } from "./entities/stage-timeout.entity";
import { Foundation1764700000000 as PgFoundation } from "./migrations/postgres/1764700000000-foundation";
import { CustomerRecord1764800000000 as PgCustomerRecord } from "./migrations/postgres/1764800000000-customer-record";
import { Pipeline1764900000000 as PgPipeline } from "./migrations/postgres/1764900000000-pipeline";
import { RedDots1765000000000 as PgRedDots } from "./migrations/postgres/1765000000000-red-dots";
import { OutboxRecipientIndex1765100000000 } from "./migrations/shared/1765100000000-outbox-recipient-index";
import { Foundation1764700000000 as SqliteFoundation } from "./migrations/sqlite/1764700000000-foundation";
import { CustomerRecord1764800000000 as SqliteCustomerRecord } from "./migrations/sqlite/1764800000000-customer-record";
import { Pipeline1764900000000 as SqlitePipeline } from "./migrations/sqlite/1764900000000-pipeline";
import { RedDots1765000000000 as SqliteRedDots } from "./migrations/sqlite/1765000000000-red-dots";

export const ENTITIES = [
  Person,
  Customer,
  Contact,
  InboxItem,
  OutboxMessage,
  Interaction,
  Demand,
  Objection,
  Commitment,
  RepContext,
  CardTask,
  ExternalContact,
  PipelineVersion,
  Opportunity,
  OpportunityField,
  Attachment,
  OpportunityEvent,
  StageTimeout,
  MpSession,
  JobRun,
  RedDot,
  Quote,
];

// The SQL differs per dialect (AUTOINCREMENT vs SERIAL, boolean defaults), so each driver has its own
// migration list. Add a new migration to both lists, in order.
const SQLITE_MIGRATIONS = [
  SqliteFoundation,
  SqliteCustomerRecord,
  SqlitePipeline,
  SqliteRedDots,
  OutboxRecipientIndex1765100000000,
];
const POSTGRES_MIGRATIONS = [
  PgFoundation,
  PgCustomerRecord,
  PgPipeline,
  PgRedDots,
  OutboxRecipientIndex1765100000000,
];

/** The data source plus the one way to run a transaction that is safe on both drivers. */
export interface Database {
  readonly kind: DatabaseTarget["kind"];
  readonly dataSource: DataSource;
  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T>;
  /**
   * Runs one hand-written statement and returns its rows, including those of `RETURNING`. For the few
   * hot paths where the ORM's overhead shows; write placeholders with `param(n)` (1-based). With
   * `manager`, the statement runs inside that manager's transaction.
   */
  rows<T>(sql: string, parameters: unknown[], manager?: EntityManager): Promise<T[]>;
  /** The n-th (1-based) placeholder in this dialect: `$n` on PostgreSQL, `?` (bound by position) on SQLite. */
  param(n: number): string;
  close(): Promise<void>;
}

function buildDataSource(target: DatabaseTarget): DataSource {
  if (target.kind === "sqlite") {
    if (target.path !== ":memory:") {
      mkdirSync(dirname(target.path), { recursive: true });
    }

    return new DataSource({
      type: "better-sqlite3",
      database: target.path,
      entities: ENTITIES,
      migrations: SQLITE_MIGRATIONS,
      synchronize: false,
      prepareDatabase: (db: { pragma(sql: string): unknown }) => {
        // WAL lets the dashboard read while the worker writes; busy_timeout makes a second process
        // (import while the server runs) wait for the lock instead of failing at once.
        db.pragma("journal_mode = WAL");
        db.pragma("synchronous = NORMAL");
        db.pragma("busy_timeout = 5000");
        db.pragma("foreign_keys = ON");
        // The morning scan reads a million interactions several times over; SQLite's default 2 MB
        // page cache would reread them from the file each time.
        db.pragma("cache_size = -65536");
        db.pragma("temp_store = MEMORY");
      },
    });
  }

  return new DataSource({
    type: "postgres",
    url: target.url,
    entities: ENTITIES,
    migrations: POSTGRES_MIGRATIONS,
    synchronize: false,
    extra: target.searchPath ? { options: `-c search_path=${target.searchPath}` } : undefined,
  });
}

/**
 * better-sqlite3 has one connection, and TypeORM 1.1 fails both sides of two overlapping
 * `transaction()` calls on it ("cannot start a transaction within a transaction"). Chaining them
 * on one promise makes SQLite transactions take turns; PostgreSQL runs them concurrently.
 */
function serialized(): <T>(work: () => Promise<T>) => Promise<T> {
  let tail: Promise<unknown> = Promise.resolve();

  return <T>(work: () => Promise<T>) => {
    const run = tail.then(work, work);
    tail = run.catch(() => undefined);
    return run;
  };
}

/** Opens the database and brings its schema up to date. Never synchronizes: migrations only. */
export async function openDatabase(target: DatabaseTarget): Promise<Database> {
  const dataSource = buildDataSource(target);
  try {
    await dataSource.initialize();
    await dataSource.runMigrations({ transaction: "each" });
  } catch (error) {
    if (dataSource.isInitialized) {
      await dataSource.destroy().catch(() => undefined);
    }
    // Name the variable to fix: the driver's own message (ECONNREFUSED, "file is not a database")
    // does not say where the address came from.
    const reason = error instanceof Error ? error.message : String(error);
    throw new BeatError(
      "database_unavailable",
      `DATABASE_URL: cannot open the ${target.kind === "sqlite" ? `SQLite file ${target.path}` : "PostgreSQL database"}: ${reason}`,
      503,
    );
  }
  const queue = target.kind === "sqlite" ? serialized() : <T>(work: () => Promise<T>) => work();

  return {
    kind: target.kind,
    dataSource,
    transaction: (work) => queue(() => dataSource.transaction(work)),
    rows: async <T>(sql: string, parameters: unknown[], manager?: EntityManager) => {
      // A structured result carries `records` on both drivers; the plain one differs (PostgreSQL
      // answers UPDATE … RETURNING with [rows, count]).
      if (manager?.queryRunner) {
        return (await manager.queryRunner.query(sql, parameters, true)).records as T[];
      }
      const runner = dataSource.createQueryRunner();
      try {
        return (await runner.query(sql, parameters, true)).records as T[];
      } finally {
        await runner.release();
      }
    },
    param: (n) => (target.kind === "postgres" ? `$${n}` : "?"),
    close: () => dataSource.destroy(),
  };
}

import schedule from "node-schedule";
import type { Logger } from "../logger";

/** A scheduled job: a name, when it runs, and what it does as if at a given time. */
export interface Job {
  name: string;
  /** Five-field cron, read in Asia/Shanghai. */
  cron: string;
  run(at: Date): Promise<Record<string, number>>;
}

/** How runs claim their slot, so that several processes run a scheduled slot once in total. */
export interface SlotClaims {
  claim(job: string, at: Date): Promise<boolean>;
  finish(job: string, at: Date, counts: Record<string, number>): Promise<void>;
}

/**
 * Runs jobs on their schedules (node-schedule, Asia/Shanghai). A scheduled run first claims its slot
 * in the database, so with several processes only one runs it; within a process, runs of one job take
 * turns. Each run logs one summary line with its counts.
 */
export class JobScheduler {
  private readonly scheduled: schedule.Job[] = [];
  private readonly running = new Map<string, Promise<unknown>>();

  constructor(
    private readonly jobs: Job[],
    private readonly log: Logger,
    private readonly slots: SlotClaims,
  ) {}

  get names(): string[] {
    return this.jobs.map((j) => j.name);
  }

  start(): void {
    for (const job of this.jobs) {
      const handle = schedule.scheduleJob(
        { rule: job.cron, tz: "Asia/Shanghai" },
        (fireDate: Date) => {
          this.run(job.name, fireDate, { claim: true }).catch(() => undefined);
        },
      );
      if (handle) this.scheduled.push(handle);
    }
  }

  /**
   * Runs one job now, as if at `at`, and resolves with its counts. With `claim`, the run first takes
   * its slot and is skipped (resolving `{ skipped: 1 }`) when another run already has it; without,
   * it runs regardless, as an operator's explicit request does.
   */
  async run(
    name: string,
    at: Date,
    options: { claim?: boolean } = {},
  ): Promise<Record<string, number>> {
    const job = this.jobs.find((j) => j.name === name);
    if (!job) {
      throw new Error(`no job named ${name}; jobs: ${this.names.join(", ")}`);
    }
    if (options.claim && !(await this.slots.claim(name, at))) {
      this.log.info({ job: name, at: at.toISOString() }, "job slot already run by another process");
      return { skipped: 1 };
    }
    const busy = this.running.get(name);
    if (busy) {
      await busy.catch(() => undefined);
    }
    const started = performance.now();
    const run = job.run(at);
    this.running.set(name, run);
    try {
      const counts = await run;
      const ms = Math.round(performance.now() - started);
      this.log.info({ job: name, at: at.toISOString(), ms, ...counts }, "job ran");
      if (options.claim) await this.slots.finish(name, at, counts);
      return counts;
    } catch (error) {
      this.log.error(
        { job: name, err: (error as { code?: string }).code ?? (error as Error).name },
        "job failed",
      );
      throw error;
    } finally {
      this.running.delete(name);
    }
  }

  async stop(): Promise<void> {
    for (const handle of this.scheduled.splice(0)) handle.cancel();
    await Promise.allSettled([...this.running.values()]);
  }
}

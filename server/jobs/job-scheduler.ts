import schedule from "node-schedule";
import type { Logger } from "../logger";

/** A scheduled job: a name, when it runs, and what it does as if at a given time. */
export interface Job {
  name: string;
  /** Five-field cron, read in Asia/Shanghai. */
  cron: string;
  run(at: Date): Promise<Record<string, number>>;
}

/**
 * Runs jobs on their schedules (node-schedule, Asia/Shanghai), one run of a job at a time: a slow run
 * is not overtaken by the next tick. Each run logs one summary line with its counts.
 */
export class JobScheduler {
  private readonly scheduled: schedule.Job[] = [];
  private readonly running = new Map<string, Promise<unknown>>();

  constructor(
    private readonly jobs: Job[],
    private readonly log: Logger,
  ) {}

  start(): void {
    for (const job of this.jobs) {
      const handle = schedule.scheduleJob(
        { rule: job.cron, tz: "Asia/Shanghai" },
        (fireDate: Date) => {
          void this.run(job.name, fireDate).catch(() => undefined);
        },
      );
      if (handle) this.scheduled.push(handle);
    }
  }

  /** Runs one job now, as if at `at`; resolves with its counts. */
  async run(name: string, at: Date): Promise<Record<string, number>> {
    const job = this.jobs.find((j) => j.name === name);
    if (!job) {
      throw new Error(`no job named ${name}; jobs: ${this.jobs.map((j) => j.name).join(", ")}`);
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
      this.log.info(
        { job: name, at: at.toISOString(), ms: Math.round(performance.now() - started), ...counts },
        "job ran",
      );
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

/**
 * Runs `work` at most once per `waitMs`, after the last poke: many changes in a burst (a morning of
 * chats) cause one run, not one each. A poke during a run schedules one more run after it.
 */
export function debounced(
  work: () => Promise<unknown>,
  waitMs: number,
  onError: (error: unknown) => void,
) {
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<unknown> | null = null;
  const fire = () => {
    timer = null;
    running = (running ?? Promise.resolve())
      .then(work)
      .catch(onError)
      .finally(() => {
        running = null;
      });
  };

  return {
    poke(): void {
      if (timer) clearTimeout(timer);
      timer = setTimeout(fire, waitMs);
      timer.unref();
    },
    /** Cancels a pending run and waits for one in progress. */
    async stop(): Promise<void> {
      if (timer) clearTimeout(timer);
      timer = null;
      await running;
    },
  };
}

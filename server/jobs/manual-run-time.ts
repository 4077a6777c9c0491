const HOUR = 3_600_000;

/** How far back a job may be run by hand: a slot missed today, while Beat was down, say. */
export const MANUAL_RUN_PAST_MS = 24 * HOUR;
/** Clock drift between the caller and Beat that is not yet "ahead of time". */
const MANUAL_RUN_AHEAD_MS = 5 * 60_000;

/**
 * Why a job may not be run by hand as of `at`, or null when it may. Ahead of time, a scan would send
 * alerts for deadlines that have not passed and the digest would use up that morning's digest (a
 * person gets one per day); far in the past, a scan would close every red dot that did not exist
 * then. So a manual run is for the last day, up to now.
 */
export function manualRunRefusal(at: Date, now: Date): string | null {
  if (at.getTime() > now.getTime() + MANUAL_RUN_AHEAD_MS) {
    return "a job cannot run ahead of its time: it would act on deadlines that have not passed";
  }
  if (at.getTime() < now.getTime() - MANUAL_RUN_PAST_MS) {
    return "a job can be run by hand for the last 24 hours only: an older time would undo what has happened since";
  }

  return null;
}

/**
 * The thresholds behind red dots and contact health (DESIGN.md, 红点 and 客户接触健康度). They are
 * configuration, read from the environment once; these are the defaults.
 */
export interface RuleSettings {
  redDots: {
    /** A demand with no response this long is a red dot. */
    demandHours: number;
    /** An objection with no closing action this long. */
    objectionHours: number;
    /** A key customer with no interaction this long. */
    keySilentDays: number;
    /** An open opportunity nobody updated this long. */
    staleDays: number;
    /** A quote waiting this long for its manager's decision. */
    quoteHours: number;
    /** This many stale-opportunity red dots for one rep within staleRepeatDays opens a manager item. */
    staleRepeat: number;
    staleRepeatDays: number;
  };
  health: {
    windowDays: number;
    targets: { demandResponse: number; coverage: number; objectionClosure: number };
    /** Compensation weights carried in the monthly export. */
    weights: { coverage: number; objectionClosure: number };
  };
}

export const DEFAULT_RULES: RuleSettings = {
  redDots: {
    demandHours: 24,
    objectionHours: 72,
    keySilentDays: 7,
    staleDays: 7,
    quoteHours: 4,
    staleRepeat: 3,
    staleRepeatDays: 30,
  },
  health: {
    windowDays: 30,
    targets: { demandResponse: 0.85, coverage: 0.6, objectionClosure: 0.75 },
    weights: { coverage: 0.08, objectionClosure: 0.07 },
  },
};

/**
 * Health-check activity every service answers on its own task queue, so the
 * orchestrator (and tests) can prove the path workflow → service works end to end.
 */
export interface PingInput {
  from: string;
}

export interface PingResult {
  service: string;
  answeredBy: string;
}

export interface PingActivities {
  ping(input: PingInput): Promise<PingResult>;
}

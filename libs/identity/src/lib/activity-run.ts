/**
 * What a service method needs to know about the activity run it serves: the
 * idempotency key (the same on every retry of one activity) and the attempt
 * number. TemporalActivityContext satisfies it; tests pass plain objects.
 */
export interface ActivityRun {
  readonly idempotencyKey: string;
  readonly attempt: number;
}

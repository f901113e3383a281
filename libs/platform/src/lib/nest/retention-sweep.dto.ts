import type { RetentionSweepInput } from '@rightsflow/contracts';
import { IsBoolean, IsInt, IsISO8601, Min } from 'class-validator';

/** The retention workflow's input to every service's sweep (contract: RetentionSweepInput), validated the same way everywhere. */
export class RetentionSweepDto implements RetentionSweepInput {
  @IsISO8601({ strict: true })
  now!: string;

  @IsBoolean()
  dryRun!: boolean;

  /** R21: never below 24. */
  @IsInt()
  @Min(24)
  requestLogRetentionMonths!: number;
}

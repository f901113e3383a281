import type { Actor, ClaimQuotaInput, FindDuplicateInput, LoggedTransitionInput, RecordTransitionInput, RecordTransitionsInput } from '@rightsflow/contracts';
import { Type } from 'class-transformer';
import { isValidTimeZone, LIFECYCLE_STATES, LifecycleState } from '@rightsflow/domain';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsInt, IsISO8601, IsOptional, IsString, Matches, MaxLength, Min, Validate, ValidateIf, ValidateNested, ValidatorConstraint, ValidatorConstraintInterface } from 'class-validator';
import { REQUEST_ID_PATTERN } from '../registry/ids';

/** Inputs of the intake activities, validated by the global pipe (a bad field becomes a non-retryable ValidationError). */

@ValidatorConstraint({ name: 'ianaTimeZone' })
class IanaTimeZone implements ValidatorConstraintInterface {
  validate(value: unknown): boolean {
    return isValidTimeZone(value);
  }
  defaultMessage(): string {
    return 'timeZone must be an IANA time zone';
  }
}

const ISO = { strict: true, strictSeparator: true } as const;

/** A transition without its request: an entry of a batch, and the body of a single transition. */
export class LoggedTransitionDto implements LoggedTransitionInput {
  @ValidateIf((input: LoggedTransitionDto) => input.from !== null)
  @IsIn(LIFECYCLE_STATES)
  from!: LifecycleState | null;

  @IsIn(LIFECYCLE_STATES)
  to!: LifecycleState;

  @Matches(/^(operator:\S.{0,199}|subject|agent|system)$/, { message: 'actor must be subject, agent, system or operator:<name>' })
  actor!: Actor;

  @IsISO8601(ISO)
  at!: string;

  @IsOptional()
  @IsString()
  @MaxLength(4000)
  note?: string;

  @IsOptional()
  @IsISO8601(ISO)
  dueAt?: string;

  @IsOptional()
  @IsString()
  @MaxLength(200)
  attestation?: string;
}

export class RecordTransitionDto extends LoggedTransitionDto implements RecordTransitionInput {
  @Matches(REQUEST_ID_PATTERN, { message: 'requestId must look like req_ + 16 base32 characters' })
  requestId!: string;
}

/** A workflow step's transitions, in order (a batch is a few entries; 50 is far beyond any step). */
export class RecordTransitionsDto implements RecordTransitionsInput {
  @Matches(REQUEST_ID_PATTERN, { message: 'requestId must look like req_ + 16 base32 characters' })
  requestId!: string;

  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => LoggedTransitionDto)
  transitions!: LoggedTransitionDto[];
}

export class ClaimQuotaDto implements ClaimQuotaInput {
  @Matches(REQUEST_ID_PATTERN, { message: 'requestId must look like req_ + 16 base32 characters' })
  requestId!: string;

  @IsISO8601(ISO)
  at!: string;

  @IsInt()
  @Min(1)
  limit!: number;

  @Validate(IanaTimeZone)
  timeZone!: string;
}

export class FindDuplicateDto implements FindDuplicateInput {
  @Matches(REQUEST_ID_PATTERN, { message: 'requestId must look like req_ + 16 base32 characters' })
  requestId!: string;
}

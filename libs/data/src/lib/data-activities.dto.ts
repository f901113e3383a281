import type { CorrectionInput, ExportInput, SubjectRef } from '@rightsflow/contracts';
import { CHANNELS, Channel, JURISDICTIONS, Jurisdiction } from '@rightsflow/domain';
import {
  ArrayMaxSize,
  ArrayNotEmpty,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsISO8601,
  IsNotEmpty,
  IsOptional,
  IsString,
  Max,
  MaxLength,
  Min,
} from 'class-validator';

/** Inputs of the data service's activities, validated by the global pipe (bad input = non-retryable ValidationError). */
export class SubjectRefDto implements SubjectRef {
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  requestId!: string;

  @IsString()
  @IsNotEmpty()
  @MaxLength(4_000)
  sealedSubjectEmail!: string;
}

export class ExportInputDto extends SubjectRefDto implements ExportInput {
  @IsIn(['access', 'access_categories', 'portability'])
  type!: ExportInput['type'];

  @IsIn(JURISDICTIONS)
  jurisdiction!: Jurisdiction;

  @IsInt()
  @Min(1)
  @Max(90)
  linkDays!: number;
}

export class CorrectionInputDto extends SubjectRefDto implements CorrectionInput {
  @IsString()
  @IsNotEmpty()
  @MaxLength(100_000)
  sealedCorrections!: string;
}

export class RestrictionInputDto extends SubjectRefDto {
  @IsBoolean()
  lift!: boolean;
}

export class UnsubscribeInputDto extends SubjectRefDto {
  @IsArray()
  @ArrayNotEmpty()
  @ArrayMaxSize(CHANNELS.length)
  @IsIn(CHANNELS, { each: true })
  channels!: Channel[];
}

export class OptOutInputDto extends SubjectRefDto {
  @IsIn(['sale_sharing', 'sensitive_use'])
  kind!: 'sale_sharing' | 'sensitive_use';
}

export class DeleteExpiredBundlesDto {
  @IsOptional()
  @IsISO8601()
  now?: string;
}

import { AssessAssuranceInput, CheckSecretInput, IssueChallengeInput, PerjuryDeclaration } from '@rightsflow/contracts';
import { JURISDICTIONS, Jurisdiction, VERIFICATION_LEVELS, VerificationLevel } from '@rightsflow/domain';
import { IsVerificationSecretHash } from '@rightsflow/platform';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsISO8601,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';

/** Request ids are the registry's random ids: letters, digits, '-' and '_' only. */
const REQUEST_ID = /^[A-Za-z0-9_-]{1,64}$/;
/** A value sealed by @rightsflow/platform's seal(): v1.<iv>.<tag>.<ciphertext>. */
const SEALED = /^v1\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/;
const CHALLENGE_ID = /^ch_[A-Za-z0-9_-]{22}$/;

const requestIdMessage = { message: 'requestId must be 1-64 letters, digits, - or _' };
const sealedMessage = (field: string) => ({ message: `${field} must be a sealed value` });

export class IssueChallengeDto implements IssueChallengeInput {
  @Matches(REQUEST_ID, requestIdMessage)
  requestId!: string;

  @IsIn(['subject', 'agent'])
  party!: 'subject' | 'agent';

  @Matches(SEALED, sealedMessage('sealedSubjectEmail'))
  sealedSubjectEmail!: string;

  @IsInt()
  @Min(1)
  @Max(24 * 60)
  codeTtlMinutes!: number;

  /** Bounded: every attempt is a stored slot. */
  @IsInt()
  @Min(1)
  @Max(20)
  maxAttempts!: number;

  @IsOptional()
  @IsString()
  @MaxLength(200)
  agentPermissionRef?: string;

  @IsOptional()
  @IsBoolean()
  powerOfAttorney?: boolean;
}

export class PerjuryDeclarationDto implements PerjuryDeclaration {
  @Matches(SEALED, sealedMessage('sealedSignedName'))
  sealedSignedName!: string;

  @IsBoolean()
  acceptedPenaltyOfPerjury!: boolean;

  @IsISO8601({ strict: true })
  signedAt!: string;
}

/** What the R09 assessment is given besides the request: assessAssurance's input, or checkSecret's assessWhenVerified. */
export class AssuranceInputsDto implements Omit<AssessAssuranceInput, 'requestId'> {
  @IsIn(VERIFICATION_LEVELS)
  required!: VerificationLevel;

  @IsIn(JURISDICTIONS)
  jurisdiction!: Jurisdiction;

  @Matches(SEALED, sealedMessage('sealedSubjectEmail'))
  sealedSubjectEmail!: string;

  @IsOptional()
  @Matches(SEALED, sealedMessage('sealedDataPoints'))
  sealedDataPoints?: string;

  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @MaxLength(100, { each: true })
  excludeFields?: string[];

  @IsOptional()
  @Matches(SEALED, sealedMessage('sealedCorrections'))
  sealedCorrections?: string;

  @IsOptional()
  @ValidateNested()
  @Type(() => PerjuryDeclarationDto)
  declaration?: PerjuryDeclarationDto;
}

export class AssessAssuranceDto extends AssuranceInputsDto implements AssessAssuranceInput {
  @Matches(REQUEST_ID, requestIdMessage)
  requestId!: string;
}

export class CheckSecretDto implements CheckSecretInput {
  @Matches(REQUEST_ID, requestIdMessage)
  requestId!: string;

  @Matches(CHALLENGE_ID, { message: 'challengeId must be a challenge id issued by identity' })
  challengeId!: string;

  @IsVerificationSecretHash()
  secretHash!: string;

  @IsIn(['code', 'link'])
  kind!: 'code' | 'link';

  @IsOptional()
  @ValidateNested()
  @Type(() => AssuranceInputsDto)
  assessWhenVerified?: AssuranceInputsDto;
}

export class PurgeVerificationDataDto {
  @Matches(REQUEST_ID, requestIdMessage)
  requestId!: string;
}

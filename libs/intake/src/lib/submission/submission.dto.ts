import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { LOCALES, Locale } from '@rightsflow/contracts';
import { CHANNELS, Channel, JURISDICTIONS, Jurisdiction, REQUEST_TYPES, RequestType } from '@rightsflow/domain';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsEmail,
  IsIn,
  IsObject,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import { IsPlainText } from './plain-text';

/**
 * A request as the subject (or their agent) submits it, through the API (JSON)
 * or the web form. Unknown fields are refused; cross-field rules (what each
 * request type needs) live in validate-submission.ts.
 */

export class DataPointsDto {
  @ApiPropertyOptional({ description: 'Customer or account number, if the person has one.', example: 'CUST-10442' })
  @IsOptional()
  @IsString()
  @Matches(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, { message: '$property must be letters, digits, dots, dashes or underscores (at most 64)' })
  accountId?: string;

  @ApiPropertyOptional({ description: 'Phone number on record, international format preferred.', example: '+1 415 555 0100' })
  @IsOptional()
  @IsString()
  @Matches(/^\+?[0-9][0-9 ().-]{5,24}$/, { message: '$property must be a phone number (digits, spaces, + ( ) . -)' })
  phone?: string;
}

/** Zero-width and other invisible format characters (they make one address look like another). */
const NO_INVISIBLES = /^[^\u00ad\u200b-\u200f\u2060-\u2064\ufeff]*$/;

export const CORRECTABLE_FIELDS = ['name', 'email', 'phone', 'postalAddress', 'dateOfBirth', 'accountDetails', 'other'] as const;

export class CorrectionDto {
  @ApiProperty({ description: 'Which piece of data is wrong.', enum: CORRECTABLE_FIELDS, example: 'postalAddress' })
  @IsIn(CORRECTABLE_FIELDS)
  field!: (typeof CORRECTABLE_FIELDS)[number];

  @ApiProperty({ description: 'What it should be.', example: '12 Rue de la Paix, 75002 Paris' })
  @IsPlainText()
  @MaxLength(500)
  value!: string;

  @ApiPropertyOptional({ description: 'What is wrong with it now, in the person’s words.', example: 'My old address is still shown' })
  @IsOptional()
  @IsPlainText()
  @MaxLength(1000)
  whatIsWrong?: string;
}

export class AgentDto {
  @ApiProperty({ description: 'The authorized agent’s full name (R11).', example: 'Grace Hopper' })
  @IsPlainText()
  @MaxLength(100)
  name!: string;

  @ApiProperty({ description: 'The agent’s email: the agent verifies it.', example: 'agent@example.org' })
  @IsEmail({}, { message: '$property must be an email address' })
  @IsPlainText()
  @Matches(NO_INVISIBLES, { message: '$property must not contain invisible characters' })
  @MaxLength(254)
  email!: string;

  @ApiPropertyOptional({ description: 'The permission uploaded is a power of attorney: the subject need not confirm (R11).', default: false })
  @IsOptional()
  @IsBoolean()
  powerOfAttorney?: boolean;
}

export class DeclarationDto {
  @ApiProperty({ description: 'Full name typed as a signature.', example: 'Ada Lovelace' })
  @IsPlainText()
  @MaxLength(100)
  signedName!: string;

  @ApiProperty({ description: 'I declare under penalty of perjury that I am the person whose information is requested (R09).', enum: [true] })
  @IsIn([true], { message: '$property must be true to sign the declaration' })
  acceptPenaltyOfPerjury!: true;
}

export class SubmitRequestDto {
  @ApiProperty({ enum: REQUEST_TYPES, example: 'access' })
  @IsIn(REQUEST_TYPES)
  type!: RequestType;

  @ApiProperty({ enum: JURISDICTIONS, example: 'GDPR' })
  @IsIn(JURISDICTIONS)
  jurisdiction!: Jurisdiction;

  @ApiProperty({ description: 'The data subject’s email; all messages about the request go here (or to the agent).', example: 'ada@example.com' })
  // isEmail takes Unicode; bidi overrides, control and invisible characters are no part of an address anyone types.
  @IsEmail({}, { message: '$property must be an email address' })
  @IsPlainText()
  @Matches(NO_INVISIBLES, { message: '$property must not contain invisible characters' })
  @MaxLength(254)
  email!: string;

  @ApiPropertyOptional({ description: 'Full name. Needed for every type except the opt-outs (R04), which ask for nothing more than the email.', example: 'Ada Lovelace' })
  @IsOptional()
  @IsPlainText()
  @MaxLength(100)
  name?: string;

  @ApiPropertyOptional({ type: DataPointsDto, description: 'Optional details that help find and verify the person.' })
  @IsOptional()
  // An array passes @ValidateNested (each element checked, none there): these must be one object.
  @IsObject()
  @ValidateNested()
  @Type(() => DataPointsDto)
  dataPoints?: DataPointsDto;

  @ApiPropertyOptional({ type: [CorrectionDto], description: 'Correction requests only: what is wrong and what it should be.' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(10)
  @IsObject({ each: true })
  @ValidateNested({ each: true })
  @Type(() => CorrectionDto)
  corrections?: CorrectionDto[];

  @ApiPropertyOptional({ enum: CHANNELS, isArray: true, description: 'Objection (unsubscribe) requests only: the channels to stop.' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(CHANNELS.length)
  @IsIn(CHANNELS, { each: true })
  channels?: Channel[];

  @ApiPropertyOptional({ type: AgentDto, description: 'Set when an authorized agent submits for the subject; the signed permission is uploaded with it (multipart).' })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => AgentDto)
  agent?: AgentDto;

  @ApiPropertyOptional({ type: DeclarationDto, description: 'CCPA specific pieces (access, portability): signed declaration for the reasonably high level (R09).' })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => DeclarationDto)
  declaration?: DeclarationDto;

  @ApiPropertyOptional({ enum: LOCALES, description: 'The language of the request’s emails (the web form sends the page’s); default: the configured LOCALE.' })
  @IsOptional()
  @IsIn(LOCALES)
  locale?: Locale;
}

export class SubmitCodeDto {
  @ApiProperty({ description: 'The 6-digit code from the email.', example: '042917' })
  code!: string;
}

export class StatusTokenDto {
  @ApiProperty({ description: 'The status token returned at submission (or the signed token from a status link).' })
  token!: string;
}

import { LOCALES, MessageFacts, MessageKind, OPERATOR_MESSAGES, SUBJECT_MESSAGES } from '@rightsflow/contracts';
import { CHANNELS, JURISDICTIONS, REQUEST_TYPES } from '@rightsflow/domain';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  Equals,
  IsArray,
  IsIn,
  IsInt,
  IsISO8601,
  IsObject,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  ValidateIf,
  ValidateNested,
} from 'class-validator';

const ABSOLUTE_HTTP_URL = /^https?:\/\/\S+$/;

/** Exactly one of the two: a subject/agent's sealed address, or the operators. */
export class RecipientDto {
  @ValidateIf((recipient: RecipientDto) => recipient.operator === undefined)
  @IsString()
  @Matches(/^v1\./, { message: 'sealedEmail must be a sealed value (seal() from libs/platform)' })
  sealedEmail?: string;

  @ValidateIf((recipient: RecipientDto) => recipient.sealedEmail === undefined)
  @Equals(true, { message: 'operator must be true when there is no sealedEmail' })
  operator?: true;
}

/** The contract's MessageFacts, each typed; which ones a kind needs is checked when rendering. */
export class MessageFactsDto implements MessageFacts {
  @IsOptional() @IsIn(REQUEST_TYPES) requestType?: string;
  @IsOptional() @IsIn(JURISDICTIONS) jurisdiction?: string;
  @IsOptional() @IsISO8601() dueAt?: string;
  @IsOptional() @IsISO8601() newDueAt?: string;
  @IsOptional() @IsString() @MaxLength(2000) reason?: string;
  @IsOptional() @IsISO8601() nextOwedAt?: string;
  @IsOptional()
  @Matches(ABSOLUTE_HTTP_URL, { message: 'downloadUrl must be an absolute http(s) URL' })
  downloadUrl?: string;
  @IsOptional() @IsISO8601() linkExpiresAt?: string;
  @IsOptional()
  @Matches(ABSOLUTE_HTTP_URL, { message: 'statusUrl must be an absolute http(s) URL' })
  statusUrl?: string;
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @MaxLength(500, { each: true })
  exceptions?: string[];
  @IsOptional() @IsArray() @IsIn(CHANNELS, { each: true }) channels?: string[];
  @IsOptional() @IsInt() daysLeft?: number;
  @IsOptional() @IsString() @MaxLength(200) activity?: string;
  @IsOptional() @IsString() @Matches(/^v1\./, { message: 'sealedCode must be a sealed value' }) sealedCode?: string;
  @IsOptional()
  @IsString()
  @Matches(/^v1\./, { message: 'sealedLinkToken must be a sealed value' })
  sealedLinkToken?: string;
  @IsOptional() @IsISO8601() codeExpiresAt?: string;
}

/** The contract's SendMessageInput as it arrives over Temporal, validated field by field. */
export class SendMessageDto {
  /** Shown to people as their reference; never personal data. */
  @IsString()
  @Matches(/^[A-Za-z0-9_-]{1,100}$/, { message: 'requestId must be 1-100 letters, digits, _ or -' })
  requestId!: string;

  @IsIn([...SUBJECT_MESSAGES, ...OPERATOR_MESSAGES])
  kind!: MessageKind;

  @IsObject()
  @ValidateNested()
  @Type(() => RecipientDto)
  to!: RecipientDto;

  @IsObject()
  @ValidateNested()
  @Type(() => MessageFactsDto)
  facts!: MessageFactsDto;

  @IsOptional()
  @IsString()
  @Matches(/^[A-Za-z0-9_.:#-]{1,100}$/, { message: 'dedupeKey must be 1-100 letters, digits or _.:#-' })
  dedupeKey?: string;

  @IsOptional()
  @IsIn(LOCALES)
  locale?: string;
}

/** The contract's SendMessagesInput: a few messages for one request, in order, each with its own dedupe key. */
export class SendMessagesDto {
  @IsArray()
  @ArrayMinSize(1)
  // A step's emails (an acknowledgement and a challenge): a handful, never a mailing.
  @ArrayMaxSize(5)
  @ArrayUnique((message: SendMessageDto) => message?.dedupeKey ?? message?.kind, {
    message: 'messages must each have their own dedupe key (or kind)',
  })
  @ValidateNested({ each: true })
  @Type(() => SendMessageDto)
  messages!: SendMessageDto[];
}

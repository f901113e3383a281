import { APPEAL_OUTCOMES, AppealOutcome, DENIAL_BASES, DenialBasis } from '@rightsflow/contracts';
import { IsIn, IsOptional, IsString, Matches, MaxLength, MinLength } from 'class-validator';
import { OPERATOR_ROLES, OperatorRole } from './operator-credential.schema';
import { OPERATOR_NAME_PATTERN } from './operator-credentials';

// No `operator` field anywhere: the operator is the credential's. The strict
// validation pipe refuses unknown fields, so a body naming one gets a 400.

export class ApproveBody {
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  note?: string;
}

export class DenyBody {
  @IsString()
  @MinLength(1)
  @MaxLength(4000)
  reason!: string;

  @IsOptional()
  @IsIn(DENIAL_BASES)
  basis?: DenialBasis;
}

/** R26: the decision on an appeal, with the written reasons sent to the person. */
export class DecideAppealBody {
  @IsIn(APPEAL_OUTCOMES)
  outcome!: AppealOutcome;

  @IsString()
  @MinLength(1)
  @MaxLength(4000)
  reasons!: string;
}

export class ExtendBody {
  @IsString()
  @MinLength(1)
  @MaxLength(4000)
  reason!: string;
}

export class CompleteTaskBody {
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  task!: string;

  @IsOptional()
  @IsString()
  @MaxLength(2000)
  note?: string;
}

export class WithdrawOnBehalfBody {
  @IsIn(['subject', 'agent'])
  by!: 'subject' | 'agent';
}

export class AddOperatorBody {
  @Matches(OPERATOR_NAME_PATTERN, { message: 'name must be 2–40 of a-z 0-9 . _ -, starting with a letter' })
  name!: string;

  @IsIn(OPERATOR_ROLES)
  role!: OperatorRole;
}

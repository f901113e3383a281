import type { RightsflowConfig } from '@rightsflow/config';
import { OperatorApi, OperatorRole } from '@rightsflow/ops';

/**
 * Adds an operator through the operator API with the bootstrap token, as
 * `npm run ops -- operators add` does, and returns the token it shows once.
 */
export async function addTestOperator(intakeUrl: string, config: RightsflowConfig, name: string, role: OperatorRole): Promise<string> {
  return (await new OperatorApi(intakeUrl.replace(/\/$/, ''), config.secrets.operatorApiToken).addOperator(name, role)).token;
}

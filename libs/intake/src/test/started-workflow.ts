import { dsarWorkflowId } from '@rightsflow/contracts';
import { eventually } from '@rightsflow/testing';
import { Client, WorkflowHandle } from '@temporalio/client';
import { WorkflowNotFoundError } from '@temporalio/common';

/**
 * The request's workflow once it exists: intake answers as soon as the request
 * is stored and starts the workflow right after (WorkflowStarter).
 */
export async function startedWorkflow(client: Client, requestId: string): Promise<WorkflowHandle> {
  const handle = client.workflow.getHandle(dsarWorkflowId(requestId));
  await eventually(() =>
    handle.describe().then(
      () => true,
      (error: unknown) => {
        if (error instanceof WorkflowNotFoundError) return undefined;
        throw error;
      },
    ),
  );
  return handle;
}

import 'reflect-metadata';
import { bootstrapWorkflowHost } from '@rightsflow/platform';
import path from 'node:path';

// The orchestrator: hosts every workflow of libs/workflows on its task queue.
const workspaceRoot = path.resolve(__dirname, '../../..');
void bootstrapWorkflowHost({
  workspaceRoot,
  workflowsPath: path.join(workspaceRoot, 'libs/workflows/src/index.ts'),
});

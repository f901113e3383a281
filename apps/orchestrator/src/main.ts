import 'reflect-metadata';
import { bootstrapWorkflowHost, ensureRetentionSchedule } from '@rightsflow/platform';
import path from 'node:path';

// The orchestrator: hosts every workflow of libs/workflows on its task queue,
// and makes sure the daily retention schedule exists.
const workspaceRoot = path.resolve(__dirname, '../../..');
void bootstrapWorkflowHost({
  workspaceRoot,
  workflowsPath: path.join(workspaceRoot, 'libs/workflows/src/index.ts'),
  onReady: async (config) => void (await ensureRetentionSchedule(config)),
});

// Every workflow the orchestrator hosts. This file is the worker's workflowsPath:
// it and everything it imports run in Temporal's deterministic sandbox.
export * from './lib/probe.workflow';
export * from './lib/run-activity.workflow';
export * from './lib/dsar/dsar.workflow';
export * from './lib/retention.workflow';

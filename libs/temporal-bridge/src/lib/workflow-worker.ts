import type { DataConverter } from '@temporalio/common';
import { NativeConnection, Worker, WorkerOptions } from '@temporalio/worker';
import { readFileSync } from 'node:fs';
import path from 'node:path';

export interface WorkflowWorkerOptions {
  connection: NativeConnection;
  namespace: string;
  taskQueue: string;
  /** Always temporalDataConverter(config): every payload encrypted. */
  dataConverter: DataConverter;
  /** Absolute path of the module that exports every workflow function. */
  workflowsPath: string;
  workspaceRoot: string;
}

/**
 * Creates the worker that hosts workflows. Temporal bundles workflow code with
 * webpack into its deterministic sandbox; the aliases of tsconfig.base.json are
 * handed to webpack so workflows import `@rightsflow/domain` like everything else.
 */
export async function createWorkflowWorker(options: WorkflowWorkerOptions): Promise<Worker> {
  return Worker.create({
    connection: options.connection,
    namespace: options.namespace,
    taskQueue: options.taskQueue,
    dataConverter: options.dataConverter,
    workflowsPath: options.workflowsPath,
    bundlerOptions: workflowBundlerOptions(options.workspaceRoot),
  });
}

/** Bundler options that resolve our path aliases (shared by the worker and the replay test). */
export function workflowBundlerOptions(workspaceRoot: string): NonNullable<WorkerOptions['bundlerOptions']> {
  const alias = workspaceAliases(workspaceRoot);
  return {
    webpackConfigHook: (config) => ({
      ...config,
      resolve: { ...config.resolve, alias: { ...(config.resolve?.alias as object), ...alias } },
    }),
  };
}

export function workspaceAliases(workspaceRoot: string): Record<string, string> {
  const tsconfig = JSON.parse(readFileSync(path.join(workspaceRoot, 'tsconfig.base.json'), 'utf8'));
  const paths: Record<string, string[]> = tsconfig.compilerOptions.paths ?? {};
  return Object.fromEntries(
    Object.entries(paths).map(([name, [target]]) => [`${name}$`, path.join(workspaceRoot, target as string)]),
  );
}

import type { DataConverter } from '@temporalio/common';
import { bundleWorkflowCode, NativeConnection, Worker, WorkerOptions } from '@temporalio/worker';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
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
  /**
   * A directory for the webpack bundle, shared by every worker of one test run
   * (WORKFLOW_BUNDLE_DIR, set by npm test to its throw-away data directory): the
   * first worker bundles (about 1.8 s of CPU), the next ones read the file. Unset
   * everywhere else: a worker bundles the code it runs.
   */
  bundleDir?: string;
}

/**
 * Creates the worker that hosts workflows. Temporal bundles workflow code with
 * webpack into its deterministic sandbox; the aliases of tsconfig.base.json are
 * handed to webpack so workflows import `@rightsflow/domain` like everything else.
 */
export async function createWorkflowWorker(options: WorkflowWorkerOptions): Promise<Worker> {
  const common = {
    connection: options.connection,
    namespace: options.namespace,
    taskQueue: options.taskQueue,
    dataConverter: options.dataConverter,
  };
  if (!options.bundleDir) {
    return Worker.create({ ...common, workflowsPath: options.workflowsPath, bundlerOptions: workflowBundlerOptions(options.workspaceRoot) });
  }
  return Worker.create({ ...common, workflowBundle: { code: await sharedBundle(options.bundleDir, options.workflowsPath, options.workspaceRoot) } });
}

/** The bundle of `workflowsPath` from `dir`, made there first if missing (written whole, then renamed into place). */
async function sharedBundle(dir: string, workflowsPath: string, workspaceRoot: string): Promise<string> {
  const file = path.join(dir, `workflow-bundle-${createHash('sha256').update(workflowsPath).digest('hex').slice(0, 12)}.js`);
  if (existsSync(file)) return readFileSync(file, 'utf8');
  const { code } = await bundleWorkflowCode({ workflowsPath, ...workflowBundlerOptions(workspaceRoot) });
  mkdirSync(dir, { recursive: true });
  const partial = `${file}.${process.pid}.partial`;
  writeFileSync(partial, code);
  renameSync(partial, file);
  return code;
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

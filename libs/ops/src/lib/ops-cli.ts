import { DENIAL_BASES, DenialBasis, DenyInput, DsarState } from '@rightsflow/contracts';
import { RequestConsole, RequestSummary } from './request-console';

/** Parses `npm run ops -- <command> [id] [--flag value]…` and prints plain text. */
export async function runOpsCommand(
  console_: RequestConsole,
  argv: string[],
  print: (line: string) => void,
): Promise<number> {
  const [command, id] = argv;
  const flags = parseFlags(argv.slice(1));
  const operator = flags['operator'] ?? process.env['USER'] ?? 'operator';
  switch (command) {
    case 'list':
      printTable(await console_.listOpen({ overdue: 'overdue' in flags }), print);
      return 0;
    case 'overdue':
      printTable(await console_.listOpen({ overdue: true }), print);
      return 0;
    case 'show':
      printState(await console_.state(required(id, 'request id')), print);
      return 0;
    case 'approve':
      print(`status: ${await console_.approve(required(id, 'request id'), { operator })}`);
      return 0;
    case 'deny':
      print(`status: ${await console_.deny(required(id, 'request id'), denyInput(flags, operator))}`);
      return 0;
    case 'extend':
      print(
        `due: ${(await console_.extend(required(id, 'request id'), { operator, reason: required(flags['reason'], '--reason') })).dueAt}`,
      );
      return 0;
    case 'complete-task':
      print(
        `open tasks: ${(await console_.completeTask(required(id, 'request id'), { operator, task: required(flags['task'], '--task') })).join(', ') || 'none'}`,
      );
      return 0;
    default:
      print(
        `usage: npm run ops -- list [--overdue] | overdue | show <id> | approve <id> | deny <id> --reason "…" [--basis ${DENIAL_BASES.join('|')}] | extend <id> --reason "…" | complete-task <id> --task <task>  [--operator name]`,
      );
      return command ? 2 : 0;
  }
}

function parseFlags(args: string[]): Record<string, string> {
  const flags: Record<string, string> = {};
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (!arg?.startsWith('--')) continue;
    const next = args[i + 1];
    flags[arg.slice(2)] = next && !next.startsWith('--') ? (i++, next) : 'true';
  }
  return flags;
}

/** `deny`'s flags: a reason always (R07), a basis when given, one of DENIAL_BASES (R22 counts by it). */
export function denyInput(flags: Record<string, string>, operator: string): DenyInput {
  const reason = required(flags['reason'], '--reason');
  const basis = flags['basis'];
  if (basis === undefined) return { operator, reason };
  if (!(DENIAL_BASES as readonly string[]).includes(basis))
    throw new Error(`--basis must be one of ${DENIAL_BASES.join(', ')}`);
  return { operator, reason, basis: basis as DenialBasis };
}

function required(value: string | undefined, name: string): string {
  if (!value || value.startsWith('--')) throw new Error(`${name} is required`);
  return value;
}

function printTable(rows: RequestSummary[], print: (line: string) => void) {
  print(`${'request'.padEnd(26)} ${'type'.padEnd(18)} ${'status'.padEnd(22)} due`);
  for (const row of rows) {
    print(
      `${row.requestId.padEnd(26)} ${row.type.padEnd(18)} ${row.status.padEnd(22)} ${row.dueAt}${row.overdue ? '  OVERDUE' : ''}`,
    );
  }
  print(`${rows.length} open request(s)`);
}

function printState(state: DsarState, print: (line: string) => void) {
  print(`${state.requestId}: ${state.effectiveType} (${state.jurisdiction}), ${state.status}`);
  print(
    `received ${state.receivedAt}, due ${state.dueAt}${state.extended ? ' (extended)' : ''}${state.overdue ? ', OVERDUE' : ''}`,
  );
  if (state.reason) print(`reason: ${state.reason}`);
  if (state.openTasks.length) print(`open tasks: ${state.openTasks.join(', ')}`);
  for (const entry of state.timeline)
    print(`  ${entry.at}  ${entry.status.padEnd(22)} ${entry.actor}${entry.note ? `  ${entry.note}` : ''}`);
}

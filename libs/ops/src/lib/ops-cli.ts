import { DENIAL_BASES, DenialBasis, DsarState } from '@rightsflow/contracts';
import { OperatorApi, OperatorRole } from './operator-api';
import { RequestConsole, RequestSummary } from './request-console';

/** The environment variable holding the operator's own token for request actions. */
export const OPERATOR_TOKEN_ENV = 'RIGHTSFLOW_OPERATOR_TOKEN';

export interface OpsDependencies {
  /** Reads through Temporal (with the payload codec). */
  console: RequestConsole;
  /** The operator API with the operator's own token (request actions). */
  operatorApi?: () => OperatorApi;
  /** The operator API with the bootstrap token (managing operators). */
  adminApi?: () => OperatorApi;
}

const USAGE = [
  'usage: npm run ops -- <command>',
  '  list [--overdue] | overdue | show <id>                         read requests (Temporal)',
  `  approve <id> | deny <id> --reason "…" [--basis ${DENIAL_BASES.join('|')}]`,
  '  extend <id> --reason "…" | complete-task <id> --task <task> | withdraw <id> --by subject|agent',
  `                                                                 as the operator of $${OPERATOR_TOKEN_ENV}`,
  '  operators add <name> --role viewer|approver | operators list | operators revoke <name>',
  '                                                                 with the bootstrap token OPERATOR_API_TOKEN',
];

/** Parses `npm run ops -- <command> [id] [--flag value]…` and prints plain text. */
export async function runOpsCommand(deps: OpsDependencies, argv: string[], print: (line: string) => void): Promise<number> {
  const [command, id] = argv;
  const flags = parseFlags(argv.slice(1));
  // The operator is the token's: a name given here would be a claim nobody checks.
  if ('operator' in flags) throw new Error(`--operator is gone: actions are recorded as the operator whose token is in $${OPERATOR_TOKEN_ENV}`);
  const api = () => required(deps.operatorApi, `$${OPERATOR_TOKEN_ENV}`)();
  switch (command) {
    case 'list':
      printTable(await deps.console.listOpen({ overdue: 'overdue' in flags }), print);
      return 0;
    case 'overdue':
      printTable(await deps.console.listOpen({ overdue: true }), print);
      return 0;
    case 'show':
      printState(await deps.console.state(required(id, 'request id')), print);
      return 0;
    case 'approve':
      print(`status: ${(await api().approve(required(id, 'request id'), flags['note'])).status}`);
      return 0;
    case 'deny':
      print(`status: ${(await api().deny(required(id, 'request id'), denyInput(flags))).status}`);
      return 0;
    case 'extend':
      print(`due: ${(await api().extend(required(id, 'request id'), required(flags['reason'], '--reason'))).dueAt}`);
      return 0;
    case 'complete-task':
      print(`open tasks: ${(await api().completeTask(required(id, 'request id'), required(flags['task'], '--task'), flags['note'])).openTasks.join(', ') || 'none'}`);
      return 0;
    case 'withdraw':
      print(`status: ${(await api().withdraw(required(id, 'request id'), withdrawnBy(flags))).status}`);
      return 0;
    case 'operators':
      return operatorsCommand(required(deps.adminApi, 'OPERATOR_API_TOKEN')(), argv.slice(1), flags, print);
    default:
      USAGE.forEach((line) => print(line));
      return command ? 2 : 0;
  }
}

async function operatorsCommand(admin: OperatorApi, args: string[], flags: Record<string, string>, print: (line: string) => void): Promise<number> {
  const [sub, name] = args;
  switch (sub) {
    case 'add': {
      const role = flags['role'];
      if (role !== 'viewer' && role !== 'approver') throw new Error('--role must be viewer or approver');
      const added = await admin.addOperator(required(name, 'operator name'), role as OperatorRole);
      print(`operator ${added.name} (${added.role}) added. Token, shown this once; only its hash is kept:`);
      print(added.token);
      print(`Use it as: export ${OPERATOR_TOKEN_ENV}=<token>   (API: Authorization: Bearer <token>)`);
      return 0;
    }
    case 'list': {
      const operators = await admin.listOperators();
      print(`${'operator'.padEnd(20)} ${'role'.padEnd(9)} ${'created'.padEnd(25)} revoked`);
      for (const o of operators) print(`${o.name.padEnd(20)} ${o.role.padEnd(9)} ${o.createdAt.padEnd(25)} ${o.revokedAt ?? '-'}`);
      return 0;
    }
    case 'revoke': {
      const { revoked } = await admin.revokeOperator(required(name, 'operator name'));
      print(`operator ${name}: ${revoked} token(s) revoked`);
      return 0;
    }
    default:
      USAGE.forEach((line) => print(line));
      return 2;
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
export function denyInput(flags: Record<string, string>): { reason: string; basis?: DenialBasis } {
  const reason = required(flags['reason'], '--reason');
  const basis = flags['basis'];
  if (basis === undefined) return { reason };
  if (!(DENIAL_BASES as readonly string[]).includes(basis)) throw new Error(`--basis must be one of ${DENIAL_BASES.join(', ')}`);
  return { reason, basis: basis as DenialBasis };
}

function withdrawnBy(flags: Record<string, string>): 'subject' | 'agent' {
  const by = flags['by'] ?? 'subject';
  if (by !== 'subject' && by !== 'agent') throw new Error('--by must be subject or agent');
  return by;
}

function required<T>(value: T | undefined, name: string): T {
  if (value === undefined || value === '' || (typeof value === 'string' && value.startsWith('--'))) throw new Error(`${name} is required`);
  return value;
}

function printTable(rows: RequestSummary[], print: (line: string) => void) {
  print(`${'request'.padEnd(26)} ${'type'.padEnd(18)} ${'status'.padEnd(22)} due`);
  for (const row of rows) {
    print(`${row.requestId.padEnd(26)} ${row.type.padEnd(18)} ${row.status.padEnd(22)} ${row.dueAt}${row.overdue ? '  OVERDUE' : ''}`);
  }
  print(`${rows.length} open request(s)`);
}

function printState(state: DsarState, print: (line: string) => void) {
  print(`${state.requestId}: ${state.effectiveType} (${state.jurisdiction}), ${state.status}`);
  print(`received ${state.receivedAt}, due ${state.dueAt}${state.extended ? ' (extended)' : ''}${state.overdue ? ', OVERDUE' : ''}`);
  if (state.reason) print(`reason: ${state.reason}`);
  if (state.openTasks.length) print(`open tasks: ${state.openTasks.join(', ')}`);
  for (const entry of state.timeline) print(`  ${entry.at}  ${entry.status.padEnd(22)} ${entry.actor}${entry.note ? `  ${entry.note}` : ''}`);
}

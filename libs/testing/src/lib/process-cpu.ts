// CPU time of whole process trees, read from /proc (Linux only): what each
// stack component and product process spent during a measured batch.
// Hand-written because no maintained package reads per-tree utime/stime
// including reaped children (pidusage reads one pid, not its PostgreSQL backends).
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

let clockTicks: number | undefined;
/** The kernel's clock ticks per second, asked once and only when a reading is taken. */
function ticksPerSecond(): number {
  clockTicks ??= Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout.trim()) || 100;
  return clockTicks;
}

interface ProcStat {
  pid: number;
  ppid: number;
  /** utime + stime + cutime + cstime: its own time and that of the children it reaped. */
  ticks: number;
}

/** The fields of a /proc stat file from field 3 (state) on: ppid is [1], utime..cstime are [11]..[14]. */
function statFields(path: string): string[] {
  const text = readFileSync(path, 'utf8');
  // The command name is in parentheses and may hold spaces: the fields start after the last ')'.
  return text.slice(text.lastIndexOf(')') + 2).split(' ');
}

function readStat(pid: number): ProcStat | undefined {
  try {
    const fields = statFields(`/proc/${pid}/stat`);
    const [utime, stime, cutime, cstime] = fields.slice(11, 15).map(Number);
    return { pid, ppid: Number(fields[1]), ticks: utime + stime + cutime + cstime };
  } catch {
    return undefined; // exited meanwhile
  }
}

function allStats(): ProcStat[] {
  return readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .map((name) => readStat(Number(name)))
    .filter((stat): stat is ProcStat => stat !== undefined);
}

/** CPU-seconds used so far by each named process and all its descendants (PostgreSQL backends, setpriv children). */
export function cpuSecondsOfTrees(roots: Record<string, number | undefined>): Record<string, number> {
  const stats = allStats();
  const children = new Map<number, ProcStat[]>();
  for (const stat of stats) children.set(stat.ppid, [...(children.get(stat.ppid) ?? []), stat]);
  const byPid = new Map(stats.map((stat) => [stat.pid, stat]));
  const treeTicks = (pid: number): number =>
    (byPid.get(pid)?.ticks ?? 0) + (children.get(pid) ?? []).reduce((sum, child) => sum + treeTicks(child.pid), 0);
  return Object.fromEntries(
    Object.entries(roots)
      .filter((entry): entry is [string, number] => entry[1] !== undefined && byPid.has(entry[1]))
      .map(([name, pid]) => [name, treeTicks(pid) / ticksPerSecond()]),
  );
}

/** CPU-seconds per process between two readings. */
export function cpuDelta(before: Record<string, number>, after: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.keys(after).map((name) => [name, after[name] - (before[name] ?? 0)]));
}

/** The machine's CPU time so far, in seconds over all cores, from the first line of /proc/stat. */
export interface MachineCpu {
  /** user, nice, system, irq, softirq: work done by some process or the kernel. */
  busy: number;
  /** idle and iowait: no work to do. */
  idle: number;
  /** Time the hypervisor gave this machine's virtual cores to someone else. */
  steal: number;
}

export function machineCpuSeconds(): MachineCpu {
  const [user, nice, system, idle, iowait, irq, softirq, steal] = readFileSync('/proc/stat', 'utf8')
    .split('\n')[0]
    .trim()
    .split(/\s+/)
    .slice(1, 9)
    .map(Number);
  return {
    busy: (user + nice + system + irq + softirq) / ticksPerSecond(),
    idle: (idle + iowait) / ticksPerSecond(),
    steal: steal / ticksPerSecond(),
  };
}

/** Where the machine's cores went between two readings, as shares of all cores' time (busy + idle + steal = 1). */
export function machineShares(before: MachineCpu, after: MachineCpu): MachineCpu {
  const busy = after.busy - before.busy;
  const idle = after.idle - before.idle;
  const steal = after.steal - before.steal;
  const total = busy + idle + steal || 1;
  return { busy: busy / total, idle: idle / total, steal: steal / total };
}

/** CPU-seconds the calling thread has used so far (a worker thread's own share of its process). */
export function threadCpuSeconds(): number {
  const [utime, stime] = statFields('/proc/thread-self/stat').slice(11, 13).map(Number);
  return (utime + stime) / ticksPerSecond();
}

// Installs npm dependencies when they are missing or the lock file changed since the last install,
// so `npm start` and `npm test` work on a fresh clone with nothing else run first.
// "Changed" is judged by the lock file's content (its sha256 is kept in node_modules), not its
// mtime: a git checkout or worktree touches the file without changing what is installed.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

export function ensureNodeModules({ root, log = console.log }) {
  const lock = path.join(root, 'package-lock.json');
  const stamp = path.join(root, 'node_modules', '.rightsflow-lock.sha256');
  const want = createHash('sha256').update(fs.readFileSync(lock)).digest('hex');
  if (readIfExists(stamp) === want) return;
  const hiddenLock = path.join(root, 'node_modules', '.package-lock.json');
  // Installed before the stamp existed, and not older than the lock file: trust it once and stamp it.
  if (
    !fs.existsSync(stamp) &&
    fs.existsSync(hiddenLock) &&
    fs.statSync(hiddenLock).mtimeMs >= fs.statSync(lock).mtimeMs
  ) {
    fs.writeFileSync(stamp, want);
    return;
  }
  // A node_modules that links to another checkout's (a git worktree) is that
  // checkout's to install: npm ci here would empty the shared directory through
  // the link, under every other checkout using it.
  if (fs.lstatSync(path.join(root, 'node_modules'), { throwIfNoEntry: false })?.isSymbolicLink()) {
    log('node_modules links to another checkout and differs from this lock file: install there (npm ci), not here');
    return;
  }
  log('Installing npm dependencies (npm ci)…');
  const result = spawnSync('npm', ['ci', '--no-audit', '--no-fund'], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) throw new Error('npm ci failed: see the output above, then run npm ci by hand');
  fs.writeFileSync(stamp, want);
}

function readIfExists(file) {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return null;
  }
}

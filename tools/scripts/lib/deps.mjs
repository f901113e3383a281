// Installs npm dependencies when they are missing or older than the lock file,
// so `npm start` and `npm test` work on a fresh clone with nothing else run first.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

export function ensureNodeModules({ root, log = console.log }) {
  const marker = path.join(root, 'node_modules', '.package-lock.json');
  const lock = path.join(root, 'package-lock.json');
  const fresh = fs.existsSync(marker) && fs.statSync(marker).mtimeMs >= fs.statSync(lock).mtimeMs;
  if (fresh) return;
  // A node_modules that links to another checkout's (a git worktree) is that
  // checkout's to install: npm ci would empty the shared directory through the
  // link, under every other checkout using it (seen: a worktree whose freshly
  // checked-out lock file was newer than the shared marker).
  if (fs.lstatSync(path.join(root, 'node_modules'), { throwIfNoEntry: false })?.isSymbolicLink()) {
    log('node_modules is a link to another checkout: not reinstalling it here (run npm ci there if it is stale)');
    return;
  }
  log('Installing npm dependencies (npm ci)…');
  const result = spawnSync('npm', ['ci', '--no-audit', '--no-fund'], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) throw new Error('npm ci failed: see the output above, then run npm ci by hand');
}

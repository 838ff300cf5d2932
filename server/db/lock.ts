// One process per PGlite data folder. A lock file holds the owner's pid; a lock whose owner is
// gone (crash, kill -9) is taken over, a live owner is refused with a clear error.
import fs from 'node:fs';
import path from 'node:path';

export interface DataDirLock {
  release(): void;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export function acquireDataDirLock(dataDir: string): DataDirLock {
  const file = path.join(path.resolve(dataDir), '..', `${path.basename(dataDir)}.lock`);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      fs.writeFileSync(file, String(process.pid), { flag: 'wx' });
      return {
        release() {
          try {
            if (fs.readFileSync(file, 'utf8') === String(process.pid)) fs.unlinkSync(file);
          } catch {
            /* already gone */
          }
        },
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const owner = Number(fs.readFileSync(file, 'utf8'));
      if (owner === process.pid) {
        throw new Error(`PGlite data folder ${dataDir} is already open in this process; reuse the open database.`);
      }
      if (Number.isInteger(owner) && owner > 0 && alive(owner)) {
        throw new Error(
          `PGlite data folder ${path.resolve(dataDir)} is in use by process ${owner}. ` +
            'Only one process may own an embedded database: stop the other Octoflow process, ' +
            'or set DATABASE_URL to share a PostgreSQL server between processes.',
        );
      }
      fs.unlinkSync(file); // stale lock from a dead process
    }
  }
  throw new Error(`Could not lock PGlite data folder ${dataDir}`);
}

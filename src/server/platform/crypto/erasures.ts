/**
 * The erasure ledger: the ids of the persons whose data key was destroyed, kept OUTSIDE the database (a file
 * beside the keyring, `OPENNRM_ERASURE_LEDGER`), one id per line, appended and flushed to disk.
 *
 * Why outside: a database backup taken before an erasure still holds the person's wrapped key. Restored
 * after the erasure, it would bring the person back. The ledger is not in that backup: the keyring refuses
 * to unwrap a key it lists (SubjectKeys.unwrap), and boot erases such persons again before anything is
 * served (modules/retention/retention.erase.ts). Ids are random record ids, not personal data.
 * The database keeps its own copy (`erasures`), so a server started without the file learns them again.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { ErasedSubjects } from './keyring';

export class ErasureLedger implements ErasedSubjects {
  private ids = new Set<string>();

  constructor(private readonly file: string) {
    if (fs.existsSync(file)) {
      for (const line of fs.readFileSync(file, 'utf8').split('\n')) if (line.trim()) this.ids.add(line.trim());
    }
  }

  has(id: string): boolean {
    return this.ids.has(id);
  }

  get size(): number {
    return this.ids.size;
  }

  all(): string[] {
    return [...this.ids];
  }

  /** Appends ids not yet listed, flushed before returning. */
  record(ids: readonly string[]): void {
    const fresh = [...new Set(ids)].filter((id) => !this.ids.has(id));
    if (fresh.length === 0) return;
    fs.mkdirSync(path.dirname(this.file), { recursive: true });
    const fd = fs.openSync(this.file, 'a', 0o600);
    try {
      fs.writeSync(fd, fresh.map((id) => `${id}\n`).join(''));
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    for (const id of fresh) this.ids.add(id);
  }
}

/**
 * Field-level encryption (AES-256-GCM) under a keyring with key ids, and keyed blind indexes (HMAC-SHA-256)
 * for exact search over encrypted values.
 *
 * Ciphertext formats:
 *  - text:   `v1.<keyId>.<base64url(iv[12] | tag[16] | ciphertext)>`
 *  - binary: `0xE1 | keyIdLength[1] | keyId | iv[12] | tag[16] | ciphertext`
 *  - under a subject key: `s1.<base64url(iv[12] | tag[16] | ciphertext)>` (see "Subject keys" below)
 * The additional authenticated data binds each value to its table, column and row, so a ciphertext copied
 * to another row or column does not decrypt.
 *
 * Subject keys (crypto-shredding): each person's identifying fields are encrypted under a data key of their
 * own, stored beside them wrapped by the keyring (`persons.data_key_enc`). Erasing or anonymising the person
 * destroys the wrapped key, so every copy of those fields (old backups, replicas) becomes unreadable; the
 * erasure ledger (erasures.ts) makes the keyring refuse to unwrap an erased person's key found in a restored
 * backup, and boot erases them again. Rotating the keyring re-wraps the data keys, not the fields.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

export type KeyringFile = { format: 'opennrm-keyring-1'; active: string; keys: Record<string, string>; index: string };

export class KeyringError extends Error {}

const KEY_ID = /^k[0-9a-z-]{1,40}$/;

function decodeKey(b64: string, what: string): Buffer {
  const key = Buffer.from(b64, 'base64');
  if (key.length !== 32) throw new KeyringError(`${what} must be 32 bytes (base64)`);
  return key;
}

/** A fresh keyring with one data key and a blind-index key. */
export function generateKeyringFile(): KeyringFile {
  const active = newKeyId();
  return {
    format: 'opennrm-keyring-1',
    active,
    keys: { [active]: crypto.randomBytes(32).toString('base64') },
    index: crypto.randomBytes(32).toString('base64'),
  };
}

function newKeyId(): string {
  return `k${Date.now().toString(36)}-${crypto.randomBytes(3).toString('hex')}`;
}

export function parseKeyring(json: string): KeyringFile {
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch {
    throw new KeyringError('keyring is not valid JSON');
  }
  const k = raw as Partial<KeyringFile>;
  if (k.format !== 'opennrm-keyring-1' || typeof k.active !== 'string' || !k.keys || typeof k.index !== 'string') {
    throw new KeyringError('keyring must have format "opennrm-keyring-1", active, keys and index');
  }
  if (!k.keys[k.active]) throw new KeyringError(`active key "${k.active}" is not in the keyring`);
  for (const [id, v] of Object.entries(k.keys)) {
    if (!KEY_ID.test(id)) throw new KeyringError(`invalid key id "${id}"`);
    decodeKey(v, `key ${id}`);
  }
  decodeKey(k.index, 'index key');
  return k as KeyringFile;
}

export class Keyring {
  private keys = new Map<string, Buffer>();
  private activeId = '';
  private indexKey: Buffer = Buffer.alloc(0);

  constructor(
    file: KeyringFile,
    private readonly reloadFrom?: () => KeyringFile,
  ) {
    this.apply(file);
  }

  private apply(file: KeyringFile): void {
    this.keys = new Map(Object.entries(file.keys).map(([id, b64]) => [id, decodeKey(b64, id)]));
    this.activeId = file.active;
    this.indexKey = decodeKey(file.index, 'index key');
  }

  get activeKeyId(): string {
    return this.activeId;
  }
  get keyIds(): string[] {
    return [...this.keys.keys()];
  }

  /** Another process (`opennrm keys rotate`) may have added a key: re-read the keyring once. */
  private keyFor(id: string): Buffer {
    let key = this.keys.get(id);
    if (!key && this.reloadFrom) {
      this.apply(this.reloadFrom());
      key = this.keys.get(id);
    }
    if (!key) throw new KeyringError(`unknown key id "${id}"`);
    return key;
  }

  private seal(plain: Buffer, aad: string): { id: string; iv: Buffer; tag: Buffer; ct: Buffer } {
    const id = this.activeId;
    const iv = crypto.randomBytes(12);
    const cipher = crypto.createCipheriv('aes-256-gcm', this.keyFor(id), iv);
    cipher.setAAD(Buffer.from(aad, 'utf8'));
    const ct = Buffer.concat([cipher.update(plain), cipher.final()]);
    return { id, iv, tag: cipher.getAuthTag(), ct };
  }

  private open(id: string, iv: Buffer, tag: Buffer, ct: Buffer, aad: string): Buffer {
    const decipher = crypto.createDecipheriv('aes-256-gcm', this.keyFor(id), iv);
    decipher.setAAD(Buffer.from(aad, 'utf8'));
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(ct), decipher.final()]);
  }

  encryptText(plain: string, aad: string): string {
    const { id, iv, tag, ct } = this.seal(Buffer.from(plain, 'utf8'), aad);
    return `v1.${id}.${Buffer.concat([iv, tag, ct]).toString('base64url')}`;
  }

  decryptText(token: string, aad: string): string {
    const [v, id, body] = token.split('.');
    if (v !== 'v1' || !id || body === undefined) throw new KeyringError('not an OpenNRM ciphertext');
    const buf = Buffer.from(body, 'base64url');
    return this.open(id, buf.subarray(0, 12), buf.subarray(12, 28), buf.subarray(28), aad).toString('utf8');
  }

  encryptJson(value: unknown, aad: string): string {
    return this.encryptText(JSON.stringify(value), aad);
  }
  decryptJson<T>(token: string, aad: string): T {
    return JSON.parse(this.decryptText(token, aad)) as T;
  }

  encryptBytes(plain: Buffer, aad: string): Buffer {
    const { id, iv, tag, ct } = this.seal(plain, aad);
    const idBuf = Buffer.from(id, 'utf8');
    return Buffer.concat([Buffer.from([0xe1, idBuf.length]), idBuf, iv, tag, ct]);
  }

  decryptBytes(sealed: Buffer, aad: string): Buffer {
    if (sealed[0] !== 0xe1) throw new KeyringError('not an OpenNRM binary ciphertext');
    const idLen = sealed[1] ?? 0;
    const id = sealed.subarray(2, 2 + idLen).toString('utf8');
    const at = 2 + idLen;
    return this.open(id, sealed.subarray(at, at + 12), sealed.subarray(at + 12, at + 28), sealed.subarray(at + 28), aad);
  }

  /** Key id a ciphertext was made with (text or binary), to find values still under a retired key. */
  static keyIdOf(sealed: string | Buffer): string {
    if (typeof sealed === 'string') return sealed.split('.')[1] ?? '';
    return sealed.subarray(2, 2 + (sealed[1] ?? 0)).toString('utf8');
  }

  /** Keyed blind index: equal inputs give equal tokens; tokens reveal nothing without the index key. */
  blindIndex(kind: string, normalized: string): string {
    return crypto.createHmac('sha256', this.indexKey).update(`${kind}\u0000${normalized}`).digest('base64url').slice(0, 27);
  }
}

/** Prefix of values under a subject key; `ERASED_VALUE` stands where an erased value was (not a ciphertext). */
export const SUBJECT_PREFIX = 's1.';
export const ERASED_VALUE = 's1.-';

/** The erased subjects the keyring must refuse to unwrap a key for (the ledger, see erasures.ts). */
export interface ErasedSubjects {
  has(subjectId: string): boolean;
}

/** Unwrapped subject keys kept in memory: a list of 25 cases unwraps 25 keys once, not on every read. */
const SUBJECT_CACHE_MAX = 20_000;

export class SubjectKeys {
  private cache = new Map<string, Buffer>();
  constructor(
    private readonly keyring: Keyring,
    private readonly erased: ErasedSubjects,
  ) {}

  /** A fresh data key for a subject, and the same key wrapped by the keyring (AAD: where it is stored). */
  create(subjectId: string, aad: string): { key: Buffer; wrapped: string } {
    const key = crypto.randomBytes(32);
    this.remember(subjectId, key);
    return { key, wrapped: this.keyring.encryptText(key.toString('base64'), aad) };
  }

  /** The subject's data key; refused for an erased subject even when a restored backup still holds it. */
  unwrap(subjectId: string, wrapped: string, aad: string): Buffer {
    if (this.erased.has(subjectId)) throw new KeyringError(`the data key of ${subjectId} was destroyed (erased)`);
    const cached = this.cache.get(subjectId);
    if (cached) return cached;
    const key = Buffer.from(this.keyring.decryptText(wrapped, aad), 'base64');
    this.remember(subjectId, key);
    return key;
  }

  /** Drops a subject's key from memory (called when it is destroyed). */
  forget(subjectId: string): void {
    this.cache.delete(subjectId);
  }

  private remember(subjectId: string, key: Buffer): void {
    if (this.cache.size >= SUBJECT_CACHE_MAX) this.cache.clear();
    this.cache.set(subjectId, key);
  }

  encrypt(key: Buffer, plain: string, aad: string): string {
    const iv = crypto.randomBytes(12);
    const cipher = crypto.createCipheriv('aes-256-gcm', key, iv);
    cipher.setAAD(Buffer.from(aad, 'utf8'));
    const ct = Buffer.concat([cipher.update(Buffer.from(plain, 'utf8')), cipher.final()]);
    return `${SUBJECT_PREFIX}${Buffer.concat([iv, cipher.getAuthTag(), ct]).toString('base64url')}`;
  }

  decrypt(key: Buffer, token: string, aad: string): string {
    if (!token.startsWith(SUBJECT_PREFIX) || token === ERASED_VALUE) throw new KeyringError('not a subject-key ciphertext');
    const buf = Buffer.from(token.slice(SUBJECT_PREFIX.length), 'base64url');
    const decipher = crypto.createDecipheriv('aes-256-gcm', key, buf.subarray(0, 12));
    decipher.setAAD(Buffer.from(aad, 'utf8'));
    decipher.setAuthTag(buf.subarray(12, 28));
    return Buffer.concat([decipher.update(buf.subarray(28)), decipher.final()]).toString('utf8');
  }
}

/** Loads the keyring from OPENNRM_KEYRING (inline JSON) or a file; in demo/test mode creates the file if absent. */
export function loadKeyring(options: { inline?: string; file: string; generateIfMissing: boolean }, warn: (msg: string) => void): Keyring {
  if (options.inline) return new Keyring(parseKeyring(options.inline));
  const read = () => parseKeyring(fs.readFileSync(options.file, 'utf8'));
  if (!fs.existsSync(options.file)) {
    if (!options.generateIfMissing) throw new KeyringError(`keyring file ${options.file} does not exist`);
    const file = generateKeyringFile();
    fs.mkdirSync(path.dirname(options.file), { recursive: true });
    fs.writeFileSync(options.file, JSON.stringify(file, null, 2), { mode: 0o600 });
    warn(
      `A new encryption keyring was generated at ${options.file}. It protects every name and document in the ` +
        'database: back it up separately from the database, and never commit it. Production mode refuses to generate keys.',
    );
  }
  return new Keyring(read(), read);
}

/** Adds a new data key and makes it active; old keys stay so existing ciphertext still decrypts. */
export function addKeyToKeyringFile(file: string): { previous: string; active: string } {
  const current = parseKeyring(fs.readFileSync(file, 'utf8'));
  const id = newKeyId();
  const next: KeyringFile = { ...current, active: id, keys: { ...current.keys, [id]: crypto.randomBytes(32).toString('base64') } };
  const tmp = `${file}.tmp`;
  fs.writeFileSync(tmp, JSON.stringify(next, null, 2), { mode: 0o600 });
  fs.renameSync(tmp, file);
  return { previous: current.active, active: id };
}

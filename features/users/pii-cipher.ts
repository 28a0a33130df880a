import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';
import { deriveKey } from '#platform/settings/derived-keys.ts';

/** AES-256-GCM for personal data at rest. Stored form: `v1.<iv>.<tag>.<ciphertext>` (base64url). */
export class PiiCipher {
  private readonly key: Buffer;
  private readonly idHashKey: Buffer;

  constructor(base64Key: string) {
    this.key = Buffer.from(base64Key, 'base64');
    if (this.key.length !== 32) throw new Error('PII key must be 32 bytes, base64-encoded');
    this.idHashKey = deriveKey(base64Key, 'id-document-hash-v2');
  }

  /**
   * A keyed hash of an identity document (`documentIdentity`: the GB 11643 number whatever
   * type was declared, else type and number): equal for the same document in any account and
   * under any declared type, so "one ticket per id" holds, yet useless without the key (id
   * numbers are too few to hide behind a plain hash). 128 bits, hex. Keyed apart from the
   * first version (type + number as typed), whose hashes never equal these.
   */
  idHash(identity: string): string {
    return createHmac('sha256', this.idHashKey).update(identity).digest('hex').slice(0, 32);
  }

  encrypt(plain: string, context: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    // The owner's id as associated data: a ciphertext copied to another record does not decrypt.
    cipher.setAAD(Buffer.from(context));
    const ct = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return ['v1', iv, cipher.getAuthTag(), ct]
      .map((p) => (typeof p === 'string' ? p : p.toString('base64url')))
      .join('.');
  }

  decrypt(stored: string, context: string): string {
    const [v, iv, tag, ct] = stored.split('.');
    if (v !== 'v1' || !iv || !tag || ct === undefined) throw new Error('unknown PII ciphertext format');
    const decipher = createDecipheriv('aes-256-gcm', this.key, Buffer.from(iv, 'base64url'));
    decipher.setAAD(Buffer.from(context));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(ct, 'base64url')), decipher.final()]).toString('utf8');
  }
}

import {
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  type KeyObject,
  sign,
  verify,
} from 'node:crypto';

/** What a ticket's QR code carries; a gate verifies it offline with the public key. */
export interface TicketClaims {
  v: 1;
  /** ticket code */
  t: string;
  /** order number */
  o: string;
  /** session */
  s: string;
  /** seat id */
  seat: string;
}

/**
 * Ed25519 signatures over the QR payload `<base64url(claims JSON)>.<base64url(signature)>`.
 * The private key signs in the ticket issuer only (the one function that can read it); the
 * check-in function and gates hold the public key (`TicketSigner.verifier`).
 */
export class TicketSigner {
  private readonly privateKey: KeyObject | undefined;
  readonly publicKey: KeyObject;

  /** A signer (and verifier) from the private key's PEM. */
  constructor(privateKeyPem: string);
  constructor(privateKeyPem: string | undefined, publicKey: KeyObject);
  constructor(privateKeyPem: string | undefined, publicKey?: KeyObject) {
    this.privateKey = privateKeyPem === undefined ? undefined : createPrivateKey(privateKeyPem);
    if (this.privateKey && this.privateKey.asymmetricKeyType !== 'ed25519')
      throw new Error('the ticket signing key must be Ed25519');
    this.publicKey = publicKey ?? createPublicKey(this.privateKey!);
  }

  /** Verifies only: functions that check tickets never hold the signing key. */
  static verifier(publicKey: KeyObject): TicketSigner {
    return new TicketSigner(undefined, publicKey);
  }

  static generatePrivateKeyPem(): string {
    return generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  }

  sign(claims: TicketClaims): string {
    if (!this.privateKey)
      throw new Error('this function verifies tickets only; the ticket issuer signs them');
    const body = Buffer.from(JSON.stringify(claims)).toString('base64url');
    return `${body}.${sign(null, Buffer.from(body), this.privateKey).toString('base64url')}`;
  }

  /** The claims if the payload is intact and signed by us; undefined for anything else. */
  verify(payload: string): TicketClaims | undefined {
    const parts = payload.split('.');
    if (parts.length !== 2 || !parts[0] || !parts[1]) return undefined;
    const [body, sig] = parts as [string, string];
    try {
      if (!verify(null, Buffer.from(body), this.publicKey, Buffer.from(sig, 'base64url'))) return undefined;
      const claims = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as Partial<TicketClaims>;
      if (
        claims.v !== 1 ||
        typeof claims.t !== 'string' ||
        typeof claims.o !== 'string' ||
        typeof claims.seat !== 'string' ||
        typeof claims.s !== 'string'
      ) {
        return undefined;
      }
      return claims as TicketClaims;
    } catch {
      return undefined;
    }
  }
}

/**
 * What a function may touch: the CDK stack grants exactly this (infra/stacks/stateless-stack.ts),
 * nothing more. A route declares it beside its code (`defineRoute({needs})`); background
 * functions in infra/stacks/function-needs.ts.
 */
export interface Needs {
  table: 'none' | 'describe' | 'read' | 'readWrite';
  queueSend?: true;
  /** Sends steps to the organiser job queue (a session's cancellation). */
  jobSend?: true;
  /** Hold expiry schedules: create and delete (`true`), or delete only (`'cancel'`). */
  scheduler?: true | 'cancel';
  events?: true;
  /** SMS through SNS and email through SES (the notifier). */
  notify?: true;
  /** OpenSearch: read (search) or readWrite (index listings). */
  search?: 'read' | 'readWrite';
  /** Calls a payment provider (pay links, notifies, query, refund, close): reads its credentials. */
  payments?: true;
  /**
   * The secrets it reads, one per purpose (nothing else is readable by its role):
   *  - tokenSigning: signs access tokens (RS256, EdDSA on older keys; every route verifies with the public key);
   *  - gate: the admission-token and captcha HMAC root (GATE_SECRET);
   *  - pii: encrypts and decrypts buyers' names and id numbers (PII_KEY);
   *  - ticketSigning: signs ticket QR payloads (the issuer alone; check-in has the public key);
   *  - sandboxCallback: the sandbox gateway's callback HMAC (only with -c sandboxPayments).
   */
  secrets?: readonly SecretPurpose[];
  /** Verifies ticket QR payloads with the ticket public key. */
  ticketVerify?: true;
  /** The first-deploy custom resource: writes the generated keys and the first admin. */
  firstDeploy?: true;
}

export type SecretPurpose = 'tokenSigning' | 'gate' | 'pii' | 'ticketSigning' | 'sandboxCallback';

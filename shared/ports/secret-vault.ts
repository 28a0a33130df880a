/** Secrets the first deploy fills in (Secrets Manager in AWS). Values are strings (JSON). */
export interface SecretVault {
  read(secretId: string): Promise<string>;
  write(secretId: string, value: string): Promise<void>;
}

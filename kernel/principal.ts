/** The roles an access token carries, weakest first (a route that needs one admits every stronger one). */
export const ROLES = ['user', 'staff', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export const isRole = (value: unknown): value is Role => (ROLES as readonly unknown[]).includes(value);

/** The authenticated caller, as the access token says. */
export interface Principal {
  userId: string;
  role: Role;
  tokenId: string;
  expiresAtSec: number;
}

/**
 * The signed-in user, kept in localStorage so a reload keeps the login. The token is a
 * JWT (2 h); its role claim only decides which menus show, the API checks it again.
 */
const KEY = 'tickets.auth';

export interface SignedIn {
  token: string;
  expiresAt: string;
  user: { userId: string; name: string; role: 'user' | 'staff' | 'admin' };
}

type Listener = (s: SignedIn | undefined) => void;
const listeners = new Set<Listener>();

function read(): SignedIn | undefined {
  try {
    const raw = localStorage.getItem(KEY);
    if (!raw) return undefined;
    const s = JSON.parse(raw) as SignedIn;
    return Date.parse(s.expiresAt) > Date.now() ? s : undefined;
  } catch {
    return undefined;
  }
}

let current = read();

export const signedIn = (): SignedIn | undefined => current;
export const token = (): string | undefined => current?.token;

export function setSignedIn(s: SignedIn | undefined): void {
  current = s;
  if (s) localStorage.setItem(KEY, JSON.stringify(s));
  else localStorage.removeItem(KEY);
  for (const l of listeners) l(s);
}

export function onSignedIn(l: Listener): () => void {
  listeners.add(l);
  return () => listeners.delete(l);
}

/** The waiting room's admission token per session, for this tab (docs/API.md, "Virtual waiting room"). */
const key = (sessionId: string) => `tickets.admission.${sessionId}`;

export function admissionFor(sessionId: string): string | undefined {
  try {
    const raw = sessionStorage.getItem(key(sessionId));
    if (!raw) return undefined;
    const { token, expiresAt } = JSON.parse(raw) as { token: string; expiresAt: string };
    return Date.parse(expiresAt) > Date.now() + 5_000 ? token : undefined;
  } catch {
    return undefined;
  }
}

export function rememberAdmission(sessionId: string, token: string, expiresAt: string): void {
  sessionStorage.setItem(key(sessionId), JSON.stringify({ token, expiresAt }));
}

export function forgetAdmission(sessionId: string): void {
  sessionStorage.removeItem(key(sessionId));
}

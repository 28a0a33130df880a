/** Identity document types of a ticket buyer (real-name holder), as in seed 004. */
export const ID_TYPES = {
  1: 'PRC resident identity card',
  2: 'Residence permit for Hong Kong, Macao and Taiwan residents',
  3: 'Mainland travel permit for Hong Kong and Macao residents',
  4: 'Mainland travel permit for Taiwan residents',
  5: 'Passport',
  6: 'Foreign permanent resident ID card',
} as const;
export type IdType = keyof typeof ID_TYPES;

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK = '10X98765432';

/** GB 11643-1999 check digit of the first 17 digits. */
export function prcCheckDigit(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * WEIGHTS[i]!;
  return CHECK[sum % 11]!;
}

/** Returns why a PRC resident id number is invalid, or undefined when it is valid. */
export function prcIdProblem(id: string, today = new Date()): string | undefined {
  if (!/^\d{17}[\dX]$/.test(id)) return 'must be 17 digits followed by a digit or X';
  const y = Number(id.slice(6, 10));
  const m = Number(id.slice(10, 12));
  const d = Number(id.slice(12, 14));
  const birth = new Date(Date.UTC(y, m - 1, d));
  if (birth.getUTCFullYear() !== y || birth.getUTCMonth() !== m - 1 || birth.getUTCDate() !== d || y < 1900) {
    return 'has an impossible birth date';
  }
  if (birth.getTime() > today.getTime()) return 'has a birth date in the future';
  if (prcCheckDigit(id.slice(0, 17)) !== id[17]) return 'has a wrong check digit';
  return undefined;
}

/** Other documents: letters and digits, as printed. */
export function otherIdProblem(id: string): string | undefined {
  return /^[A-Z0-9]{5,20}$/.test(id) ? undefined : 'must be 5-20 letters or digits';
}

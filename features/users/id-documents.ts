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

/**
 * A document number as people type it, in one form: full-width characters folded (NFKC:
 * `１１０１…` is `1101…`), upper case, and no spaces, hyphens or dots, which documents print
 * between groups but are not part of the number.
 */
export function normaliseIdNumber(raw: string): string {
  return raw
    .normalize('NFKC')
    .toUpperCase()
    .replace(/[\s\-.·]/g, '');
}

/** The GB 11643 number space (PRC resident ids, HK/Macao/Taiwan residence permits, new foreign permanent resident cards). */
const isPrcFormat = (n: string) => prcIdProblem(n, new Date(8.64e15)) === undefined;

/**
 * Why a (normalised) number is not a number of the declared document type, or undefined.
 * Each type's printed format: a PRC resident id (18, GB 11643 check digit); a residence
 * permit for HK, Macao and Taiwan residents (the same format, starting 81, 82 or 83); a
 * mainland travel permit for HK and Macao residents (H or M and 8 or 10 digits); one for
 * Taiwan residents (8 or 10 digits); a passport (5–12 letters and digits); a foreign permanent
 * resident card (the 2017 card: GB 11643 format starting 9; the older one: 3 letters, 12 digits).
 */
export function idNumberProblem(idType: IdType, n: string, today: Date): string | undefined {
  switch (idType) {
    case 1:
      return prcIdProblem(n, today);
    case 2: {
      const problem = prcIdProblem(n, today);
      if (problem) return problem;
      return /^8[123]/.test(n) ? undefined : 'a residence permit number starts with 81, 82 or 83';
    }
    case 3:
      return /^[HM]\d{8}(\d{2})?$/.test(n) ? undefined : 'must be H or M followed by 8 or 10 digits';
    case 4:
      return /^\d{8}(\d{2})?$/.test(n) ? undefined : 'must be 8 or 10 digits';
    case 5:
      return /^[A-Z0-9]{5,12}$/.test(n) && !isPrcFormat(n)
        ? undefined
        : 'must be 5-12 letters or digits of a passport';
    case 6:
      if (/^[A-Z]{3}\d{12}$/.test(n)) return undefined;
      return n.startsWith('9') && prcIdProblem(n, today) === undefined
        ? undefined
        : 'must be 3 letters and 12 digits, or the 18-character number of the 2017 card (starting 9)';
  }
}

/**
 * The document a number names, whatever type was declared: a number in the GB 11643 space is
 * one identity (a PRC id declared as a passport or a residence permit is still that id), any
 * other is its type and number. The real-name rule is keyed on this.
 */
export function documentIdentity(idType: IdType, n: string): string {
  return isPrcFormat(n) ? `GB11643:${n}` : `${idType}:${n}`;
}

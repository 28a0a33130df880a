/**
 * Tokens for Chinese (and other CJK) text the way OpenSearch's `cjk_bigram` filter makes
 * them, so the embedded index and the production index agree on what matches:
 * a run of CJK characters becomes its overlapping bigrams (`周杰伦` → `周杰`, `杰伦`), a lone
 * CJK character stays a unigram, and other text splits into lower-cased words.
 *
 * Dictionary word segmentation (Intl.Segmenter) was tried first and dropped: it can cut the
 * same name differently in a short query and inside a long title, and with AND semantics
 * one differently cut word hides the program. Bigrams do not depend on context.
 */
const RUNS = /(\p{Script=Han}|\p{Script=Hiragana}|\p{Script=Katakana}|\p{Script=Hangul})+|[\p{L}\p{N}]+/gu;
const CJK = /^(\p{Script=Han}|\p{Script=Hiragana}|\p{Script=Katakana}|\p{Script=Hangul})/u;

/** Tokens of a query: CJK bigrams (or the lone character) and words. */
export function queryTokens(text: string): string[] {
  const out: string[] = [];
  for (const [run] of text.normalize('NFKC').matchAll(RUNS)) {
    if (!CJK.test(run)) {
      out.push(run.toLowerCase());
      continue;
    }
    const chars = [...run];
    if (chars.length === 1) out.push(run);
    for (let i = 0; i + 1 < chars.length; i++) out.push(chars[i]! + chars[i + 1]!);
  }
  return out;
}

/** Tokens of an indexed text: the query tokens plus every CJK unigram, so one-character queries match. */
export function indexTokens(text: string): string[] {
  const out = queryTokens(text);
  for (const [run] of text.normalize('NFKC').matchAll(RUNS)) {
    const chars = [...run];
    if (CJK.test(run) && chars.length > 1) out.push(...chars);
  }
  return out;
}

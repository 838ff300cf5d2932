// Mobile-originated replies: one spelling of the sender's number, and the opt-out words.
// Chinese marketing SMS end with "回复TD退订" / "回T退订"; handsets send these in full-width
// or lower case too, hence NFKC and upper-casing before the comparison.

/** '+86 138-1234-5678', '008613812345678', '8613812345678' -> '13812345678'. */
export function normalizeMsisdn(raw: string): string {
  let digits = raw.replace(/[\s-]/g, '').replace(/^\+/, '').replace(/^00/, '');
  if (/^861\d{10}$/.test(digits)) digits = digits.slice(2);
  return digits;
}

const OPT_OUT_WORDS = new Set(['TD', 'T', 'STOP', 'UNSUBSCRIBE', '退订', '退定', '取消订阅']);

/** True when the whole reply (punctuation and spaces aside) is an opt-out word. */
export function isOptOutReply(text: string): boolean {
  const word = text
    .normalize('NFKC')
    .toUpperCase()
    .replace(/[\s.,!?;:。，！？；：]/g, '');
  return OPT_OUT_WORDS.has(word);
}

/**
 * Character n-gram cosine similarity. Character bigrams need no word segmenter, so they work for
 * Chinese (where a bigram is usually a word or half of one) and, on letters, still match shared
 * word stems. Case, punctuation and spacing are ignored.
 */
export function charNgrams(text: string, n = 2): Map<string, number> {
  const clean = [
    ...text
      .toLowerCase()
      .replace(/[\p{P}\p{S}\s]+/gu, ' ')
      .trim(),
  ];
  const grams = new Map<string, number>();
  for (let i = 0; i + n <= clean.length; i++) {
    const gram = clean.slice(i, i + n).join('');
    if (gram.includes(' ')) continue;
    grams.set(gram, (grams.get(gram) ?? 0) + 1);
  }
  return grams;
}

export function cosine(a: Map<string, number>, b: Map<string, number>): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (const [g, x] of a) {
    na += x * x;
    const y = b.get(g);
    if (y !== undefined) dot += x * y;
  }
  for (const y of b.values()) nb += y * y;
  return na > 0 && nb > 0 ? dot / Math.sqrt(na * nb) : 0;
}

export function textSimilarity(a: string, b: string): number {
  return cosine(charNgrams(a), charNgrams(b));
}

/** Turns schema keys, file names and enum values into TypeScript identifiers, deterministically. */

const RESERVED = new Set([
  'break', 'case', 'catch', 'class', 'const', 'continue', 'debugger', 'default', 'delete', 'do', 'else', 'enum',
  'export', 'extends', 'false', 'finally', 'for', 'function', 'if', 'import', 'in', 'instanceof', 'new', 'null',
  'return', 'super', 'switch', 'this', 'throw', 'true', 'try', 'typeof', 'var', 'void', 'while', 'with',
]);

/**
 * `guild-member_add`, `GUILD_MEMBER_ADD`, `guildMemberAdd` → `GuildMemberAdd`; `en-US` → `EnUS`.
 * Words are split at separators and at lower→upper case changes; an all-caps word is lowered after
 * its first letter unless it is short mixed text like `US`.
 */
export function pascalCase(input: string): string {
  const words = input
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .split(/[^A-Za-z0-9]+/)
    .filter((w) => w.length > 0);
  const allCaps = /^[^a-z]*$/.test(input) && /[A-Z]/.test(input) && /[_\s]/.test(input);
  let out = words
    .map((w) => {
      const body = allCaps || /^[A-Z0-9]+$/.test(w) && w.length > 2 ? w.slice(1).toLowerCase() : w.slice(1);
      return w[0]!.toUpperCase() + body;
    })
    .join('');
  if (out === '') out = 'Value';
  if (/^[0-9]/.test(out)) out = '_' + out;
  return out;
}

/** A property key as written in TypeScript source: bare when it is an identifier, quoted otherwise. */
export function propertyKey(name: string): string {
  return /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(name) ? name : JSON.stringify(name);
}

export function isIdentifier(name: string): boolean {
  return /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(name) && !RESERVED.has(name);
}

/**
 * Edit distance with adjacent transpositions (optimal string alignment): `requird` → `required` is
 * 1, `eunm` → `enum` is 1. Used for "did you mean" hints only.
 */
export function editDistance(a: string, b: string): number {
  const rows = a.length + 1;
  const cols = b.length + 1;
  const d: number[][] = Array.from({ length: rows }, (_, i) => Array.from({ length: cols }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, d[i - 2]![j - 2]! + 1);
      d[i]![j] = best;
    }
  }
  return d[a.length]![b.length]!;
}

/**
 * The candidate closest to `word` within `maxDistance` edits (case-insensitive), or null. Ties go to
 * the candidate listed first, so the answer never depends on anything but the two inputs.
 */
export function closestWord(word: string, candidates: Iterable<string>, maxDistance = 2): string | null {
  let best: string | null = null;
  let bestDistance = maxDistance + 1;
  const lower = word.toLowerCase();
  for (const c of candidates) {
    const distance = editDistance(lower, c.toLowerCase());
    if (distance < bestDistance) {
      best = c;
      bestDistance = distance;
    }
  }
  return best;
}

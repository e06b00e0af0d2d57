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

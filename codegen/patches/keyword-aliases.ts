/**
 * Older spellings of dialect keywords that upstream discord-docs really used, read as the current
 * keyword with a deprecation warning. This is the one list of them; schemas/README.md documents it.
 */
export interface KeywordAlias {
  /** The old spelling, as found in the schema. */
  readonly alias: string;
  /** The keyword it is read as. */
  readonly keyword: string;
  /** Where upstream used it, for the warning and the docs. */
  readonly history: string;
}

export const keywordAliases: readonly KeywordAlias[] = [
  {
    alias: 'flags',
    keyword: 'x-flags',
    history: 'discord-docs named bitfield values under `flags` until the keyword got its `x-` prefix in 2023',
  },
];

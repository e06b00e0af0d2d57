/**
 * Type-level comparison of gatewire's payload types with discord-api-types'.
 *
 * discord-api-types models enumerations as TypeScript `enum`s, gatewire as `as const` objects with
 * literal unions. An enum member is nominal (the string `'online'` is not assignable to
 * `PresenceUpdateStatus.Online`), but on the wire both are the same value, so the comparison first
 * replaces every discord-api-types enum member by its value, at every depth. A bitfield enum
 * (`MessageFlags`, `ThreadMemberFlags`, …) is not a closed set: TypeScript lets any `number` be a
 * numeric enum, and a field of that type holds any combination of its bits, so it compares as
 * `number`. gatewire's types have no `enum`s, so they are compared as they are.
 */
import type * as DAT from 'discord-api-types/v10';

/** discord-api-types' bitfield enums (a field of one holds any combination of its bits). */
type BitfieldEnums = [
  DAT.ActivityFlags,
  DAT.ApplicationFlags,
  DAT.AttachmentFlags,
  DAT.ChannelFlags,
  DAT.EmbedFlags,
  DAT.EmbedMediaFlags,
  DAT.GuildMemberFlags,
  DAT.GuildSystemChannelFlags,
  DAT.InviteFlags,
  DAT.MessageFlags,
  DAT.RoleFlags,
  DAT.SKUFlags,
  DAT.ThreadMemberFlags,
  DAT.UnfurledMediaItemFlags,
  DAT.UserFlags,
];

type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
/** Whether `T` is exactly one whole bitfield enum (not one member, not a plain literal). */
type IsBitfield<T, L extends unknown[] = BitfieldEnums> = L extends [infer Head, ...infer Rest]
  ? Same<T, Head> extends true
    ? true
    : IsBitfield<T, Rest>
  : false;

type ValuesOf<T> = T extends string
  ? `${T}`
  : T extends number
    ? `${T}` extends `${infer N extends number}`
      ? N
      : number
    : T extends bigint | boolean | null | undefined
      ? T
      : T extends object
        ? { [K in keyof T]: DiscordApiTypesValues<T[K]> }
        : T;

/**
 * A discord-api-types type with every enum member replaced by its value (`ChannelType.GuildText` →
 * `0`, `PresenceUpdateStatus.Online` → `'online'`) and every bitfield enum by `number`, at every depth.
 */
export type DiscordApiTypesValues<T> =
  IsBitfield<Exclude<T, null | undefined>> extends true ? number | Extract<T, null | undefined> : ValuesOf<T>;

/** discord-api-types' dispatch frame for the event named `K` (never when it has none). */
export type DiscordApiTypesDispatchOf<K extends string> = DAT.GatewayDispatchPayload extends infer U
  ? U extends { readonly t: infer E }
    ? `${E & string}` extends K
      ? U
      : never
    : never
  : never;

/**
 * `true` when every value of gatewire's type `G` is a value of discord-api-types' type `D`, enum
 * members compared by value: then a payload gatewire's validator accepts may be typed as `D`.
 */
export type AcceptsNoMoreThan<G, D> = [G] extends [DiscordApiTypesValues<D>] ? true : false;

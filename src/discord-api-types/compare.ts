/**
 * Type-level comparison of gatewire's payload types with discord-api-types'.
 *
 * discord-api-types models enumerations as TypeScript `enum`s; gatewire as `as const` objects with
 * literal unions. An enum member is nominal (the string `'online'` is not assignable to
 * `PresenceUpdateStatus.Online`), but on the wire both are the same value, so the comparison first
 * replaces every enum member by its value, at every depth.
 */
import type * as DAT from 'discord-api-types/v10';

/** `T` with every enum member replaced by its literal value (`ChannelType.GuildText` → `0`). */
export type EnumValues<T> = T extends string
  ? `${T}`
  : T extends number
    ? `${T}` extends `${infer N extends number}`
      ? N
      : number
    : T extends bigint | boolean | null | undefined
      ? T
      : T extends object
        ? { [K in keyof T]: EnumValues<T[K]> }
        : T;

/** discord-api-types' dispatch frame for the event named `K` (never when it has none). */
export type DiscordApiTypesDispatchOf<K extends string> = DAT.GatewayDispatchPayload extends infer U
  ? U extends { readonly t: infer E }
    ? `${E & string}` extends K
      ? U
      : never
    : never
  : never;

/** True when every value of `A` is a value of `B`, enum members compared by value. */
export type AcceptsNoMoreThan<A, B> = [EnumValues<A>] extends [EnumValues<B>] ? true : false;

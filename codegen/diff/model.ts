/**
 * What `gatewire diff` reports: the changes between two IRs, each classified for the code that reads
 * what Discord sends, the code that writes what clients send, and for validation, plus the version
 * bump those classifications call for. Every renderer and the JSON output read these types.
 */

/** What a change belongs to: a declaration (by name in each version) or a gateway event. */
export type DiffSubject =
  | { readonly kind: 'declaration'; readonly old: string | null; readonly new: string | null }
  | {
      readonly kind: 'event';
      /** The dispatch name (`GUILD_MEMBER_UPDATE`), or `receive op 10` / `send op 2` for other frames. */
      readonly event: string;
      readonly direction: 'receive' | 'send';
      readonly old: string | null;
      readonly new: string | null;
    };

export type ChangeKind =
  | 'declaration-added'
  | 'declaration-removed'
  | 'declaration-renamed'
  | 'event-added'
  | 'event-removed'
  | 'event-renamed'
  | 'field-added'
  | 'field-removed'
  /** optional → required */
  | 'field-required'
  /** required → optional */
  | 'field-optional'
  | 'nullable-added'
  | 'nullable-removed'
  | 'type-changed'
  /** A member of a discriminated union (`type: 1` of a component union) appeared or disappeared. */
  | 'variant-added'
  | 'variant-removed'
  | 'member-added'
  | 'member-removed'
  /** Same member name, another value. */
  | 'member-renumbered'
  /** Same value, another name. */
  | 'member-renamed'
  /** A row of the intents table enables (or widens) other events. */
  | 'intent-events-changed'
  /** A row of a close-code table implies another action (resume / identify / fatal, reconnect). */
  | 'close-code-action-changed'
  /** An opcode row changed direction or command, or a frame moved to another opcode. */
  | 'opcode-changed'
  /** Another column of a protocol table changed. */
  | 'table-changed';

/** A place in one version: the schema file and the JSON pointer into it. */
export interface DiffLocation {
  readonly file: string;
  readonly pointer: string;
}

/**
 * What a change does to one audience:
 * - `breaking`: code that compiled or worked before may not any more (major);
 * - `additive`: something new to use, nothing existing breaks (minor);
 * - `compatible`: existing code keeps working and nothing new appears (patch);
 * - `none`: this audience never sees the changed thing.
 */
export type ImpactLevel = 'breaking' | 'additive' | 'compatible' | 'none';

export interface AudienceImpact {
  readonly level: ImpactLevel;
  /** Why, in a few words ("a field readers may use is gone"). */
  readonly reason: string;
  /** A caveat, e.g. "may reach exhaustive switches" for an added enum member. */
  readonly note?: string;
}

/** Which validator mode an example is for: tolerant (unknown keys pass, the default) or strict. */
export type ValidationMode = 'tolerant' | 'strict';

export interface ValidationExample {
  readonly mode: ValidationMode;
  /**
   * A minimal value of the declaration (or, for an event, the whole frame) that one version accepts
   * and the other rejects; checked against both versions' IR before it is reported.
   */
  readonly payload: unknown;
}

export interface ValidationImpact {
  /** `tightened`: some payloads valid before are rejected now; `loosened`: the reverse; `both`; `none`. */
  readonly effect: 'tightened' | 'loosened' | 'both' | 'none';
  /** Accepted by the old version, rejected by the new one. */
  readonly nowRejected: readonly ValidationExample[];
  /** Rejected by the old version, accepted by the new one. */
  readonly nowAccepted: readonly ValidationExample[];
}

export interface DiffChange {
  readonly kind: ChangeKind;
  readonly subject: DiffSubject;
  /** Where inside the subject's value, as a JSON pointer (`/flags`, `/roles/*`, `` for the whole). */
  readonly path: string;
  /** Location in the old and the new schemas; null on the side where the thing does not exist. */
  readonly old: DiffLocation | null;
  readonly new: DiffLocation | null;
  /** One line a person can read: "field `flags` added (optional)". */
  readonly summary: string;
  /** Kind-specific facts (old and new types, member values, added events, …). */
  readonly detail: Readonly<Record<string, unknown>>;
  /** Gateway events whose payloads contain the changed thing, in either version. */
  readonly events: readonly string[];
  readonly readers: AudienceImpact;
  readonly writers: AudienceImpact;
  readonly validation: ValidationImpact;
}

export type BumpLevel = 'major' | 'minor' | 'patch' | 'none';

export interface BumpSuggestion {
  readonly level: BumpLevel;
  /** The rule's id (`R1`…) and its text. */
  readonly rule: string;
  readonly because: string;
  /** Indexes into `changes` of the changes that triggered the rule (at most a handful are named in text). */
  readonly changes: readonly number[];
}

export interface DiffSide {
  /** A display name (`schemas`, `schemas@HEAD`). */
  readonly label: string;
  readonly files: number;
  readonly declarations: number;
  readonly events: number;
  readonly patches: readonly string[];
}

export interface DiffReport {
  readonly old: DiffSide;
  readonly new: DiffSide;
  readonly changes: readonly DiffChange[];
  readonly bump: BumpSuggestion;
  readonly counts: {
    readonly total: number;
    readonly byKind: Readonly<Partial<Record<ChangeKind, number>>>;
    readonly breakingForReaders: number;
    readonly breakingForWriters: number;
  };
}

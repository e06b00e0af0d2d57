/**
 * The dialect resolver: prepared schemas → IR, one module per stage.
 *
 * We implement the discord-docs `$ref` rule ourselves instead of handing the schemas to a generic
 * ref resolver (json-schema-to-typescript's @apidevtools/json-schema-ref-parser): that resolver
 * caches the first expansion of a target, so "siblings replace the target's keywords" holds or not
 * depending on walk order (13 of 37 sites in the 2023 snapshot), and it names types after URLs.
 *
 * The rules, in the order they apply to one schema node:
 * 1. `$ref` with no structural sibling → the target (a reference when the target is a declaration).
 *    `$ref` + `required` only → a named derived type `Partial<T> & Required<Pick<T, …>>`.
 *    `$ref` + other siblings → the target's keywords with the siblings replacing them.
 * 2. `allOf`/`anyOf`/`oneOf` + the node's own keywords are expanded into alternatives: the own
 *    keywords (properties, required, type, enum) apply to every branch, so a `required` lifted above
 *    the branches is pushed down into each. Contradictory alternatives (`op: 0` against `op: 1…11`)
 *    are dropped. A `$ref` inside `allOf` to a declared object stays a reference (an intersection),
 *    so `MESSAGE_CREATE`'s data is `APIMessage & {…}` and not a copy of every message field.
 * 3. Declarations: every file root, every `$defs` entry, every titled schema, every multi-value enum
 *    and `x-flags`, every object schema in a property position. Names come from `title`, or from
 *    the nearest named ancestor plus the path (`User` + `premium_type` → `UserPremiumType`).
 *
 * Stages: ./context.ts (where a node sits, the run's state, fail/warn), ./schema-node.ts (reading a
 * node's keywords), ./naming.ts (declaration positions, names, `$ref` targets: rule 3),
 * ./composition.ts (rule 2), ./set-operations.ts (IR union/intersection), ./types.ts (rule 1 and
 * every node → IR type), ./enums.ts (`enum`/`x-flags` declarations), ./frames.ts (events/*.json →
 * IRFrame), ./finishing.ts (alias cycles, discriminators), ./resolve-schemas.ts (drives them).
 */
export { resolveSchemas } from './resolve-schemas.js';

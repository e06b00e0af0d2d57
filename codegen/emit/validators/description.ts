/**
 * The shape description (src/validate/description.ts defines the format): the same types the
 * check functions test, as data, for the runtime's issue reports, strip mode and strict mode.
 * Nodes are shared: two places with the same type (every `Snowflake`) point at one node.
 *
 * Each node reports what the generated collector of the same type used to report: a declaration
 * whose check is written inline (a snowflake, an enum) is a leaf that names the declaration; any
 * other ref walks its declaration's root; a union member is always its own declaration's root.
 */
import type { IRDeclaration, IRType } from '../../ir.js';
import { objectProps } from '../../ir-query.js';
import {
  ACCEPTS_UNDEFINED,
  PROTO_NAME,
  REQUIRED,
  type Candidate,
  type DescriptionNode,
  type LeafIssue,
  type LeafTest,
  type NodeIndex,
  impliedExpected,
  type PropertyEntry,
  type UnionPlan as PlanData,
  type ValidatorTable,
} from '../../../src/validate/description.js';
import { trivialKey, type CheckEmitter } from './check.js';
import { isProtoName } from './literals.js';
import { bitfieldType, type TypeFacts } from './type-facts.js';
import { splitUnion, type UnionPlan } from './union-plan.js';

export class DescriptionBuilder {
  private readonly nodes: DescriptionNode[] = [];
  private readonly index = new Map<string, NodeIndex>();
  private readonly roots: NodeIndex[] = [];

  /** `rootOf(name)`: the root index of a declaration. `check` decides which record keys need no test. */
  constructor(
    private readonly facts: TypeFacts,
    private readonly check: CheckEmitter,
    private readonly rootOf: (name: string) => number,
  ) {}

  /** Adds the next root: a declaration's body. */
  addDeclaration(d: IRDeclaration): void {
    if (d.body.kind === 'flags') {
      const t = bitfieldType(d.body.base);
      this.roots.push(this.leaf(t, this.facts.describeDeclaration(d), t));
    } else this.roots.push(this.node(this.facts.declType(d)));
  }

  /** Adds the next root: any type (a frame union). */
  addType(t: IRType): void {
    this.roots.push(this.node(t));
  }

  table(): ValidatorTable {
    return { nodes: this.nodes, roots: this.roots };
  }

  private intern(node: DescriptionNode): NodeIndex {
    const key = JSON.stringify(node);
    let i = this.index.get(key);
    if (i === undefined) {
      i = this.nodes.length;
      this.nodes.push(node);
      this.index.set(key, i);
    }
    return i;
  }

  private propertyFlags(name: string, type: IRType, required: boolean): number {
    return (required ? REQUIRED : 0) | (this.facts.acceptsUndefined(type) ? ACCEPTS_UNDEFINED : 0) | (isProtoName(name) ? PROTO_NAME : 0);
  }

  /** A leaf: `t` is what the check tests (a primitive, or an enum's union of literals). */
  private leaf(described: IRType, expected: string, t: IRType): NodeIndex {
    if (t.kind === 'unknown') return this.intern(['u']);
    let issue: LeafIssue = null;
    if (this.facts.valueKind(described)) {
      const kinds = this.facts.broad(described);
      issue = kinds !== null && kinds.size === 1 ? [...kinds][0]! : '';
    }
    return this.intern(['l', expected, issue, this.leafTest(t)]);
  }

  private leafTest(t: IRType): LeafTest {
    switch (t.kind) {
      case 'string':
        return ['str', t.minLength ?? null, t.maxLength ?? null, t.pattern ?? null];
      case 'number':
        return [t.integer ? 'int' : 'num', t.minimum ?? null, t.maximum ?? null];
      case 'boolean':
        return ['bool'];
      case 'null':
        return ['null'];
      case 'literal':
        return ['lit', t.value];
      case 'union':
        return ['enum', t.members.map((m) => this.facts.literalOf(m)!)];
      default:
        return ['never'];
    }
  }

  /** The node of a value's type, as an object property, array item or the like sees it. */
  node(type: IRType): NodeIndex {
    const t = this.facts.normalize(type);
    if (t.kind === 'ref') {
      const inner = this.facts.inlined(t);
      return inner !== null ? this.leaf(t, this.facts.describe(t), inner) : this.intern(['r', this.rootOf(t.name)]);
    }
    if (this.facts.isPrimitive(t)) return this.leaf(t, this.facts.describe(t), t);
    switch (t.kind) {
      case 'object':
        return this.intern([
          'o',
          t.properties.map((p) => this.property(p.name, p.type, p.required)),
          t.additional === null ? null : t.additional.kind === 'never' ? 'never' : this.node(t.additional),
        ]);
      case 'array':
        return this.intern(['a', this.node(t.items), this.facts.describe(t), t.minItems ?? null, t.maxItems ?? null]);
      case 'tuple':
        return this.intern(['t', t.items.map((i) => this.node(i.type)), t.minItems, t.rest === null ? null : this.node(t.rest)]);
      case 'record': {
        const keyOk = this.check.simpleExpr(t.key, 'k');
        return this.intern(['m', keyOk !== null && trivialKey(keyOk) ? null : this.node(t.key), `key: ${this.facts.describe(t.key)}`, this.node(t.value)]);
      }
      case 'intersection': {
        const keys = this.facts.knownKeys(t);
        const strictKeys = keys !== null && t.members.some((m) => this.facts.isObjectish(m)) ? [...keys].sort() : null;
        return this.intern(['&', t.members.map((m) => this.node(m)), strictKeys]);
      }
      case 'not':
        return this.intern(['!', this.node(t.base), this.node(t.not), this.facts.describe(t)]);
      case 'union':
        return this.union(t);
      default:
        return this.intern(['l', this.facts.describe(t), null, ['never']]);
    }
  }

  /** A property entry; its `missing` text is left out when it is what its type's node expects. */
  private property(name: string, type: IRType, required: boolean): PropertyEntry {
    const node = this.node(type);
    const flags = this.propertyFlags(name, type, required);
    const expected = this.facts.describe(type);
    return impliedExpected(this.nodes[node]!) === expected ? [name, node, flags] : [name, node, flags, expected];
  }

  /** A union member is reported through its own declaration (never as the inline leaf a property would see). */
  private member(m: IRType): NodeIndex {
    return m.kind === 'ref' ? this.intern(['r', this.rootOf(m.name)]) : this.node(m);
  }

  private union(t: Extract<IRType, { kind: 'union' }>): NodeIndex {
    const { others, plan } = splitUnion(this.facts, t);
    const selector = t.selector ?? null;
    const candidates: Candidate[] = others.map((m) => {
      const kinds = this.facts.broad(m);
      return [kinds === null ? null : [...kinds], this.member(m), selector === null ? null : this.selection(m, selector)];
    });
    return this.intern(['|', this.facts.describe(t), plan === null ? null : this.plan(plan), candidates, selector]);
  }

  private selection(m: IRType, key: string): readonly [NodeIndex, number] | null {
    const prop = objectProps(m, this.facts.decls)?.get(key);
    if (prop === undefined) return null;
    return [this.node(prop.type), this.propertyFlags(key, prop.type, prop.required) & ~PROTO_NAME];
  }

  private plan(plan: UnionPlan): PlanData {
    if (plan.kind === 'try') return ['try', plan.members.map((m) => this.member(m))];
    const values = plan.cases.map((c) => JSON.stringify(c.value)).join(' | ');
    return ['switch', plan.key, plan.cases.map((c) => [c.value, this.plan(c.plan)] as const), values.length > 300 ? `one of ${plan.cases.length} known values` : values];
  }
}

// generated/shapes.ts numbers its table on first read (lazyShapeTable), so importing the codec
// builds nothing; the table a reader sees must be the same one every time, with plain-object data.
import { describe, expect, it } from 'vitest';
import { indexShapes, lazyShapeTable, type EtfShapeTable } from '../../src/etf/shape-table.js';
import { etfShapes } from '../../src/etf/index.js';

describe('lazyShapeTable', () => {
  const build = (): EtfShapeTable => indexShapes({ User: { o: { id: 's', friend: 'User' } } }, { USER_UPDATE: 'User' }, {}, { '3': 'User' });

  it('builds nothing until read, then builds once', () => {
    let builds = 0;
    const table = lazyShapeTable(() => {
      builds++;
      return build();
    });
    expect(builds).toBe(0);
    const first = table.nodes;
    expect(builds).toBe(1);
    expect(table.nodes).toBe(first);
    expect(table.dispatch).toEqual({ USER_UPDATE: 1 });
    expect(builds).toBe(1);
  });

  it('reads as the numbered table it wraps (JSON, keys, spread)', () => {
    const table = lazyShapeTable(build);
    expect(JSON.parse(JSON.stringify(table))).toEqual(build());
    expect(Object.keys(table)).toEqual(['nodes', 'dispatch', 'receive', 'send']);
    expect({ ...table }).toEqual(build());
  });

  it('is how the generated table is exported: the same object on every read', () => {
    expect(etfShapes.nodes).toBe(etfShapes.nodes);
    expect(etfShapes.nodes[etfShapes.dispatch['GUILD_ROLE_CREATE']!]).toMatchObject({ o: { guild_id: 0 } });
  });
});

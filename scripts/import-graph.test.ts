// Arrows one way under src/server (ARCHITECTURE.md): routes → services → domain and db, and no
// run-time import circle between files or between feature folders. A new circle fails here.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { folderGraph, importCircles, importGraph, loopThrough, resolveSpecifier, runtimeSpecifiers } from './import-graph.js';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const server = path.join(repo, 'src/server');

/**
 * Circles that are wanted, each with the reason; a circle is its members sorted (files relative to
 * the repository, folders relative to src/server). Empty: none is needed today.
 */
const documentedFileCircles: Array<{ members: string[]; why: string }> = [];
const documentedFolderCircles: Array<{ members: string[]; why: string }> = [];

/** Each circle as one line: its shortest loop, so a failure says which import to cut. */
function describeCircles(graph: Map<string, string[]>, circles: string[][], name: (node: string) => string, allowed: string[][]) {
  const allowedKeys = new Set(allowed.map((members) => members.join(' ')));
  return circles
    .filter((circle) => !allowedKeys.has(circle.map(name).join(' ')))
    .map((circle) => loopThrough(graph, circle).map(name).join(' → '));
}

describe('src/server import graph', () => {
  const graph = importGraph(server);

  it('reads the server', () => {
    // A sanity floor: the walk found the modules and the app's imports of its routes.
    expect(graph.size).toBeGreaterThan(50);
    expect(graph.get(path.join(server, 'app.ts'))).toContain(path.join(server, 'hazards/hazards.routes.ts'));
  });

  it('has no run-time import circle between files other than a documented one', () => {
    const circles = importCircles(graph);
    const name = (file: string) => path.relative(repo, file);
    expect(describeCircles(graph, circles, name, documentedFileCircles.map((c) => c.members))).toEqual([]);
  });

  it('has no import circle between feature folders other than a documented one', () => {
    const folders = folderGraph(graph, server);
    const circles = importCircles(folders);
    expect(describeCircles(folders, circles, (folder) => folder, documentedFolderCircles.map((c) => c.members))).toEqual([]);
  });

  it('nothing under src/server imports app.ts at run time except the entry point and the test harness', () => {
    const app = path.join(server, 'app.ts');
    const importers = [...graph]
      .filter(([file, targets]) => targets.includes(app) && !/\.test\.ts$/.test(file))
      .map(([file]) => path.relative(server, file))
      .sort();
    expect(importers).toEqual(['main.ts', 'test/harness.ts']);
  });
});

describe('the import-circle checker', () => {
  it('finds a circle of two, of three and a file importing itself, and leaves a chain alone', () => {
    const graph = new Map<string, string[]>([
      ['a', ['b']],
      ['b', ['a', 'c']],
      ['c', ['d']],
      ['d', ['e']],
      ['e', ['c']],
      ['f', ['f']],
      ['g', ['a']],
      ['h', []],
    ]);
    expect(importCircles(graph)).toEqual([['a', 'b'], ['c', 'd', 'e'], ['f']]);
    expect(loopThrough(graph, ['c', 'd', 'e'])).toEqual(['c', 'd', 'e', 'c']);
    expect(importCircles(new Map([['a', ['b']], ['b', ['c']], ['c', []]]))).toEqual([]);
  });

  it('counts value imports and re-exports, not type-only ones or dynamic imports', () => {
    const text = [
      "import { a } from './a.js';",
      "import type { B } from './b.js';",
      "import { type C } from './c.js';",
      "import { type D, d } from './d.js';",
      "import e from './e.js';",
      "import * as f from './f.js';",
      "import './g.js';",
      "export * from './h.js';",
      "export type { I } from './i.js';",
      "export { type J } from './j.js';",
      "export { k } from './k.js';",
      "const l = await import('./l.js');",
      "import { z } from 'zod';",
    ].join('\n');
    expect(runtimeSpecifiers('x.ts', text)).toEqual(['./a.js', './d.js', './e.js', './f.js', './g.js', './h.js', './k.js', 'zod']);
  });

  it('resolves a .js specifier to its .ts file and a folder to its index', () => {
    const files = new Set(['/r/a/b.ts', '/r/c/index.ts']);
    const isFile = (file: string) => files.has(file);
    expect(resolveSpecifier('/r/a/x.ts', './b.js', isFile)).toBe('/r/a/b.ts');
    expect(resolveSpecifier('/r/a/x.ts', '../c/index.js', isFile)).toBe('/r/c/index.ts');
    expect(resolveSpecifier('/r/a/x.ts', '../c', isFile)).toBe('/r/c/index.ts');
    expect(resolveSpecifier('/r/a/x.ts', 'zod', isFile)).toBeNull();
  });

  describe('on a tree on disk', () => {
    const root = mkdtempSync(path.join(tmpdir(), 'import-graph-'));
    afterAll(() => rmSync(root, { recursive: true, force: true }));
    const write = (file: string, text: string) => {
      mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
      writeFileSync(path.join(root, file), text);
    };

    it('fails on a service that imports the app at run time, and passes when the import is type-only', () => {
      write('app.ts', "import { routes } from './hazards/hazards.routes.js';\nexport const actorOf = () => routes;\n");
      write('hazards/hazards.routes.ts', "import { list } from './hazards.service.js';\nexport const routes = list;\n");
      write('hazards/hazards.service.ts', "import { actorOf } from '../app.js';\nexport const list = () => actorOf;\n");
      write('hazards/hazards.test.ts', "import { actorOf } from '../app.js';\nactorOf();\n");
      const graph = importGraph(root);
      const name = (file: string) => path.relative(root, file);
      expect(importCircles(graph).map((c) => c.map(name))).toEqual([['app.ts', 'hazards/hazards.routes.ts', 'hazards/hazards.service.ts']]);
      expect(importCircles(folderGraph(graph, root))).toEqual([['app.ts', 'hazards']]);

      write('hazards/hazards.service.ts', "import type { App } from '../app.js';\nexport const list = (app: App) => app;\n");
      const fixed = importGraph(root);
      expect(importCircles(fixed)).toEqual([]);
      expect(importCircles(folderGraph(fixed, root))).toEqual([]);
    });
  });
});

import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

/**
 * The run-time import graph of a source tree and its import circles (ARCHITECTURE.md, "Arrows one
 * way"). A circle makes module evaluation order depend on which file is loaded first, and lets a
 * low module (a service) pull in a high one (every route): it is what keeps folders from moving.
 *
 * Only imports that exist at run time count: `import type`, `export type`, and named imports or
 * re-exports whose every specifier is `type` are erased by the compiler. A dynamic `import()` is
 * not followed: it loads after evaluation, so it cannot make an evaluation circle.
 */

/** The relative module specifiers a file imports or re-exports at run time. */
export function runtimeSpecifiers(fileName: string, text: string): string[] {
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, false, ts.ScriptKind.TS);
  const out: string[] = [];
  for (const statement of source.statements) {
    if (ts.isImportDeclaration(statement)) {
      if (!ts.isStringLiteral(statement.moduleSpecifier)) continue;
      const clause = statement.importClause;
      if (clause && !importsAValue(clause)) continue;
      out.push(statement.moduleSpecifier.text);
    } else if (ts.isExportDeclaration(statement)) {
      if (!statement.moduleSpecifier || !ts.isStringLiteral(statement.moduleSpecifier)) continue;
      if (statement.isTypeOnly) continue;
      const clause = statement.exportClause;
      if (clause && ts.isNamedExports(clause) && clause.elements.length > 0 && clause.elements.every((e) => e.isTypeOnly)) continue;
      out.push(statement.moduleSpecifier.text);
    }
  }
  return out;
}

function importsAValue(clause: ts.ImportClause): boolean {
  if (clause.isTypeOnly) return false;
  if (clause.name) return true;
  const bindings = clause.namedBindings;
  if (!bindings) return false;
  if (ts.isNamespaceImport(bindings)) return true;
  // `import {} from './x.js'` still loads x; `import { type A } from './x.js'` is erased.
  return bindings.elements.length === 0 || bindings.elements.some((e) => !e.isTypeOnly);
}

/** A relative specifier as written in ESM source ('./a.js') resolved to the .ts file it names. */
export function resolveSpecifier(fromFile: string, specifier: string, isFile: (file: string) => boolean = isFileOnDisk): string | null {
  if (!specifier.startsWith('.')) return null;
  const base = path.resolve(path.dirname(fromFile), specifier);
  const stem = base.replace(/\.[mc]?jsx?$/, '');
  const candidates = [`${stem}.ts`, `${stem}.tsx`, base, path.join(base, 'index.ts'), path.join(base, 'index.tsx')];
  return candidates.find(isFile) ?? null;
}

function isFileOnDisk(file: string): boolean {
  return existsSync(file) && statSync(file).isFile();
}

/** file → the files it imports at run time, for every .ts/.tsx file under root (edges leaving root are dropped). */
export function importGraph(root: string): Map<string, string[]> {
  const files = listSources(path.resolve(root));
  const inRoot = new Set(files);
  const graph = new Map<string, string[]>();
  for (const file of files) {
    const targets = runtimeSpecifiers(file, readFileSync(file, 'utf8'))
      .map((s) => resolveSpecifier(file, s))
      .filter((t): t is string => t !== null && inRoot.has(t));
    graph.set(file, [...new Set(targets)]);
  }
  return graph;
}

function listSources(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...listSources(full));
    else if (/\.tsx?$/.test(entry.name) && !entry.name.endsWith('.d.ts')) out.push(full);
  }
  return out.sort();
}

/**
 * The import circles of a graph: its strongly connected components with more than one file, or one
 * file importing itself (Tarjan's algorithm). Each circle lists its files sorted; circles are sorted.
 */
export function importCircles(graph: Map<string, string[]>): string[][] {
  let next = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const circles: string[][] = [];

  // Iterative, so a deep chain of imports cannot overflow the call stack.
  for (const start of graph.keys()) {
    if (index.has(start)) continue;
    const work: Array<{ node: string; edge: number }> = [{ node: start, edge: 0 }];
    index.set(start, next);
    low.set(start, next++);
    stack.push(start);
    onStack.add(start);
    while (work.length > 0) {
      const frame = work[work.length - 1]!;
      const edges = graph.get(frame.node) ?? [];
      if (frame.edge < edges.length) {
        const to = edges[frame.edge++]!;
        if (!index.has(to)) {
          index.set(to, next);
          low.set(to, next++);
          stack.push(to);
          onStack.add(to);
          work.push({ node: to, edge: 0 });
        } else if (onStack.has(to)) {
          low.set(frame.node, Math.min(low.get(frame.node)!, index.get(to)!));
        }
        continue;
      }
      work.pop();
      const parent = work[work.length - 1];
      if (parent) low.set(parent.node, Math.min(low.get(parent.node)!, low.get(frame.node)!));
      if (low.get(frame.node) === index.get(frame.node)) {
        const component: string[] = [];
        let member: string;
        do {
          member = stack.pop()!;
          onStack.delete(member);
          component.push(member);
        } while (member !== frame.node);
        const selfLoop = component.length === 1 && edges.includes(frame.node);
        if (component.length > 1 || selfLoop) circles.push(component.sort());
      }
    }
  }
  return circles.sort((a, b) => a[0]!.localeCompare(b[0]!));
}

/** One concrete loop through a circle (a → b → … → a), to say in a failure which imports to cut. */
export function loopThrough(graph: Map<string, string[]>, circle: string[]): string[] {
  const members = new Set(circle);
  const start = circle[0]!;
  // Breadth-first from start back to start inside the circle: the shortest loop.
  const cameFrom = new Map<string, string>();
  const queue = [start];
  while (queue.length > 0) {
    const node = queue.shift()!;
    for (const to of graph.get(node) ?? []) {
      if (!members.has(to)) continue;
      if (to === start) {
        const loop = [start];
        for (let at = node; at !== start; at = cameFrom.get(at)!) loop.splice(1, 0, at);
        return [...loop, start];
      }
      if (!cameFrom.has(to)) {
        cameFrom.set(to, node);
        queue.push(to);
      }
    }
  }
  return [start];
}

/**
 * The graph between feature folders: each file stands for its first folder under root (a file
 * directly under root stands for itself), and an edge between two files becomes one between their
 * folders. Test files are left out: they import the harness, which imports the whole app, and nothing
 * imports them, so they join folders without a run-time arrow between them.
 */
export function folderGraph(graph: Map<string, string[]>, root: string): Map<string, string[]> {
  const folderOf = (file: string) => path.relative(path.resolve(root), file).split(path.sep)[0]!;
  const folders = new Map<string, Set<string>>();
  for (const [file, targets] of graph) {
    if (isTest(file)) continue;
    const from = folderOf(file);
    if (!folders.has(from)) folders.set(from, new Set());
    for (const target of targets) {
      const to = folderOf(target);
      if (to !== from) folders.get(from)!.add(to);
    }
  }
  return new Map([...folders].map(([folder, targets]) => [folder, [...targets].sort()]));
}

const isTest = (file: string) => /\.test\.tsx?$/.test(file);

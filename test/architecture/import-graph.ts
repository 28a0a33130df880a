import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';
import ts from 'typescript';

/**
 * The project's import graph, read the way the compiler reads it (`ts.preProcessFile`: static
 * imports, re-exports and `import()` with a literal), resolved through package.json's
 * subpath imports (`#shared/*` …) and relative paths. Packages (`zod`, `node:fs`) are left out.
 */
export interface ImportEdge {
  from: string;
  to: string;
  /** The specifier as written, for messages. */
  specifier: string;
  typeOnly: boolean;
}

const SOURCE_EXT = /\.(ts|tsx|mts)$/;

export function listSources(root: string, folders: readonly string[]): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir)) {
      if (entry === 'node_modules' || entry.startsWith('.')) continue;
      const path = join(dir, entry);
      if (statSync(path).isDirectory()) walk(path);
      else if (SOURCE_EXT.test(entry) && !entry.endsWith('.d.ts')) out.push(relative(root, path));
    }
  };
  for (const folder of folders) {
    try {
      walk(join(root, folder));
    } catch {
      // a layer that does not exist yet has no imports
    }
  }
  return out.sort();
}

function subpathImports(root: string): [prefix: string, target: string][] {
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
    imports?: Record<string, string>;
  };
  return Object.entries(pkg.imports ?? {}).map(([k, v]) => [k.replace(/\*$/, ''), v.replace(/\*$/, '')]);
}

/** Whether the import statement that holds `specifier` at `pos` is `import type` / `export type`. */
function isTypeOnly(text: string, pos: number): boolean {
  const start = Math.max(text.lastIndexOf('import', pos), text.lastIndexOf('export', pos));
  return /^(import|export)\s+type\b/.test(text.slice(start, pos));
}

export function importsOf(root: string, file: string): ImportEdge[] {
  const text = readFileSync(join(root, file), 'utf8');
  const info = ts.preProcessFile(text, true, true);
  const mappings = subpathImports(root);
  const edges: ImportEdge[] = [];
  for (const ref of info.importedFiles) {
    const spec = ref.fileName;
    let target: string | undefined;
    if (spec.startsWith('.')) target = normalize(join(dirname(file), spec));
    else {
      const mapping = mappings.find(([prefix]) => spec.startsWith(prefix));
      if (mapping) target = normalize(join(mapping[1], spec.slice(mapping[0].length)));
    }
    if (target === undefined) continue;
    edges.push({ from: file, to: target, specifier: spec, typeOnly: isTypeOnly(text, ref.pos) });
  }
  return edges;
}

export function importGraph(root: string, folders: readonly string[]): ImportEdge[] {
  return listSources(root, folders).flatMap((f) => importsOf(root, f));
}

/** Strongly connected components (Tarjan) of a graph given as adjacency sets; only those with ≥ 2 nodes. */
export function cycles(graph: Map<string, Set<string>>): string[][] {
  let index = 0;
  const idx = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const on = new Set<string>();
  const out: string[][] = [];
  const visit = (v: string) => {
    idx.set(v, index);
    low.set(v, index);
    index += 1;
    stack.push(v);
    on.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!idx.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (on.has(w)) low.set(v, Math.min(low.get(v)!, idx.get(w)!));
    }
    if (low.get(v) === idx.get(v)) {
      const scc: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        on.delete(w);
        scc.push(w);
      } while (w !== v);
      if (scc.length > 1) out.push(scc.sort());
    }
  };
  for (const v of graph.keys()) if (!idx.has(v)) visit(v);
  return out.sort((a, b) => b.length - a.length);
}

/** The folder-level graph: an edge from a file's folder to each folder it imports from. */
export function folderGraph(edges: readonly ImportEdge[]): Map<string, Set<string>> {
  const g = new Map<string, Set<string>>();
  for (const e of edges) {
    const a = dirname(e.from);
    const b = dirname(e.to);
    if (!g.has(a)) g.set(a, new Set());
    if (!g.has(b)) g.set(b, new Set());
    if (a !== b) g.get(a)!.add(b);
  }
  return g;
}

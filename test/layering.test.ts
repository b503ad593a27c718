/**
 * The layering rules of the design, checked on every import in the tree:
 * online/ and offline/ never import each other; node/ (the Node code both programs share) imports
 * only protocol/ and itself; protocol/ imports none of them, and no Node built-ins. And what the
 * offline bundle is built from (everything its entry point reaches) holds nothing of online/.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '..');
const layers = ['protocol', 'node', 'online', 'offline'] as const;
type Layer = (typeof layers)[number];

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...sourceFiles(path));
    else if (/\.(ts|js|mjs)$/.test(name) && !name.endsWith('.d.ts')) out.push(path);
  }
  return out;
}

const importPattern = /(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|import\s*\(\s*['"]([^'"]+)['"]\s*\)|import\s+['"]([^'"]+)['"]/g;

export function importsOf(source: string): string[] {
  const found: string[] = [];
  for (const m of source.matchAll(importPattern)) found.push((m[1] ?? m[2] ?? m[3])!);
  return found;
}

function layerOf(path: string): Layer | undefined {
  const top = relative(root, path).split('/')[0];
  return layers.find((l) => l === top);
}

/** Which layers each may import, besides packages (and Node built-ins, except in protocol/). */
const allowed: Record<Layer, readonly Layer[]> = {
  protocol: ['protocol'],
  node: ['protocol', 'node'],
  online: ['protocol', 'node', 'online'],
  offline: ['protocol', 'node', 'offline'],
};
const nodeBuiltins = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]));

function violations(): string[] {
  const found: string[] = [];
  for (const layer of layers) {
    for (const file of sourceFiles(join(root, layer))) {
      for (const spec of importsOf(readFileSync(file, 'utf8'))) {
        const where = relative(root, file);
        if (spec.startsWith('.')) {
          const target = layerOf(resolve(dirname(file), spec));
          // The two programs' bin scripts reach prebuilt/ (the launcher); the shared layers reach nothing outside.
          const outside = target === undefined && (layer === 'protocol' || layer === 'node');
          if (outside || (target !== undefined && !allowed[layer].includes(target))) found.push(`${where} imports ${spec} (${layer} → ${target ?? 'outside the layers'})`);
        } else if (layer === 'protocol' && nodeBuiltins.has(spec.split('/')[0]!)) {
          found.push(`${where} imports the Node built-in ${spec}; protocol/ runs in the browser too`);
        }
      }
    }
  }
  return found;
}

/** Every source file the offline bundle's entry point reaches through relative imports. */
function bundleClosure(entry: string): string[] {
  const seen = new Set<string>();
  const queue = [entry];
  while (queue.length > 0) {
    const file = queue.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    for (const spec of importsOf(readFileSync(file, 'utf8'))) {
      if (spec.startsWith('.') && /\.(ts|js|mjs)$/.test(spec)) queue.push(resolve(dirname(file), spec));
    }
  }
  return [...seen].map((f) => relative(root, f)).sort();
}

describe('layering', () => {
  it('finds imports in every form the tree uses', () => {
    const sample = `import a from '../x.ts';\nimport type { B } from "./b.ts";\nexport { c } from '../../c.ts';\nconst d = await import('./d.ts');\nimport './side.ts';`;
    expect(importsOf(sample)).toEqual(['../x.ts', './b.ts', '../../c.ts', './d.ts', './side.ts']);
  });

  it('keeps online/, offline/, node/ and protocol/ apart', () => {
    expect(violations()).toEqual([]);
  });

  it('builds the offline bundle from protocol/, node/ and offline/ only', () => {
    const files = bundleClosure(join(root, 'offline/bundle/entry.ts'));
    expect(files.some((f) => f.startsWith('node/'))).toBe(true);
    expect(files.filter((f) => !/^(protocol|node|offline)\//.test(f))).toEqual([]);
  });
});

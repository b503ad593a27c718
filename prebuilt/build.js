/**
 * Builds the two programs, `airsign` (online/cli/main.ts) and `airsign-signer`
 * (offline/cli/main.ts), into plain JavaScript with esbuild, as the offline bundle is built, so
 * they start without compiling TypeScript (tsx took 0.9-1.7 s at every start). `npm run build`
 * builds both; the bin scripts (prebuilt/launch.js) build again by themselves when a source file
 * changed since.
 *
 * The output is dist/prebuilt/<program>-<stamp>/ (ES modules, split at every dynamic import, so a
 * command's code loads only when that command runs; packages stay in node_modules) and a pointer,
 * dist/prebuilt/<program>.json: that directory and every source file's mtime. Each build writes a
 * fresh directory and swaps the pointer by rename, so programs started during a build run the old
 * one whole. `import.meta.url`/`dirname`/`filename` keep naming the source file each line came
 * from, so paths found relative to the sources (pages, wasm, the signing thread's .cjs) stay
 * right.
 */
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

export const ROOT = resolve(import.meta.dirname, '..');
export const OUT = join(ROOT, 'dist', 'prebuilt');
export const PROGRAMS = {
  // threads: the entries of worker threads a program starts, built beside main.mjs (a thread that
  // loaded the sources through tsx cost about a second of CPU and 60-70 MB each, more on a cold cache).
  airsign: { entry: 'online/cli/main.ts', registry: 'online/cli/commands/index.ts', table: 'onlineCommands', threads: { 'engine-thread': 'online/pipeline/engine/engine-thread-body.ts' } },
  'airsign-signer': { entry: 'offline/cli/main.ts', registry: 'offline/cli/commands/index.ts', table: 'offlineCommands' },
};

/** @type {import('esbuild').Plugin} */
const sourceMeta = {
  name: 'airsign-source-import-meta',
  setup(b) {
    b.onLoad({ filter: /\.ts$/ }, (args) => {
      if (args.path.includes(`${join('node_modules', '')}`)) return undefined;
      const text = readFileSync(args.path, 'utf8')
        .replaceAll('import.meta.dirname', JSON.stringify(dirname(args.path)))
        .replaceAll('import.meta.filename', JSON.stringify(args.path))
        .replaceAll('import.meta.url', JSON.stringify(pathToFileURL(args.path).href));
      return { contents: text, loader: 'ts' };
    });
  },
};

/**
 * Where each command of a registry comes from: the registry is built and run once here, and each
 * entry is matched to the command file export that holds it. An entry no command file exports (the
 * `version` command, made by protocol/cli's versionCommand) is made the same way in the lazy
 * registry.
 */
async function commandTable(program, dir) {
  const { build } = await import('esbuild');
  const registry = join(ROOT, program.registry);
  const files = readdirSync(dirname(registry)).filter((f) => f.endsWith('.ts') && f !== basename(registry)).sort();
  const probe = [
    `import { ${program.table} as table } from ${JSON.stringify(registry)};`,
    ...files.map((f, i) => `import * as m${i} from ${JSON.stringify(join(dirname(registry), f))};`),
    `const modules = [${files.map((_, i) => `m${i}`).join(', ')}];`,
    `const files = ${JSON.stringify(files)};`,
    'export const entries = table.map((command) => {',
    '  const { run: _run, ...spec } = command;',
    '  for (const [i, m] of modules.entries()) for (const [exportName, value] of Object.entries(m)) if (value === command) return { spec, file: files[i], exportName };',
    '  return { spec };',
    '});',
  ].join('\n');
  const probeFile = join(dir, 'registry-probe.mjs');
  await build({
    stdin: { contents: probe, resolveDir: dirname(registry), loader: 'ts' },
    absWorkingDir: ROOT, outfile: probeFile, bundle: true, format: 'esm', platform: 'node', target: 'node20',
    packages: 'external', plugins: [sourceMeta], logLevel: 'silent',
  });
  try {
    return (await import(pathToFileURL(probeFile).href)).entries;
  } finally {
    rmSync(probeFile, { force: true });
  }
}

/** The registry as the prebuilt program has it: each command's spec, and its code loaded only when it runs. */
function lazyRegistry(program, name, entries) {
  const lines = [
    "import { versionCommand } from '../../../protocol/cli/index.ts';",
    'const lazy = (spec, load) => ({ ...spec, run: async (ctx) => (await load()).run(ctx) });',
    `export const ${program.table} = [`,
  ];
  for (const e of entries) {
    if (e.file !== undefined) lines.push(`  lazy(${JSON.stringify(e.spec)}, () => import(${JSON.stringify(`./${e.file}`)}).then((m) => m[${JSON.stringify(e.exportName)}])),`);
    else if (e.spec.name === 'version') lines.push(`  versionCommand(${JSON.stringify(name)}),`);
    else throw new Error(`prebuilt: command "${e.spec.name}" of ${program.registry} is not exported by a file beside it; export it from its own file`);
  }
  lines.push('];');
  return lines.join('\n');
}

/** Builds one program; returns the pointer it wrote. */
export async function buildProgram(name) {
  const program = PROGRAMS[name];
  if (program === undefined) throw new Error(`unknown program ${name}`);
  const { build } = await import('esbuild');
  mkdirSync(OUT, { recursive: true });
  const dir = join(OUT, `${name}-${Date.now().toString(36)}-${process.pid}`);
  mkdirSync(dir, { recursive: true });
  const registrySource = lazyRegistry(program, name, await commandTable(program, dir));
  const registryPath = join(ROOT, program.registry);
  /** @type {import('esbuild').Plugin} */
  const lazyCommands = {
    name: 'airsign-lazy-commands',
    setup(b) {
      b.onLoad({ filter: /commands[\\/]index\.ts$/ }, (args) => (args.path === registryPath ? { contents: registrySource, loader: 'js', resolveDir: dirname(registryPath) } : undefined));
    },
  };
  const result = await build({
    entryPoints: { main: join(ROOT, program.entry), ...Object.fromEntries(Object.entries(program.threads ?? {}).map(([k, v]) => [k, join(ROOT, v)])) },
    absWorkingDir: ROOT,
    outdir: dir,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    packages: 'external',
    outExtension: { '.js': '.mjs' },
    chunkNames: 'chunks/[name]-[hash]',
    metafile: true,
    plugins: [lazyCommands, sourceMeta],
    logLevel: 'silent',
  });
  const inputs = {};
  // The command files and the registry are inputs too (the lazy registry was made from them).
  const sources = new Set([...Object.keys(result.metafile.inputs).map((rel) => resolve(ROOT, rel)), registryPath]);
  for (const f of readdirSync(dirname(registryPath))) sources.add(join(dirname(registryPath), f));
  for (const path of sources) {
    inputs[path] = statSync(path).mtimeMs;
  }
  writeFileSync(join(dir, 'meta.json'), JSON.stringify(result.metafile));
  const pointer = { dir: basename(dir), inputs };
  const tmp = join(OUT, `.${name}.${process.pid}.json`);
  writeFileSync(tmp, JSON.stringify(pointer));
  renameSync(tmp, join(OUT, `${name}.json`));
  removeOldBuilds(name, basename(dir));
  return pointer;
}

/** Earlier builds of a program, left for a minute in case a program started from one still loads chunks. */
function removeOldBuilds(name, keep) {
  for (const entry of readdirSync(OUT)) {
    if (entry === keep || !new RegExp(`^${name}-[0-9a-z]+-\\d+$`).test(entry)) continue;
    try {
      if (Date.now() - statSync(join(OUT, entry)).mtimeMs > 60_000) rmSync(join(OUT, entry), { recursive: true, force: true });
    } catch {
      // another build removed it first
    }
  }
}

/** The prebuilt entry of a program if it is as new as every source it was built from, else undefined. */
export function freshEntry(name) {
  let pointer;
  try {
    pointer = JSON.parse(readFileSync(join(OUT, `${name}.json`), 'utf8'));
  } catch {
    return undefined;
  }
  try {
    for (const [path, mtimeMs] of Object.entries(pointer.inputs)) if (statSync(path).mtimeMs !== mtimeMs) return undefined;
    const entry = join(OUT, pointer.dir, 'main.mjs');
    statSync(entry);
    return entry;
  } catch {
    return undefined; // a source file is gone, or the build was removed
  }
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === resolve(import.meta.filename)) {
  const ifStale = process.argv.includes('--if-stale');
  const wanted = process.argv.slice(2).filter((a) => a !== '--if-stale');
  for (const name of wanted.length > 0 ? wanted : Object.keys(PROGRAMS)) {
    if (ifStale && freshEntry(name) !== undefined) continue;
    const pointer = await buildProgram(name);
    process.stdout.write(`built ${name}: dist/prebuilt/${pointer.dir}/main.mjs (${Object.keys(pointer.inputs).length} source files)\n`);
  }
}

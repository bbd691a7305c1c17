import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * The house plan (issue 17): the core vocabulary (src/core) is at the bottom; the pure core
 * (matching and pricing) imports only it and each other; platform/ imports only core. Read
 * from the source text, so a new import in the wrong direction fails here.
 */
const SRC = path.resolve(__dirname, '../../src');
const IMPORT = /(?:from|import)\s*['"](\.{1,2}\/[^'"]+)['"]/g;

function importsOf(folder: string): { file: string; target: string }[] {
  const out: { file: string; target: string }[] = [];
  for (const name of readdirSync(path.join(SRC, folder))) {
    if (!name.endsWith('.ts')) continue;
    const file = path.join(SRC, folder, name);
    for (const m of readFileSync(file, 'utf8').matchAll(IMPORT)) {
      out.push({ file: `${folder}/${name}`, target: path.relative(SRC, path.resolve(path.dirname(file), m[1]!)) });
    }
  }
  return out;
}

const outside = (folder: string, allowed: string[]) =>
  importsOf(folder)
    .filter(({ target }) => !allowed.some((a) => target === a || target.startsWith(`${a}/`)))
    .map(({ file, target }) => `${file} → ${target}`);

describe('the import graph', () => {
  it('when the core vocabulary imports, then only from itself', () => {
    expect(outside('core', ['core'])).toEqual([]);
  });

  it('when matching or pricing imports, then only from core, matching and pricing (no feature folder)', () => {
    expect(outside('matching', ['core', 'matching', 'pricing'])).toEqual([]);
    expect(outside('pricing', ['core', 'pricing'])).toEqual([]);
  });

  it('when platform imports, then only from platform and core (and the migrations it runs)', () => {
    expect(outside('platform', ['platform', 'core', '../db/migrations'])).toEqual([]);
  });

  it('when a file breaks the rule, then the check names it (the check can fail)', () => {
    expect(outside('quotes', ['core'])).not.toEqual([]);
  });
});

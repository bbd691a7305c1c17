import path from 'node:path';
import { existsSync } from 'node:fs';

/** The project root, whether running from src/ (ts-jest) or dist/src/ (compiled). */
function findRoot(start: string): string {
  let dir = start;
  while (!existsSync(path.join(dir, 'package.json'))) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`no package.json above ${start}`);
    dir = parent;
  }
  return dir;
}

export const PROJECT_ROOT = findRoot(__dirname);
export const VIEWS_DIR = path.join(PROJECT_ROOT, 'views');
export const DEMO_DIR = path.join(PROJECT_ROOT, 'db', 'demo');

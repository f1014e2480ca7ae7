/** Links in the hand-written docs lead somewhere: anchors to headings, relative paths to files. */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { slug } from '../../src/docs/reference.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const anchorsOf = (markdown: string) => new Set([...markdown.replace(/^```[\s\S]*?^```/gm, '').matchAll(/^#+ (.*)$/gm)].map((m) => slug(m[1])));

describe.each(['README.md', 'results/README.md'])('%s', (file) => {
  const text = readFileSync(join(root, file), 'utf8');
  const links = [...text.replace(/^```[\s\S]*?^```/gm, '').matchAll(/\]\(([^)\s]+)\)/g)].map((m) => m[1]).filter((l) => !/^https?:/.test(l));

  it('links to headings and files that exist', () => {
    expect(links.length).toBeGreaterThan(0);
    const broken: string[] = [];
    for (const link of links) {
      const [path, anchor] = link.split('#');
      const target = path ? join(root, dirname(file), path) : join(root, file);
      if (!existsSync(target)) broken.push(`${link}: no file ${path}`);
      else if (anchor !== undefined && target.endsWith('.md') && !anchorsOf(readFileSync(target, 'utf8')).has(anchor)) broken.push(`${link}: no heading #${anchor}`);
    }
    expect(broken).toEqual([]);
  });
});

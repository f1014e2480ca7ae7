/** Reading the README the way the doc tests need it: its sections and their fenced code blocks. */

/** A fenced code block: its language tag and its text. */
export interface CodeBlock {
  lang: string;
  text: string;
}

/** The text of the `## heading` section (up to the next `## `), or undefined. `heading` is matched at the start. */
export function section(markdown: string, heading: string): string | undefined {
  const lines = markdown.split('\n');
  const start = lines.findIndex((l) => l.startsWith(`## ${heading}`));
  if (start < 0) return undefined;
  let end = lines.findIndex((l, i) => i > start && /^## /.test(l));
  if (end < 0) end = lines.length;
  return lines.slice(start, end).join('\n');
}

/** The fenced code blocks of `markdown`, in order. */
export function codeBlocks(markdown: string): CodeBlock[] {
  const blocks: CodeBlock[] = [];
  const re = /^```([\w-]*)[^\n]*\n([\s\S]*?)^```\s*$/gm;
  for (const m of markdown.matchAll(re)) blocks.push({ lang: m[1], text: m[2].replace(/\n$/, '') });
  return blocks;
}

/** A shell command shown in the tour, and the output the README shows for it (if any). */
export interface TourStep {
  command: string;
  /** Lines of the `text` block right after the command's block; `…` alone skips lines, `…` inside a line matches anything. */
  shows: string[];
}

/**
 * The tour's steps: every line of a `sh` block is a command (blank lines and `#` comments aside);
 * a `text` block right after a `sh` block is what its last command prints.
 */
export function tourSteps(tour: string): TourStep[] {
  const steps: TourStep[] = [];
  let last: TourStep | undefined;
  for (const b of codeBlocks(tour)) {
    if (b.lang === 'sh') {
      for (const line of b.text.split('\n')) {
        const command = line.trim();
        if (command === '' || command.startsWith('#')) continue;
        last = { command, shows: [] };
        steps.push(last);
      }
    } else if (b.lang === 'text' && last) {
      last.shows.push(...b.text.split('\n'));
      last = undefined;
    } else {
      last = undefined;
    }
  }
  return steps;
}

/** A shown line as a pattern over an output line: `…` matches anything, trailing blanks ignored. */
function linePattern(shown: string): RegExp {
  const parts = shown.trimEnd().split('…').map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  return new RegExp(`^${parts.join('.*')}$`);
}

/**
 * The shown lines missing from `output`: every shown line (other than a lone `…`) must be a whole
 * line of the output, and they must appear in the order shown.
 */
export function missingLines(shows: readonly string[], output: string): string[] {
  const lines = output.split('\n').map((l) => l.trimEnd());
  const missing: string[] = [];
  let at = 0;
  for (const shown of shows) {
    if (shown.trim() === '…' || shown.trim() === '') continue;
    const re = linePattern(shown);
    const found = lines.findIndex((l, i) => i >= at && re.test(l));
    if (found < 0) missing.push(shown);
    else at = found + 1;
  }
  return missing;
}

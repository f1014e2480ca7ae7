/** How a value reads inside an error message: `'abc'`, `5`, `a list`, `a mapping`, `an empty value`. */
export function describeValue(input: unknown): string {
  if (typeof input === 'string') return `'${input}'`;
  if (Array.isArray(input)) return 'a list';
  if (input === null) return 'an empty value';
  if (input === undefined) return 'nothing';
  if (typeof input === 'object') return 'a mapping';
  return String(input);
}

import { readArrowTable } from '../../src/output/arrow-io.js';

/** The rows of a fleetsim Arrow file (format version checked) as plain objects. */
export function arrowRows(path: string): Record<string, number | string>[] {
  return readArrowTable(path)
    .toArray()
    .map((x) => x.toJSON() as Record<string, number | string>);
}

/**
 * Vega-Lite specs → SVG text, in Node, without a browser or a canvas: Vega's headless renderer
 * writes the SVG itself (text widths are estimated), so a report needs no network and no scripts.
 */

import { parse, View } from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';

/** Renders one Vega-Lite spec (with inline data) to a standalone `<svg>` element. */
export async function renderSvg(spec: TopLevelSpec): Promise<string> {
  const vegaSpec = compile(spec).spec;
  const view = new View(parse(vegaSpec), { renderer: 'none', logLevel: 0 });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

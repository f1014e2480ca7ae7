import { buildManifest, manifestText } from '../output/manifest.js';
import { writeResultsDir } from '../output/results-dir.js';

/** What the manifest says about a results folder besides its files' digests. */
export type ResultsFolderAbout = Omit<Parameters<typeof buildManifest>[0], 'tables'>;

/**
 * Writes a results folder atomically: `files` and a `manifest.json` that records their digests.
 * `run` and `merge` both end here, so their folders are written the same way.
 */
export function writeResultsFolder(outDir: string, files: Record<string, Uint8Array | string>, about: ResultsFolderAbout, replace: boolean): void {
  const tables = Object.fromEntries(Object.entries(files).map(([k, v]) => [k, typeof v === 'string' ? Buffer.from(v) : v]));
  const manifest = buildManifest({ ...about, tables });
  writeResultsDir(outDir, { ...files, 'manifest.json': manifestText(manifest) }, replace);
}

/**
 * Told what a build writes as it writes it: the fixity manifest takes the hashes of those files from their bytes
 * instead of reading them back (src/check/fixity.ts WrittenHashes). The page writers (src/pages/) and the search
 * step (src/search/search-index.ts) tell it; they sit below src/check, so they know it by this shape alone.
 */
export interface WrittenFiles {
  /** `bytes` were written to `file`, its path below the output folder (`/`-separated). */
  wrote(file: string, bytes: Uint8Array): void;
  /** Every file below `folder` (a folder of the output folder `dir`, ending in `/`) is written, and stays as it is. */
  wroteFolder(dir: string, folder: string): void;
}

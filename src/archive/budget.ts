/**
 * One budget for all decompression of one input file: the bytes that come out of every layer
 * (a gzip member inside a tar.gz inside a zip: the zip's deflate, the tar.gz's gzip and the inner
 * gzip all count) are added up and held against the size of the file the user gave. A bomb split
 * across layers, or across many members each under the per-layer ratio, is cut all the same.
 *
 * Every decompressor takes the run's budget and calls `take(n)` for each chunk it gives out
 * (InflateLayer in pull.ts does; a new format's decompressor does the same); a non-null answer is
 * the reason to stop, to be kept as the layer's `cut`.
 */
import { RATIO_CHECK_AFTER } from './context';

export class InflateBudget {
  /** decompressed bytes given out by all layers of this input so far */
  out = 0;
  /** set once the budget is spent; every layer of the input is then cut with this reason */
  spent: string | null = null;

  constructor(
    /** size on disk of the file the user gave (for a folder input: of the file being read) */
    readonly inputBytes: number,
    readonly maxRatio: number,
  ) {}

  /** count `n` more decompressed bytes; the reason to stop once they exceed the budget */
  take(n: number): string | null {
    if (this.spent) return this.spent;
    this.out += n;
    const allowed = Math.max(RATIO_CHECK_AFTER, this.maxRatio * Math.max(1, this.inputBytes));
    if (this.out > allowed) {
      this.spent =
        `decompressed data across all layers expands more than ${this.maxRatio} times the ` +
        `${this.inputBytes} bytes of the input (${this.out} bytes so far), which looks like a compression bomb`;
    }
    return this.spent;
  }
}

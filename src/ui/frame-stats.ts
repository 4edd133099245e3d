// Time the editor spends per animation frame on brushing (rasterising new segments, uploading
// the dirty rectangle, redrawing the mask layer). Read by the benchmark through the test hook.
export const frameStats = {
  /** Work done since the last painted frame, ms. */
  pending: 0,
  /** Per-frame work of recent frames, ms (bounded). */
  frames: [] as number[],
  add(ms: number) {
    this.pending += ms;
  },
  endFrame(ms: number) {
    this.frames.push(this.pending + ms);
    if (this.frames.length > 5000) this.frames.splice(0, 1000);
    this.pending = 0;
  },
  reset() {
    this.frames = [];
    this.pending = 0;
  },
};

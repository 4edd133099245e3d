// Jobs slice: the one long operation running (detect text, upscale...), its progress, and its
// cancellation. Not undoable; its result becomes an edit when it lands.
import type { StateCreator } from 'zustand';
import type { Progress } from '../../core/types.ts';
import type { EditorState } from '../store.ts';

export interface RunningJob {
  id: number;
  label: string;
  progress: Progress | null;
}

export interface JobHandle {
  signal: AbortSignal;
  onProgress(p: Progress): void;
  /** Says what the job does now, in the status bar (e.g. that more work waits behind it). */
  setLabel(label: string): void;
  /** Ends the job (success, failure or cancel alike). */
  done(): void;
}

export interface JobsSlice {
  job: RunningJob | null;
  /** Starts a job, or returns null when one is already running. */
  startJob(label: string): JobHandle | null;
  cancelJob(): void;
}

let nextId = 1;

export const createJobsSlice: StateCreator<EditorState, [], [], JobsSlice> = (set, get) => {
  let controller: AbortController | null = null;
  return {
    job: null,
    startJob(label) {
      if (get().job) return null;
      const id = nextId++;
      const c = (controller = new AbortController());
      set({ job: { id, label, progress: null } });
      const mine = () => get().job?.id === id;
      return {
        signal: c.signal,
        onProgress: (progress) => {
          if (mine()) set({ job: { id, label, progress } });
        },
        setLabel: (text) => {
          label = text;
          if (mine()) set({ job: { ...get().job!, label } });
        },
        done: () => {
          if (!mine()) return;
          controller = null;
          set({ job: null });
        },
      };
    },
    cancelJob() {
      controller?.abort(new DOMException('Cancelled by the user.', 'AbortError'));
    },
  };
};

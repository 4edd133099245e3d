// Settings of the operations (side panel): inpainting engine and mask growth, text review,
// the upscale model, which models this host has installed, where each operation last ran, and
// the inference backend with what the browser offers. Not undoable: they shape the next run,
// not the document.
import type { StateCreator } from 'zustand';
import { DEFAULT_DILATE } from '../../ops/inpaint/step.ts';
import type { BackendChoice, RuntimeEnvironment } from '../../worker/client.ts';
import type { EditorState } from '../store.ts';

/** What the operator may pick for Remove; 'auto' takes the best installed engine. */
export type EngineSetting = 'auto' | 'patchmatch' | 'migan' | 'lama';

export type OperationKind = 'remove' | 'detect' | 'remove-text' | 'upscale' | 'redact' | 'replay';

const KIND_LABEL: Record<OperationKind, string> = {
  remove: 'Remove',
  detect: 'Detect text',
  'remove-text': 'Remove text',
  upscale: 'Upscale',
  redact: 'Redact',
  replay: 'Replay',
};

export type RedactStyleSetting = 'blur' | 'pixelate' | 'fill';

export const DILATE_MAX = 64;

export interface SettingsSlice {
  inpaintEngine: EngineSetting;
  /** Mask growth in pixels before filling (halos, shadow edges). */
  inpaintDilate: number;
  /** Remove text stops for the operator to review the detected boxes before filling. */
  reviewBoxesFirst: boolean;
  /** How Redact faces / Redact text hide what the operator accepted. */
  redactStyle: RedactStyleSetting;
  /** Registry id of the upscale model, or null for the default (native x2 model for x2 when installed). */
  upscaleModel: string | null;
  /** Model id -> installed on this host; null until the worker has answered. */
  installed: Record<string, boolean> | null;
  /** One line per operation saying what ran and where ("PatchMatch on WASM, 1.2 s"). */
  ranOn: Partial<Record<OperationKind, string>>;
  /** The last operation's line, for the status bar ("Remove: PatchMatch on the server (job), 1.2 s"). */
  lastRan: string | null;
  /** Where models run: 'auto' (WebGPU when a hardware adapter passes a smoke run, else WASM) or forced. */
  backendChoice: BackendChoice;
  /** What the browser offers (WebGPU adapter, WASM threads); null until the worker has answered. */
  runtime: RuntimeEnvironment | null;
  /** The bearer token for the server's jobs and model runs ('' when none is given). */
  serverToken: string;
  setInpaintEngine(engine: EngineSetting): void;
  setInpaintDilate(px: number): void;
  setReviewBoxesFirst(on: boolean): void;
  setRedactStyle(style: RedactStyleSetting): void;
  setUpscaleModel(id: string | null): void;
  setInstalled(installed: Record<string, boolean>): void;
  setRanOn(kind: OperationKind, line: string): void;
  setBackendChoice(choice: BackendChoice): void;
  setRuntime(runtime: RuntimeEnvironment | null): void;
  setServerToken(token: string): void;
}

export const createSettingsSlice: StateCreator<EditorState, [], [], SettingsSlice> = (set, get) => ({
  inpaintEngine: 'auto',
  inpaintDilate: DEFAULT_DILATE,
  reviewBoxesFirst: false,
  redactStyle: 'blur',
  upscaleModel: null,
  installed: null,
  ranOn: {},
  lastRan: null,
  backendChoice: 'auto',
  runtime: null,
  serverToken: '',
  setInpaintEngine(engine) {
    set({ inpaintEngine: engine });
  },
  setInpaintDilate(px) {
    set({ inpaintDilate: Math.min(DILATE_MAX, Math.max(0, Math.round(px) || 0)) });
  },
  setReviewBoxesFirst(on) {
    set({ reviewBoxesFirst: on });
  },
  setRedactStyle(style) {
    set({ redactStyle: style });
  },
  setUpscaleModel(id) {
    set({ upscaleModel: id });
  },
  setInstalled(installed) {
    set({ installed });
  },
  setRanOn(kind, line) {
    set({ ranOn: { ...get().ranOn, [kind]: line }, lastRan: `${KIND_LABEL[kind]}: ${line}` });
  },
  setBackendChoice(choice) {
    set({ backendChoice: choice });
  },
  setRuntime(runtime) {
    set({ runtime });
  },
  setServerToken(token) {
    set({ serverToken: token.trim() });
  },
});

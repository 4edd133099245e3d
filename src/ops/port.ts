// The inference port: the only way operations reach a neural network. Operations never
// import onnxruntime; a host (browser worker, Node server, CLI) passes an adapter in.

export type TensorElement = 'float32' | 'float16' | 'uint8' | 'int64';

export interface PortTensor {
  type: TensorElement;
  /** float16 data travels as raw Uint16Array bits. int64 as BigInt64Array. */
  data: Float32Array | Uint8Array | Uint16Array | BigInt64Array;
  dims: number[];
}

export type Backend = 'webgpu' | 'wasm' | 'cpu';

export interface ModelSession {
  readonly modelId: string;
  /** The backend that actually runs this session (after any fallback). */
  readonly backend: Backend;
  readonly inputNames: readonly string[];
  readonly outputNames: readonly string[];
  /** Runs are serialised per session by the adapter. */
  run(feeds: Record<string, PortTensor>, signal?: AbortSignal): Promise<Record<string, PortTensor>>;
}

export interface InferencePort {
  /** Opens (or reuses) a session for a registered model id; throws ModelUnavailableError if its file is missing. */
  session(modelId: string): Promise<ModelSession>;
  /** True when the model's file is installed and loadable by this host. */
  has(modelId: string): Promise<boolean>;
}

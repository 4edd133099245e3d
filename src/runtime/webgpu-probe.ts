// What the browser's WebGPU can offer, asked once per worker. No @webgpu/types here: the few
// members we read are declared locally.
interface GpuAdapterLike {
  features: { has(name: string): boolean };
  info?: { vendor?: string; architecture?: string; device?: string; description?: string; isFallbackAdapter?: boolean };
}
interface GpuLike {
  requestAdapter(options?: { powerPreference?: 'high-performance' | 'low-power' }): Promise<GpuAdapterLike | null>;
}

export interface WebGpuInfo {
  /** An adapter was granted. */
  available: boolean;
  /** The adapter supports float16 shaders (we then run the fp16 twin of a model). */
  shaderF16: boolean;
  /** vendor / architecture / description, as the browser reports them. */
  adapter?: string;
  /** A CPU rasteriser (SwiftShader, llvmpipe...): slower than our WASM, so "auto" skips it. */
  software: boolean;
  /** Why WebGPU is not available, in words. */
  reason?: string;
}

const SOFTWARE_ADAPTER = /swiftshader|llvmpipe|lavapipe|softpipe|warp|basic render/i;

let probed: Promise<WebGpuInfo> | undefined;

export function probeWebGpu(): Promise<WebGpuInfo> {
  probed ??= (async () => {
    const gpu = (navigator as unknown as { gpu?: GpuLike }).gpu;
    if (!gpu)
      return { available: false, shaderF16: false, software: false, reason: 'this browser has no WebGPU (navigator.gpu is undefined)' };
    try {
      const adapter = await gpu.requestAdapter({ powerPreference: 'high-performance' });
      if (!adapter) return { available: false, shaderF16: false, software: false, reason: 'no WebGPU adapter was granted' };
      const i = adapter.info ?? {};
      const name = [i.vendor, i.architecture, i.device, i.description].filter(Boolean).join(' / ') || 'unnamed adapter';
      const software = i.isFallbackAdapter === true || SOFTWARE_ADAPTER.test(name);
      return { available: true, shaderF16: adapter.features.has('shader-f16'), adapter: name, software };
    } catch (e) {
      return { available: false, shaderF16: false, software: false, reason: `requestAdapter failed: ${(e as Error).message}` };
    }
  })();
  return probed;
}

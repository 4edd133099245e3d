// The few host globals that both browsers and Node 20 provide, declared here so the
// environment-neutral core can use them without pulling in the DOM or Node typings.
declare const crypto: {
  subtle: { digest(algorithm: 'SHA-256', data: ArrayBuffer | ArrayBufferView): Promise<ArrayBuffer> };
  getRandomValues<T extends ArrayBufferView>(array: T): T;
};
declare const performance: { now(): number };
declare const console: { log(...a: unknown[]): void; warn(...a: unknown[]): void; error(...a: unknown[]): void };
declare class TextEncoder {
  encode(s: string): Uint8Array;
}
declare class TextDecoder {
  constructor(label?: string, options?: { fatal?: boolean });
  decode(b: ArrayBuffer | ArrayBufferView): string;
}
declare function setTimeout(cb: () => void, ms?: number): unknown;
declare function queueMicrotask(cb: () => void): void;
declare class DOMException extends Error {
  constructor(message?: string, name?: string);
}
interface AbortSignal {
  readonly aborted: boolean;
  readonly reason: unknown;
  throwIfAborted(): void;
  addEventListener(type: 'abort', listener: () => void, options?: { once?: boolean }): void;
  removeEventListener(type: 'abort', listener: () => void): void;
}

import type { InferencePort } from '../port.ts';
import type { InpaintEngine } from './engine.ts';
export function miganEngine(_port: InferencePort): InpaintEngine { throw new Error('todo'); }

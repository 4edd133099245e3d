// The manifest runner's ops (StepOps) on the inference worker, through the same client the
// editor's operations use. Each op works on a copy (the client transfers its inputs, and the
// runner may still need the image), and reports the model, sha256 and backend the worker ran.
import type { Mask, RgbaImage } from '../core/types.ts';
import type { OpContext } from '../ops/context.ts';
import { outcomeOf } from '../ops/inpaint-steps.ts';
import type { OpOutcome, StepOps } from '../ops/runner.ts';
import type { JobReport, PipelineClient } from '../worker/client.ts';

export type StepsClient = Pick<PipelineClient, 'detectText' | 'upscale' | 'inpaint' | 'removeText'>;

const copyImage = (image: RgbaImage) => (): RgbaImage => ({ width: image.width, height: image.height, data: image.data.slice() });
const copyMask = (mask: Mask) => (): Mask => ({ width: mask.width, height: mask.height, data: mask.data.slice() });
const jobOpts = (ctx: OpContext) => ({ signal: ctx.signal, onProgress: ctx.onProgress });

/**
 * What the worker says ran: the last model file (with its sha256) and the backend it ran on.
 * Built-in engines (PatchMatch, diffusion) run as plain JavaScript in the worker: 'js'.
 */
export function recordedOutcome<T extends OpOutcome>(value: T, report: JobReport): T {
  const model = reportedModel(report)?.model ?? value.model;
  return { ...value, backend: report.backend ?? value.backend ?? 'js', ...(model ? { model } : {}) };
}

/** The last model file a job ran (id and sha256), as a run records it; undefined when none ran. */
export function reportedModel(report: JobReport): { model: { id: string; sha256: string | null } } | undefined {
  const file = report.models.at(-1);
  return file && { model: { id: file.id, sha256: file.sha256 } };
}

export function workerStepOps(client: StepsClient): StepOps {
  return {
    async detect_text(image, options, ctx) {
      const { value, report } = await client.detectText(copyImage(image), options, jobOpts(ctx));
      return recordedOutcome(value, report);
    },
    async upscale(image, options, ctx) {
      const { value, report } = await client.upscale(copyImage(image), options, jobOpts(ctx));
      return recordedOutcome(value, report);
    },
    async inpaint(image, mask, options, ctx) {
      const { value, report } = await client.inpaint(copyImage(image), copyMask(mask), options, jobOpts(ctx));
      return recordedOutcome({ image: value.image, ...outcomeOf(value.runs) }, report);
    },
    async remove_text(image, options, ctx) {
      const { value, report } = await client.removeText(copyImage(image), options, jobOpts(ctx));
      return recordedOutcome({ image: value.image, boxes: value.boxes, leftover: value.leftover, ...outcomeOf(value.runs) }, report);
    },
  };
}

// The Diagnostics page: runtime facts (isolation, threads, WebGPU), installed models with
// download progress, and a test run of detection / upscaling with a backend picker and Cancel.
// It is also the harness of the e2e runtime tests (window.cleanplateDiagnostics).
import type { Progress, RgbaImage } from '../core/types.ts';
import { MODELS } from '../ops/models.ts';
import { JobError, PipelineClient, type BackendChoice, type JobReport, type ModelStatus } from '../worker/client.ts';
import { decodeImage, drawBoxes, drawImage } from './image-io.ts';

const $ = <T extends HTMLElement>(sel: string) => document.querySelector(sel) as T;
const field = (name: string) => $(`[data-field="${name}"]`);

const params = new URLSearchParams(location.search);
const client = new PipelineClient({
  settings: {
    backend: (params.get('backend') as BackendChoice) ?? 'auto',
    threads: params.has('threads') ? Number(params.get('threads')) : undefined,
    breakWebGpu: (params.get('breakWebGpu') as 'create' | 'run' | null) ?? undefined,
    allowSoftwareWebGpu: params.has('allowSoftwareWebGpu'),
  },
  pingTimeoutMs: params.has('pingTimeoutMs') ? Number(params.get('pingTimeoutMs')) : undefined,
  idleMs: params.has('idleMs') ? Number(params.get('idleMs')) : undefined,
  hardCancelMs: params.has('hardCancelMs') ? Number(params.get('hardCancelMs')) : undefined,
});
($('#backend') as HTMLSelectElement).value = client.currentSettings.backend;

let picked: RgbaImage | undefined;
let running: AbortController | undefined;

function yesNo(el: HTMLElement, ok: boolean, text: string): void {
  el.textContent = text;
  el.className = ok ? 'yes' : 'no';
}

async function showEnvironment(): Promise<void> {
  const env = await client.environment();
  yesNo(field('isolated'), env.crossOriginIsolated, env.crossOriginIsolated ? 'yes' : 'no: multi-threaded WASM is off');
  field('threads').textContent = `${env.wasmThreads} (of ${env.hardwareConcurrency} cores)`;
  const gpu = env.webgpu;
  yesNo(
    field('adapter'),
    gpu.available && !gpu.software,
    !gpu.available
      ? `none: ${gpu.reason}`
      : gpu.software
        ? `${gpu.adapter} (software: ${client.currentSettings.allowSoftwareWebGpu ? 'allowed by the page setting' : 'Auto uses WASM'})`
        : gpu.adapter!,
  );
  field('f16').textContent = gpu.shaderF16 ? 'yes: fp16 models on WebGPU' : 'no: fp32 models on WebGPU';
}

function showReport(r: JobReport): void {
  const what = r.backend ? `${r.backend.toUpperCase()} (${r.models.map((m) => m.file).join(', ')})` : 'no model';
  field('backend').textContent = r.fallback ? `${what}: ${r.fallback}` : what;
  field('backend').className = r.fallback ? 'no' : 'yes';
}

function progressBar(bar: HTMLProgressElement, label?: HTMLElement) {
  return (p: Progress) => {
    bar.value = p.fraction;
    if (label) label.textContent = `${p.stage}${p.detail ? ` · ${p.detail}` : ''} · ${Math.round(p.fraction * 100)}%`;
  };
}

async function showModels(): Promise<void> {
  const rows = await client.models();
  const body = $('#models tbody');
  body.replaceChildren(...rows.map(modelRow));
}

function modelRow(m: ModelStatus): HTMLTableRowElement {
  const tr = document.createElement('tr');
  tr.dataset.model = m.id;
  const state = { cached: 'installed here', 'on-server': 'on the server', missing: 'missing' }[m.state];
  tr.innerHTML = `<td>${m.id}</td><td><code>${m.file}</code></td><td>${(m.bytes / 1e6).toFixed(1)} MB</td><td class="${m.state === 'missing' ? 'no' : 'yes'}">${state}</td><td></td>`;
  if (m.state === 'on-server') {
    const button = document.createElement('button');
    button.textContent = 'Download';
    button.onclick = async () => {
      const bar = document.createElement('progress');
      bar.max = 1;
      button.replaceWith(bar);
      try {
        await client.installModel(m.id, { onProgress: progressBar(bar) });
      } catch (e) {
        showError(e);
      }
      await showModels();
    };
    tr.lastElementChild!.append(button);
  }
  return tr;
}

function fillModelPickers(): void {
  for (const [sel, task] of [
    ['#detect-model', 'detect-text'],
    ['#upscale-model', 'upscale'],
  ] as const) {
    const select = $(sel) as HTMLSelectElement;
    select.replaceChildren(
      ...MODELS.filter((m) => m.task === task && m.precision !== 'fp16').map(
        (m) => new Option(m.label ?? m.id, m.id, m.default, m.default),
      ),
    );
  }
}

function showError(e: unknown, retry?: () => void): void {
  const el = $('#error');
  el.hidden = false;
  el.textContent = e instanceof JobError || e instanceof Error ? e.message : String(e);
  const button = $('#retry') as HTMLButtonElement;
  button.hidden = !retry;
  button.onclick = retry ? () => retry() : null;
}

function setBusy(busy: boolean): void {
  ($('#cancel') as HTMLButtonElement).disabled = !busy;
  ($('#detect') as HTMLButtonElement).disabled = busy;
  ($('#upscale') as HTMLButtonElement).disabled = busy;
}

/** Runs one job from the page: progress bar, Cancel, error with Retry, backend report. */
async function runJob<T extends { report: JobReport }>(
  label: string,
  start: (signal: AbortSignal) => Promise<T>,
  show: (r: T) => void,
): Promise<void> {
  running = new AbortController();
  $('#error').hidden = true;
  ($('#retry') as HTMLButtonElement).hidden = true;
  setBusy(true);
  $('#status').textContent = `${label}…`;
  const t0 = performance.now();
  try {
    const result = await start(running.signal);
    show(result);
    showReport(result.report);
    $('#status').textContent = `${label}: done in ${Math.round(performance.now() - t0)} ms on ${result.report.backend?.toUpperCase()}.`;
  } catch (e) {
    $('#status').textContent = e instanceof JobError && e.kind === 'cancelled' ? `${label}: cancelled.` : `${label}: failed.`;
    if (!(e instanceof JobError && e.kind === 'cancelled')) {
      const retry = e instanceof JobError ? e.retry : undefined;
      showError(e, retry && (() => void runJob(label, () => retry() as Promise<T>, show)));
    }
  } finally {
    setBusy(false);
    running = undefined;
    void showModels().catch(showError); // a job may have downloaded and cached a model
  }
}

const onProgress = progressBar($('#progress') as HTMLProgressElement, $('#status'));

/** A fresh copy of the picked image per attempt: the copy is transferred, the original stays. */
const pickedCopy = () => ({ ...picked!, data: picked!.data.slice() });

$('#detect').onclick = () => {
  if (!picked) return showError('Choose an image first.');
  const model = ($('#detect-model') as HTMLSelectElement).value;
  void runJob(
    'Detect text',
    (signal) => client.run('detect_text', pickedCopy, { model }, { signal, onProgress }),
    (r) => {
      drawImage($('#output') as HTMLCanvasElement, picked!);
      drawBoxes($('#output') as HTMLCanvasElement, r.value.boxes);
      $('#status').dataset.boxes = String(r.value.boxes.length);
    },
  );
};

$('#upscale').onclick = () => {
  if (!picked) return showError('Choose an image first.');
  const model = ($('#upscale-model') as HTMLSelectElement).value;
  void runJob(
    'Upscale ×4',
    (signal) => client.run('upscale', pickedCopy, { scale: 4, model }, { signal, onProgress }),
    (r) => {
      drawImage($('#output') as HTMLCanvasElement, r.value.image);
    },
  );
};

$('#cancel').onclick = () => running?.abort();

($('#image') as HTMLInputElement).onchange = async (e) => {
  const file = (e.target as HTMLInputElement).files?.[0];
  if (!file) return;
  picked = await decodeImage(file);
  drawImage($('#output') as HTMLCanvasElement, picked);
  $('#status').textContent = `${file.name}: ${picked.width}×${picked.height}. Choose a test run.`;
};

($('#backend') as HTMLSelectElement).onchange = async (e) => {
  const backend = (e.target as HTMLSelectElement).value as BackendChoice;
  await client.setSettings({ ...client.currentSettings, backend });
  field('backend').textContent = `next job runs with "${backend}"`;
  field('backend').className = '';
};

client.onEvent((e) => {
  $('#status').textContent = `The inference worker was restarted (${e.reason}).`;
});

fillModelPickers();
void showEnvironment().catch(showError);
void showModels().catch(showError);

/** Test and benchmark handle (the e2e specs drive the page through it). */
Object.assign(window, { cleanplateDiagnostics: { client, decodeImage, pickedImage: () => picked } });

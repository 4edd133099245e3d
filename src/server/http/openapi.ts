// The job API's OpenAPI 3.1 description, served at GET /openapi.json.
const error = {
  description: 'Refused: { "error": "<what is wrong and what to do>" }',
  content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
};
const job = { description: 'The job', content: { 'application/json': { schema: { $ref: '#/components/schemas/Job' } } } };
const idParam = { name: 'id', in: 'path', required: true, schema: { type: 'string' }, description: "The job's id (the manifest's job_id)" };
const shaParam = { name: 'sha256', in: 'path', required: true, schema: { type: 'string', pattern: '^[0-9a-f]{64}$' } };
const image = {
  description: 'The result image (format of the source: JPEG, PNG, WebP or TIFF)',
  content: { 'image/*': { schema: { type: 'string', format: 'binary' } } },
};

export const OPENAPI = {
  openapi: '3.1.0',
  info: {
    title: 'cleanplate job server',
    version: '1',
    description:
      'Submit an image with a cleanplate manifest; follow the job; fetch the result. Every route here needs "Authorization: Bearer <token>" when the server has tokens (always, when it listens beyond loopback).',
  },
  components: {
    securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } },
    schemas: {
      Error: { type: 'object', properties: { error: { type: 'string' } }, required: ['error'] },
      Links: {
        type: 'object',
        properties: { self: { type: 'string' }, result: { type: 'string' }, manifest: { type: 'string' }, events: { type: 'string' } },
      },
      Job: {
        type: 'object',
        properties: {
          job_id: { type: 'string' },
          state: { enum: ['queued', 'running', 'done', 'failed', 'needs_review', 'cancelled'] },
          error: { type: 'string' },
          review_reasons: { type: 'array', items: { type: 'string' } },
          progress: {
            type: 'array',
            items: {
              type: 'object',
              properties: {
                step: { type: 'integer' },
                op: { type: 'string' },
                state: { enum: ['pending', 'running', 'done'] },
                fraction: { type: 'number' },
                stage: { type: 'string' },
                ms: { type: 'number' },
              },
            },
          },
          attempts: {
            type: 'array',
            items: {
              type: 'object',
              properties: {
                number: { type: 'integer' },
                started_at: { type: 'string' },
                finished_at: { type: 'string' },
                ms: { type: 'number' },
                outcome: { enum: ['done', 'bad_input', 'failed', 'timeout', 'crashed', 'out_of_memory', 'interrupted', 'cancelled'] },
                error: { type: 'string' },
                worker_pid: { type: 'integer' },
              },
            },
          },
          timings: { type: 'object' },
          callback: {
            type: 'object',
            properties: {
              target: { type: 'string' },
              url: { type: 'string' },
              state: { enum: ['pending', 'delivered', 'failed', 'not_called'] },
              reason: { type: 'string' },
              deliveries: { type: 'array', items: { type: 'object' } },
            },
          },
          links: { $ref: '#/components/schemas/Links' },
        },
      },
    },
  },
  security: [{ bearer: [] }],
  paths: {
    '/submit': {
      post: {
        summary: 'Submit a job: an image and a manifest {job_id, steps, callback}',
        requestBody: {
          content: {
            'multipart/form-data': {
              schema: {
                type: 'object',
                required: ['image', 'manifest'],
                properties: {
                  image: { type: 'string', format: 'binary' },
                  manifest: {
                    description: 'The manifest, as a file or a field',
                    oneOf: [{ type: 'string', format: 'binary' }, { type: 'string' }],
                  },
                  timeout: { type: 'number', description: 'Seconds per attempt (default 120, up to the server maximum)' },
                },
                additionalProperties: {
                  type: 'string',
                  format: 'binary',
                  description: 'Mask PNGs, each in a field named by its path in the manifest',
                },
              },
            },
          },
        },
        responses: {
          '202': { description: 'Accepted: { job_id, state, links }' },
          '200': { description: 'The same job_id with the same image and manifest: the existing job' },
          '409': { ...error, description: 'The same job_id with another image or manifest' },
          '413': { ...error, description: 'Too large: the body, the manifest, or the image (its pixel count, read from its header)' },
          '422': { ...error, description: 'Not an image, or the manifest is invalid (the message names the step and field)' },
          '429': { ...error, description: 'The queue is full; see Retry-After' },
        },
      },
    },
    '/jobs': {
      get: {
        summary: 'List jobs, oldest first, paged',
        parameters: [
          { name: 'state', in: 'query', schema: { enum: ['queued', 'running', 'done', 'failed', 'needs_review', 'cancelled'] } },
          { name: 'after', in: 'query', schema: { type: 'string' }, description: 'The last job id of the previous page' },
          { name: 'limit', in: 'query', schema: { type: 'integer', minimum: 1, maximum: 500, default: 50 } },
        ],
        responses: { '200': { description: '{ jobs: Job[], next?: url of the next page }' } },
      },
    },
    '/jobs/{id}': {
      parameters: [idParam],
      get: { summary: 'A job: state, attempts, progress per step, timings, callback deliveries', responses: { '200': job, '404': error } },
      delete: {
        summary: 'Cancel a queued or running job',
        responses: { '200': job, '404': error, '409': { ...error, description: 'Already finished' } },
      },
    },
    '/jobs/{id}/result': {
      parameters: [idParam],
      get: {
        summary: 'The result image',
        responses: { '200': image, '409': { ...error, description: 'No result (yet)' }, '410': { ...error, description: 'Expired' } },
      },
    },
    '/jobs/{id}/manifest': {
      parameters: [idParam],
      get: {
        summary: 'The executed manifest (source and result sha256, one run per step)',
        responses: { '200': { description: 'Manifest JSON' }, '409': error, '410': error },
      },
    },
    '/jobs/{id}/events': {
      parameters: [idParam],
      get: {
        summary: 'Server-sent events: "job" with the Job on every change, until it ends',
        responses: { '200': { description: 'text/event-stream' } },
      },
    },
    '/inpaint': {
      post: {
        summary: 'Fill what a mask marks, now: image + mask (PNG, white = remove) [+ engine, dilate] -> image',
        responses: { '200': image, '422': error, '503': error },
      },
    },
    '/text-remover': {
      post: {
        summary: 'Remove the text in an image, now: image -> image; on failure a plain-text message',
        responses: { '200': image, '422': { description: 'text/plain message' } },
      },
    },
    '/inpaint/check': {
      post: {
        summary: 'file + mode ("text": remove text, "detect": find it) -> { job_id, state, result_url, manifest_url, review_reasons? }',
        responses: { '200': { description: 'JSON' }, '401': error, '403': error, '422': error },
      },
    },
    // The editor's whole jobs (source-routes.ts): an image sent once by sha256, any number of jobs on it.
    '/sources/{sha256}': {
      parameters: [shaParam],
      head: {
        summary: 'Whether the server holds this image',
        responses: { '200': { description: 'held' }, '404': { description: 'not held' } },
      },
      put: {
        summary: 'Keep an image (the body, application/octet-stream) under its sha256',
        responses: { '200': { description: 'already held' }, '201': { description: 'kept' }, '413': error, '422': error },
      },
    },
    '/sources/{sha256}/jobs': {
      parameters: [shaParam],
      post: {
        summary: 'Submit a job on a held image: JSON { manifest, masks?: { "<path>": "<base64 PNG>" }, timeout? } -> as POST /submit',
        responses: {
          '202': { description: 'queued (links as /submit)' },
          '200': { description: 'the existing job' },
          '404': error,
          '409': error,
          '422': error,
          '429': error,
        },
      },
    },
    '/sources/from-job/{id}': {
      parameters: [idParam],
      post: {
        summary: "Keep a finished job's result as a held image (for the next job on it) -> { sha256, bytes }",
        responses: { '200': { description: 'JSON' }, '404': error, '409': error },
      },
    },
  },
} as const;

// The job API's OpenAPI 3.1 description, served at GET /openapi.json.
const error = {
  description: 'Refused: { "error": "<what is wrong and what to do>" }',
  content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
};
const job = { description: 'The job', content: { 'application/json': { schema: { $ref: '#/components/schemas/Job' } } } };
const idParam = { name: 'id', in: 'path', required: true, schema: { type: 'string' }, description: "The job's id (the manifest's job_id)" };
const shaParam = { name: 'sha256', in: 'path', required: true, schema: { type: 'string', pattern: '^[0-9a-f]{64}$' } };
const STATES = ['queued', 'running', 'done', 'failed', 'needs_review', 'rejected', 'cancelled'];
const reviewer = {
  security: [{ bearer: [] }],
  description: 'Reviewer tokens only ("name:token:reviewer"): 401 without a token, 403 for others.',
};
const picture = {
  description: 'The image as stored, or with ?w= an upright WebP thumbnail at most that wide (160, 320, 640, 1280 or 2048, the next up)',
  content: { 'image/*': { schema: { type: 'string', format: 'binary' } } },
};
const widthParam = { name: 'w', in: 'query', schema: { type: 'integer', minimum: 1, maximum: 8192 } };
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
      'Submit an image with a cleanplate manifest; follow the job; fetch the result. Every route here needs "Authorization: Bearer <token>" when the server has tokens (always, when it listens beyond loopback). The /review routes need a reviewer token always.',
  },
  components: {
    securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } },
    schemas: {
      Error: { type: 'object', properties: { error: { type: 'string' } }, required: ['error'] },
      Links: {
        type: 'object',
        properties: { self: { type: 'string' }, result: { type: 'string' }, manifest: { type: 'string' }, events: { type: 'string' } },
      },
      Review: {
        type: 'object',
        description: "A reviewer's decision, as kept in the job, its executed manifest (reviews) and the audit log",
        properties: {
          decision: { enum: ['approved', 'rejected', 'sent_back'] },
          reviewer: { type: 'string', description: "The reviewer token's name" },
          at: { type: 'string' },
          reason: { type: 'string' },
          attempt: { type: 'integer', description: 'The attempt whose result was judged' },
          review_reasons: { type: 'array', items: { type: 'string' } },
          result_sha256: { type: 'string' },
          steps_before: { type: 'integer' },
          steps_after: { type: 'integer' },
        },
      },
      ReviewItem: {
        type: 'object',
        properties: {
          job_id: { type: 'string' },
          submitted_at: { type: 'string' },
          in_review_since: { type: 'string' },
          review_reasons: { type: 'array', items: { type: 'string' } },
          steps: { type: 'array', items: { type: 'string' } },
          attempts: { type: 'integer' },
          source_size: { type: 'object' },
          result_size: { type: 'object' },
          has_result: { type: 'boolean' },
          leftover: {
            type: 'array',
            description: 'Boxes (source pixels) where the check after a step still found text or a face',
            items: {
              type: 'object',
              properties: { step: { type: 'integer' }, op: { type: 'string' }, box: { type: 'array' }, score: { type: 'number' } },
            },
          },
          reviews: { type: 'array', items: { $ref: '#/components/schemas/Review' } },
          links: { type: 'object' },
        },
      },
      Job: {
        type: 'object',
        properties: {
          job_id: { type: 'string' },
          state: { enum: STATES },
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
          { name: 'state', in: 'query', schema: { enum: STATES } },
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
    '/review/queue': {
      get: {
        ...reviewer,
        summary: 'The jobs in needs_review, oldest first, with reasons, leftover boxes and picture links',
        parameters: [
          { name: 'after', in: 'query', schema: { type: 'string' } },
          { name: 'limit', in: 'query', schema: { type: 'integer', minimum: 1, maximum: 500, default: 50 } },
        ],
        responses: { '200': { description: '{ reviewer, jobs: ReviewItem[], next? }' }, '401': error, '403': error },
      },
    },
    '/review/jobs/{id}': {
      parameters: [idParam],
      get: { ...reviewer, summary: 'One job as the queue lists it', responses: { '200': { description: 'ReviewItem' }, '404': error } },
    },
    '/review/jobs/{id}/source': {
      parameters: [idParam, widthParam],
      get: { ...reviewer, summary: 'The uploaded image', responses: { '200': picture, '404': error, '410': error } },
    },
    '/review/jobs/{id}/result': {
      parameters: [idParam, widthParam],
      get: { ...reviewer, summary: 'The result', responses: { '200': picture, '409': error, '410': error } },
    },
    '/review/jobs/{id}/diff': {
      parameters: [idParam, widthParam],
      get: {
        ...reviewer,
        summary:
          'A PNG heatmap of the pixels the job changed (transparent where unchanged), the size of the source thumbnail; X-Changed-Share: the share changed',
        responses: { '200': { description: 'image/png' }, '409': error },
      },
    },
    '/review/jobs/{id}/editor': {
      parameters: [idParam],
      get: {
        ...reviewer,
        summary: "What the editor opens a job with: the manifest (detected boxes included), the source's and masks' links",
        responses: { '200': { description: 'JSON' } },
      },
    },
    '/review/jobs/{id}/decision': {
      parameters: [idParam],
      post: {
        ...reviewer,
        summary: 'Approve (-> done) or reject (-> rejected) a job in needs_review; recorded, audited, the callback fires',
        requestBody: {
          content: {
            'application/json': {
              schema: {
                type: 'object',
                required: ['decision'],
                properties: {
                  decision: { enum: ['approve', 'reject'] },
                  reason: { type: 'string', maxLength: 500, description: 'Required to reject' },
                },
              },
            },
          },
        },
        responses: {
          '200': job,
          '404': error,
          '409': { ...error, description: 'Not in review (decided already), or nothing to approve' },
          '422': error,
        },
      },
    },
    '/review/jobs/{id}/send-back': {
      parameters: [idParam],
      post: {
        ...reviewer,
        summary: "Send a job in needs_review back with a new manifest (on the job's source): its next attempt, with a fresh retry budget",
        requestBody: {
          content: {
            'application/json': {
              schema: {
                type: 'object',
                required: ['manifest'],
                properties: {
                  manifest: { type: 'object' },
                  reason: { type: 'string', maxLength: 500 },
                  masks: {
                    type: 'object',
                    additionalProperties: { type: 'string', description: 'base64 PNG' },
                    description: 'New mask files by the path the manifest names',
                  },
                },
              },
            },
          },
        },
        responses: { '200': job, '404': error, '409': error, '413': error, '422': error },
      },
    },
    '/review/audit': {
      get: {
        ...reviewer,
        summary: 'The audit log: every decision, oldest first',
        parameters: [{ name: 'job_id', in: 'query', schema: { type: 'string' } }],
        responses: { '200': { description: '{ entries: (Review & { job_id })[] }' } },
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

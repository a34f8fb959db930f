import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedCloudinaryCall {
  method: string;
  path: string;
  contentType: string;
  fields: Record<string, string>;
  file?: { bytes: Buffer; type: string; name: string };
}

export interface FakeCloudinary {
  /** For `CLOUDINARY_URL`'s `upload_prefix`. */
  origin: string;
  calls: RecordedCloudinaryCall[];
  /** Raw and video uploads, by the path of their `secure_url`. */
  delivered: Map<string, Buffer>;
  /** The next answers, instead of a successful upload or destroy. */
  failNext(status: number, message: string): void;
  close(): Promise<void>;
}

const VERSION = 1732170000;

/**
 * A local stand-in for Cloudinary's upload API (`POST /v1_1/<cloud>/image/upload|destroy`): records
 * each multipart request and answers in Cloudinary's shape, so the adapter's request, signature and
 * answer mapping are tested without the internet.
 */
export async function startFakeCloudinary(cloudName: string): Promise<FakeCloudinary> {
  const calls: RecordedCloudinaryCall[] = [];
  /** Raw and video uploads by their delivery path, served back like Cloudinary's CDN would. */
  const delivered = new Map<string, Buffer>();
  let origin = '';
  let failure: { status: number; message: string } | undefined;
  const server: Server = createServer((req, res) => {
    if (req.method === 'GET') return deliver(delivered.get(req.url ?? ''), req, res);
    void record(req).then(
      (call) => {
        calls.push(call);
        const answer = (status: number, body: unknown) => {
          res.writeHead(status, { 'content-type': 'application/json' });
          res.end(JSON.stringify(body));
        };
        if (failure) {
          const { status, message } = failure;
          failure = undefined;
          return answer(status, { error: { message } });
        }
        const route = /^\/v1_1\/([^/]+)\/(image|raw|video)\/(upload|destroy)$/.exec(call.path);
        if (!route || route[1] !== cloudName) {
          return answer(404, { error: { message: 'Not found' } });
        }
        const [, , resourceType, action] = route;
        const publicId = call.fields.public_id;
        if (action === 'destroy') {
          delivered.delete(`/${cloudName}/${resourceType}/upload/v${VERSION}/${publicId}`);
          return answer(200, { result: 'ok' });
        }
        if (resourceType !== 'image') {
          const path = `/${cloudName}/${resourceType}/upload/v${VERSION}/${publicId}`;
          delivered.set(path, call.file?.bytes ?? Buffer.alloc(0));
          return answer(200, {
            public_id: publicId,
            version: VERSION,
            resource_type: resourceType,
            type: 'upload',
            bytes: call.file?.bytes.length,
            // Served by this stand-in, so the app's download of it stays on this machine.
            secure_url: `${origin}${path}`,
          });
        }
        answer(200, {
          public_id: publicId,
          version: VERSION,
          resource_type: 'image',
          type: 'upload',
          bytes: call.file?.bytes.length,
          secure_url: `https://res.cloudinary.com/${cloudName}/image/upload/v${VERSION}/${publicId}.png`,
        });
      },
      () => {
        res.writeHead(400);
        res.end();
      },
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  origin = `http://127.0.0.1:${port}`;
  return {
    origin,
    delivered,
    calls,
    failNext: (status, message) => {
      failure = { status, message };
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** A delivery of a stored file, whole or one `Range: bytes=a-b` of it. */
function deliver(bytes: Buffer | undefined, req: IncomingMessage, res: ServerResponse): void {
  if (!bytes) {
    res.writeHead(404);
    return void res.end();
  }
  const range = /^bytes=(\d+)-(\d+)$/.exec(req.headers.range ?? '');
  if (!range) {
    res.writeHead(200, { 'content-length': bytes.length });
    return void res.end(bytes);
  }
  const part = bytes.subarray(Number(range[1]), Number(range[2]) + 1);
  res.writeHead(206, {
    'content-length': part.length,
    'content-range': `bytes ${range[1]}-${range[2]}/${bytes.length}`,
  });
  res.end(part);
}

/** Parses the multipart body with the platform's own parser (undici's `Response.formData`). */
async function record(req: IncomingMessage): Promise<RecordedCloudinaryCall> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const contentType = req.headers['content-type'] ?? '';
  const form = await new Response(Buffer.concat(chunks), {
    headers: { 'content-type': contentType },
  }).formData();
  const call: RecordedCloudinaryCall = {
    method: req.method ?? '',
    path: req.url ?? '',
    contentType,
    fields: {},
  };
  for (const [key, value] of form.entries()) {
    if (typeof value === 'string') call.fields[key] = value;
    else {
      call.file = {
        bytes: Buffer.from(await value.arrayBuffer()),
        type: value.type,
        name: value.name,
      };
    }
  }
  return call;
}

import { createServer, type IncomingMessage, type Server } from 'node:http';
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
  let failure: { status: number; message: string } | undefined;
  const server: Server = createServer((req, res) => {
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
        if (call.path === `/v1_1/${cloudName}/image/destroy`) return answer(200, { result: 'ok' });
        if (call.path !== `/v1_1/${cloudName}/image/upload`) {
          return answer(404, { error: { message: 'Not found' } });
        }
        const publicId = call.fields.public_id;
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
  return {
    origin: `http://127.0.0.1:${port}`,
    calls,
    failNext: (status, message) => {
      failure = { status, message };
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
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

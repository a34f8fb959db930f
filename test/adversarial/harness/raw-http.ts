import { Agent, request, type OutgoingHttpHeaders } from 'node:http';

export interface RawRequest {
  method: string;
  /** Path and query, already percent-encoded as the case wants them on the wire. */
  path: string;
  headers?: OutgoingHttpHeaders;
  body?: Buffer | string;
}

export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  ms: number;
}

/**
 * Plain `node:http` rather than supertest or fetch: both normalise what a hostile client sends
 * (paths, header values, bodies), and the point is to send it as is. A keep-alive agent keeps the
 * cost per case low enough for thousands of cases a minute on two cores.
 */
export class RawHttp {
  private readonly agent: Agent;
  private readonly host: string;
  private readonly port: number;

  constructor(baseUrl: string, maxSockets: number) {
    const url = new URL(baseUrl);
    this.host = url.hostname;
    this.port = Number(url.port);
    this.agent = new Agent({ keepAlive: true, maxSockets });
  }

  /**
   * A kept-alive socket the server closes at the moment it is reused fails with ECONNRESET before
   * the request reached the app (Node's documented keep-alive race): that one is sent again, once.
   */
  async send(req: RawRequest, timeoutMs = 15_000): Promise<RawResponse> {
    try {
      return await this.sendOnce(req, timeoutMs, this.agent);
    } catch (error) {
      if (!(error instanceof StaleSocketError)) throw error;
      // On a connection of its own: every other idle one may have been closed at the same moment.
      return this.sendOnce(req, timeoutMs, false);
    }
  }

  private sendOnce(req: RawRequest, timeoutMs: number, agent: Agent | false): Promise<RawResponse> {
    const started = Date.now();
    return new Promise((resolve, reject) => {
      const headers: OutgoingHttpHeaders = { ...req.headers };
      if (req.body !== undefined) headers['content-length'] = Buffer.byteLength(req.body);
      const outgoing = request(
        {
          host: this.host,
          port: this.port,
          method: req.method,
          path: req.path,
          headers,
          agent,
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('error', reject);
          res.on('end', () =>
            resolve({
              status: res.statusCode ?? 0,
              headers: res.headers,
              text: Buffer.concat(chunks).toString('utf8'),
              ms: Date.now() - started,
            }),
          );
        },
      );
      outgoing.setTimeout(timeoutMs, () =>
        outgoing.destroy(new Error(`no answer in ${timeoutMs} ms`)),
      );
      outgoing.on('error', (error: NodeJS.ErrnoException) =>
        reject(
          outgoing.reusedSocket && error.code === 'ECONNRESET' ? new StaleSocketError() : error,
        ),
      );
      outgoing.end(req.body);
    });
  }

  close(): void {
    this.agent.destroy();
  }
}

class StaleSocketError extends Error {}

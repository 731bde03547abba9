import { Agent, request } from 'node:http';

export interface HttpResponse {
  readonly status: number;
  readonly body: string;
}

/**
 * A lean keep-alive HTTP/1.1 client for the load generator. `fetch` (undici) spent about as much
 * CPU per request as the service itself, and the generator shares the machine's cores with the
 * service, so a heavy client lowers the figures it reports.
 */
export class HttpClient {
  private readonly agent: Agent;
  private readonly url: URL;

  constructor(
    base: string,
    private readonly headers: Record<string, string>,
    connections: number,
  ) {
    this.url = new URL(base);
    this.agent = new Agent({ keepAlive: true, maxSockets: connections });
  }

  send(method: string, path: string, body?: unknown): Promise<HttpResponse> {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    return new Promise((resolve, reject) => {
      const req = request(
        {
          agent: this.agent,
          host: this.url.hostname,
          port: this.url.port,
          method,
          path: this.url.pathname + path,
          headers:
            payload === undefined
              ? this.headers
              : { ...this.headers, 'content-length': Buffer.byteLength(payload) },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () =>
            resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }),
          );
          res.on('error', reject);
        },
      );
      req.on('error', reject);
      req.end(payload);
    });
  }

  close(): void {
    this.agent.destroy();
  }
}

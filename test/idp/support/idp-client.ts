import { type IncomingHttpHeaders, request as httpRequest } from 'node:http';

/** One request as an IdP sent it and the service's answer, kept for assertions and messages. */
export interface Exchange<T = any> {
  readonly method: string;
  readonly path: string;
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  /** The raw response body ('' for none). */
  readonly text: string;
  /** The parsed JSON body, undefined when the body is empty or not JSON. */
  readonly body: T;
  readonly elapsedMs: number;
}

/** Header values; `undefined` removes a header the client would otherwise send. */
export type Headers = Readonly<Record<string, string | undefined>>;

export interface IdpClientOptions {
  /** Sent on every request, e.g. Okta's Accept, Content-Type and User-Agent. */
  readonly headers: Headers;
  /** Content-Type for requests with a body, unless `headers` already sets one. */
  readonly bodyContentType?: string;
}

/**
 * A SCIM client that sends exactly the headers an IdP sends and nothing else: node:http adds no
 * Accept, User-Agent or Accept-Encoding of its own (fetch would), so "no Accept header" really
 * means none. Every 5xx throws at once: no request in these replays may break the service.
 */
export class IdpClient {
  constructor(
    readonly baseUrl: string,
    private readonly options: IdpClientOptions,
  ) {}

  /** The same client with some headers changed, e.g. another Authorization. */
  with(headers: Headers): IdpClient {
    return new IdpClient(this.baseUrl, {
      ...this.options,
      headers: { ...this.options.headers, ...headers },
    });
  }

  get<T = any>(path: string, headers: Headers = {}): Promise<Exchange<T>> {
    return this.send('GET', path, undefined, headers);
  }

  post<T = any>(path: string, body: unknown, headers: Headers = {}): Promise<Exchange<T>> {
    return this.send('POST', path, body, headers);
  }

  put<T = any>(path: string, body: unknown, headers: Headers = {}): Promise<Exchange<T>> {
    return this.send('PUT', path, body, headers);
  }

  patch<T = any>(path: string, operations: unknown[], headers: Headers = {}): Promise<Exchange<T>> {
    return this.send(
      'PATCH',
      path,
      { schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'], Operations: operations },
      headers,
    );
  }

  delete(path: string, headers: Headers = {}): Promise<Exchange> {
    return this.send('DELETE', path, undefined, headers);
  }

  async send<T = any>(
    method: string,
    path: string,
    body?: unknown,
    extraHeaders: Headers = {},
  ): Promise<Exchange<T>> {
    const url = new URL(`${this.baseUrl}${path}`);
    const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
    const headers: Record<string, string> = {};
    const bodyType = payload === undefined ? {} : { 'content-type': this.options.bodyContentType };
    for (const [name, value] of Object.entries({
      ...bodyType,
      ...this.options.headers,
      ...extraHeaders,
    })) {
      if (value !== undefined) headers[name.toLowerCase()] = value;
    }
    if (payload !== undefined) headers['content-length'] = String(payload.length);

    const started = performance.now();
    const { status, responseHeaders, text } = await new Promise<{
      status: number;
      responseHeaders: IncomingHttpHeaders;
      text: string;
    }>((resolve, reject) => {
      const req = httpRequest(url, { method, headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('error', reject);
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            responseHeaders: res.headers,
            text: Buffer.concat(chunks).toString('utf8'),
          }),
        );
      });
      req.on('error', reject);
      req.end(payload);
    });
    const exchange: Exchange<T> = {
      method,
      path,
      status,
      headers: responseHeaders,
      text,
      body: parseJson(text) as T,
      elapsedMs: performance.now() - started,
    };
    if (status >= 500) {
      throw new Error(
        `${method} ${path} answered ${status} (never allowed): ${text.slice(0, 400)}`,
      );
    }
    return exchange;
  }
}

function parseJson(text: string): unknown {
  if (text === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** `?filter=...` with the filter URL-encoded as IdPs do (spaces as %20, quotes as %22). */
export function filterQuery(filter: string): string {
  return `filter=${encodeURIComponent(filter)}`;
}

/**
 * A browser, as far as sign-in and consent need one: a cookie jar per origin (paths and expiry
 * ignored, cleared on Max-Age=0) and redirects followed by hand, so each hop can be checked.
 */
export class Browser {
  private readonly jars = new Map<string, Map<string, string>>();

  async request(url: string, init: RequestInit = {}): Promise<Response> {
    const { origin: site } = new URL(url);
    const jar = this.jarOf(site);
    const cookie = [...jar].map(([name, value]) => `${name}=${value}`).join('; ');
    const response = await fetch(url, {
      ...init,
      redirect: 'manual',
      headers: { accept: 'text/html', ...(cookie ? { cookie } : {}), ...init.headers },
    });
    for (const line of response.headers.getSetCookie()) {
      const [pair = '', ...attributes] = line.split(';');
      const separator = pair.indexOf('=');
      const name = pair.slice(0, separator).trim();
      const value = pair.slice(separator + 1).trim();
      const expired = attributes.some(
        (a) => /^\s*max-age=0\s*$/i.test(a) || /^\s*expires=thu, 01 jan 1970/i.test(a),
      );
      if (expired || value === '') jar.delete(name);
      else jar.set(name, value);
    }
    return response;
  }

  /** Requests `url`, then follows redirects until an answer that is not one, or `stopAt`. */
  async follow(
    url: string,
    init: RequestInit = {},
    stopAt: (location: string) => boolean = () => false,
  ): Promise<Response> {
    let response = await this.request(url, init);
    while (response.status >= 300 && response.status < 400) {
      const next = new URL(response.headers.get('location')!, url).href;
      if (stopAt(next)) return response;
      url = next;
      response = await this.request(next);
    }
    return response;
  }

  cookie(site: string, name: string): string | undefined {
    return this.jarOf(site).get(name);
  }

  private jarOf(site: string): Map<string, string> {
    let jar = this.jars.get(site);
    if (jar === undefined) this.jars.set(site, (jar = new Map()));
    return jar;
  }
}

/** The action of the first POST form of an HTML page, made absolute against `base`. */
export function formAction(html: string, base: string): string | undefined {
  const action = /<form method="post" action="([^"]+)"/.exec(html)?.[1];
  return action === undefined ? undefined : new URL(action.replace(/&amp;/g, '&'), base).href;
}

export function postForm(
  browser: Browser,
  url: string,
  fields: Record<string, string>,
  headers: Record<string, string> = {},
): Promise<Response> {
  return browser.request(url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams(fields).toString(),
  });
}

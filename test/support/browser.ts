/**
 * A browser without a browser: fetch with a cookie jar, following redirects one by one, as a
 * browser does (303 and 302 become GET), so a test can walk a sign-in across the API and the
 * identity provider. Cookies are kept per host and port, with their path; `Max-Age=0` deletes.
 */
interface StoredCookie {
  value: string;
  path: string;
  httpOnly: boolean;
  sameSite: string | null;
  secure: boolean;
}

export interface Page {
  url: string;
  status: number;
  headers: Headers;
  body: string;
  /** The URLs visited, redirects included, in order. */
  visited: string[];
}

export class Browser {
  private readonly jar = new Map<string, Map<string, StoredCookie>>();

  cookie(origin: string, name: string): StoredCookie | undefined {
    return this.jar.get(new URL(origin).host)?.get(name);
  }

  private cookieHeader(url: URL): string | undefined {
    const cookies = [...(this.jar.get(url.host) ?? new Map<string, StoredCookie>()).entries()].filter(([, c]) => url.pathname.startsWith(c.path));
    return cookies.length > 0 ? cookies.map(([name, c]) => `${name}=${c.value}`).join('; ') : undefined;
  }

  private store(url: URL, setCookies: string[]): void {
    const cookies = this.jar.get(url.host) ?? new Map<string, StoredCookie>();
    this.jar.set(url.host, cookies);
    for (const line of setCookies) {
      const [pair, ...attributes] = line.split(';').map((part) => part.trim());
      const at = pair!.indexOf('=');
      const name = pair!.slice(0, at);
      const attr = new Map(attributes.map((a) => [a.split('=')[0]!.toLowerCase(), a.includes('=') ? a.slice(a.indexOf('=') + 1) : '']));
      const expired = attr.get('max-age') === '0' || (attr.has('expires') && new Date(attr.get('expires')!).getTime() <= Date.now());
      if (expired) cookies.delete(name);
      else cookies.set(name, { value: pair!.slice(at + 1), path: attr.get('path') || '/', httpOnly: attr.has('httponly'), sameSite: attr.get('samesite') ?? null, secure: attr.has('secure') });
    }
  }

  /** One request, then every redirect, up to 20. */
  async visit(url: string, init: { method?: string; headers?: Record<string, string>; form?: Record<string, string>; json?: unknown } = {}): Promise<Page> {
    const visited: string[] = [];
    let current = new URL(url);
    let method = init.method ?? (init.form || init.json !== undefined ? 'POST' : 'GET');
    let headers: Record<string, string> = { ...init.headers };
    let body: string | undefined;
    if (init.form) {
      body = new URLSearchParams(init.form).toString();
      headers['content-type'] = 'application/x-www-form-urlencoded';
    } else if (init.json !== undefined) {
      body = JSON.stringify(init.json);
      headers['content-type'] = 'application/json';
    }
    for (let hop = 0; hop < 20; hop++) {
      visited.push(current.href);
      const cookie = this.cookieHeader(current);
      const response = await fetch(current, { method, headers: { ...headers, ...(cookie ? { cookie } : {}) }, body, redirect: 'manual' });
      this.store(current, response.headers.getSetCookie());
      const location = response.headers.get('location');
      if (response.status >= 300 && response.status < 400 && location) {
        await response.arrayBuffer();
        current = new URL(location, current);
        if (response.status === 303 || ((response.status === 301 || response.status === 302) && method === 'POST')) {
          method = 'GET';
          body = undefined;
          headers = {};
        }
        continue;
      }
      return { url: current.href, status: response.status, headers: response.headers, body: await response.text(), visited };
    }
    throw new Error(`more than 20 redirects from ${url}: ${visited.join(' → ')}`);
  }
}

/** The forms of an HTML page: their action (absolute), method and fields (hidden and named buttons). */
export function formsOf(page: Page): { action: string; method: string; fields: Record<string, string> }[] {
  const forms: { action: string; method: string; fields: Record<string, string> }[] = [];
  for (const match of page.body.matchAll(/<form\b([^>]*)>([\s\S]*?)<\/form>/g)) {
    const attribute = (source: string, name: string) => new RegExp(`\\b${name}="([^"]*)"`).exec(source)?.[1];
    const fields: Record<string, string> = {};
    for (const input of match[2]!.matchAll(/<(?:input|button)\b([^>]*)>/g)) {
      const name = attribute(input[1]!, 'name');
      if (name) fields[name] = decodeEntities(attribute(input[1]!, 'value') ?? '');
    }
    forms.push({ action: new URL(decodeEntities(attribute(match[1]!, 'action') ?? ''), page.url).href, method: (attribute(match[1]!, 'method') ?? 'get').toUpperCase(), fields });
  }
  return forms;
}

function decodeEntities(value: string): string {
  return value.replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'");
}

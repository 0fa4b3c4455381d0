/** Whether a URL names this machine (127.0.0.0/8, ::1, localhost): the only place plain HTTP is allowed. */
export function isLoopbackUrl(url: string | URL): boolean {
  const { hostname } = typeof url === 'string' ? new URL(url) : url;
  return hostname === 'localhost' || hostname === '[::1]' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(hostname);
}

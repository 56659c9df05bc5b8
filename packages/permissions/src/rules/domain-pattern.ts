function normalizeHost(host: string): string {
  return host.toLowerCase().replace(/\.$/, "");
}

/**
 * Compiles `domain:…`: the URL's host, case-insensitive, trailing dot ignored. `*.example.com`
 * matches any subdomain depth but not the apex; a `*` elsewhere matches one label.
 */
export function compileDomainPattern(domain: string): (url: string) => boolean {
  const pattern = normalizeHost(domain.trim());
  const anySub = pattern.startsWith("*.");
  const rest = anySub ? pattern.slice(2) : pattern;
  const body = rest
    .split("*")
    .map((p) => p.replace(/[.+?^${}()|[\]\\]/g, "\\$&"))
    .join("[^.]+");
  const re = new RegExp(anySub ? `^.+\\.${body}$` : `^${body}$`);
  return (url) => {
    let host: string;
    try {
      host = normalizeHost(new URL(url).hostname);
    } catch {
      return false;
    }
    return re.test(host);
  };
}

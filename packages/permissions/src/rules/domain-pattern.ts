import { domainToASCII } from "node:url";

function normalizeHost(host: string): string {
  return host.toLowerCase().replace(/\.$/, "");
}

/**
 * A rule's domain as the URL parser spells hosts: userinfo and port dropped, each label in
 * punycode (`bücher.de` → `xn--bcher-kva.de`, so a Unicode rule matches the host a URL has),
 * lower-cased, trailing dot ignored. `*` labels stay as they are.
 */
function normalizeRuleDomain(domain: string): string {
  let host = domain.trim().replace(/^[a-z][a-z0-9+.-]*:\/\//i, "");
  host = host.slice(host.lastIndexOf("@") + 1).replace(/\/.*$/s, "");
  if (!host.startsWith("[")) host = host.replace(/:\d*$/, "");
  return normalizeHost(host)
    .split(".")
    .map((label) => (label === "" || label.includes("*") ? label : domainToASCII(label) || label))
    .join(".");
}

/**
 * Compiles `domain:…`: the URL's host (userinfo and port never count), case-insensitive,
 * trailing dot ignored, Unicode rules matching punycode hosts. `*.example.com` matches any
 * subdomain depth but not the apex; a `*` elsewhere matches one label.
 */
export function compileDomainPattern(domain: string): (url: string) => boolean {
  const pattern = normalizeRuleDomain(domain);
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
      // WHATWG parsing drops userinfo and port and turns Unicode hosts into punycode.
      host = normalizeHost(new URL(url).hostname);
    } catch {
      return false;
    }
    return re.test(host);
  };
}

export interface HtmlPage {
  title: string | undefined;
  markdown: string;
}

const ENTITIES: Readonly<Record<string, string>> = {
  amp: "&",
  lt: "<",
  gt: ">",
  quot: '"',
  "#39": "'",
  apos: "'",
  nbsp: " ",
};

function pageTitle(html: string): string | undefined {
  const raw = /<title[^>]*>([\s\S]*?)<\/title>/i.exec(html)?.[1];
  if (raw === undefined) return undefined;
  const title = raw
    .replace(/&(amp|lt|gt|quot|#39|apos|nbsp);/g, (_, name: string) => ENTITIES[name] ?? "")
    .replace(/\s+/g, " ")
    .trim();
  return title === "" ? undefined : title;
}

/** HTML → Markdown with node-html-markdown, imported on first use (no cost at startup). */
export async function htmlToMarkdown(html: string): Promise<HtmlPage> {
  const { NodeHtmlMarkdown } = await import("node-html-markdown");
  const markdown = NodeHtmlMarkdown.translate(html, {
    ignore: ["svg", "noscript", "template", "iframe", "canvas"],
  });
  return { title: pageTitle(html), markdown };
}

import type { CompactionRecord, Message, UserMessage } from "@keel/protocol";

const OPENING = "<compaction-boundary>";

/** Default budget for the verbatim user prompts rendered into the boundary message (~10K tokens). */
export const BOUNDARY_PROMPT_CHARS = 40_000;

/**
 * Picks prompts to render within `budget` characters: always the first (the original
 * instructions), then as many of the latest as fit; the ones between are left to the session
 * file and said to be omitted. Returns `undefined` entries for the omitted run.
 */
function fitPrompts(prompts: readonly string[], budget: number): Array<string | undefined> {
  const total = prompts.reduce((n, p) => n + p.length, 0);
  if (total <= budget || prompts.length <= 1) return [...prompts];
  const first = prompts[0]!;
  let used = first.length;
  let from = prompts.length;
  while (from > 1 && used + prompts[from - 1]!.length <= budget) {
    from--;
    used += prompts[from]!.length;
  }
  return from > 1 ? [first, undefined, ...prompts.slice(from)] : [first, ...prompts.slice(1)];
}

function renderPrompts(prompts: readonly string[], budget: number): string {
  const lines: string[] = [];
  let n = 0;
  const fitted = fitPrompts(prompts, budget);
  for (const p of fitted) {
    if (p === undefined) {
      const omitted = prompts.length - fitted.length + 1;
      lines.push(
        `[… ${omitted} earlier user messages omitted here for space; they are in the session file …]`,
      );
      n += omitted;
      continue;
    }
    n++;
    lines.push(`<user-message n="${n}">\n${p}\n</user-message>`);
  }
  return lines.join("\n");
}

/**
 * The message(s) that stand for everything before a compaction boundary: the summary plus
 * every user prompt verbatim (Keel's copy, not the model's paraphrase). A pure function of the
 * record, so a resumed session rebuilds exactly what the live one sent. The history after it
 * is the kept messages (from `firstKeptUuid`) and everything after the record.
 */
export function boundaryMessages(
  record: Pick<CompactionRecord, "summary" | "userPrompts">,
  options: { maxPromptChars?: number } = {},
): Message[] {
  const parts = [
    OPENING,
    "This conversation continues an earlier part that was compacted to fit the context window. Below are a summary of that part and, verbatim, every message the user wrote in it. The messages after this one are kept as they were.",
    "</compaction-boundary>",
    "",
    "<summary>",
    record.summary.trim(),
    "</summary>",
  ];
  if (record.userPrompts.length > 0) {
    parts.push(
      "",
      "<user-messages>",
      renderPrompts(record.userPrompts, options.maxPromptChars ?? BOUNDARY_PROMPT_CHARS),
      "</user-messages>",
    );
  }
  parts.push("", "Continue the work from where it left off; do not ask the user to repeat anything above.");
  const message: UserMessage = { role: "user", content: [{ type: "text", text: parts.join("\n") }] };
  return [message];
}

/** True for a message built by `boundaryMessages`. */
export function isBoundaryMessage(message: Message): boolean {
  const first = message.content[0];
  return message.role === "user" && first?.type === "text" && first.text.startsWith(OPENING);
}

/**
 * The summary and rendered prompts of a boundary message, for a history whose record is not at
 * hand. Prompts omitted for space are not recoverable from the message (they are in the record).
 */
export function parseBoundaryMessage(message: Message): Pick<CompactionRecord, "summary" | "userPrompts"> {
  const first = message.content[0];
  const text = first?.type === "text" ? first.text : "";
  const summary = /<summary>\n([\s\S]*?)\n<\/summary>/.exec(text)?.[1] ?? "";
  const userPrompts = [...text.matchAll(/<user-message n="\d+">\n([\s\S]*?)\n<\/user-message>/g)].map(
    (m) => m[1]!,
  );
  return { summary, userPrompts };
}

import { existsSync, writeFileSync } from "node:fs";
import { isAbsolute, join, resolve } from "node:path";
import type { CreatedAgent } from "@keel/sdk";
import { style } from "../render/theme.js";
import type { SlashCommandDef } from "./command-types.js";
import { EarlierHistory } from "./earlier-history.js";
import { transcriptMarkdown } from "./transcript-export.js";

export const INIT_PROMPT = [
  "Please analyse this repository and write an AGENTS.md file at its root for future coding agents.",
  "Include: the commands to build, lint and test (and to run a single test); the high-level architecture and where things live;",
  "code style and conventions that are not obvious from one file. Be concise and specific to this repository;",
  "do not list generic advice or every file. If AGENTS.md (or CLAUDE.md, .cursorrules, README.md) already exists, improve on it rather than starting over.",
].join(" ");

function formatAge(modified: string | number | Date): string {
  const ms = Date.now() - new Date(modified).getTime();
  if (!Number.isFinite(ms)) return "";
  const minutes = Math.round(ms / 60_000);
  if (minutes < 1) return "just now";
  if (minutes < 60) return `${minutes}m ago`;
  const hours = Math.round(minutes / 60);
  if (hours < 48) return `${hours}h ago`;
  return `${Math.round(hours / 24)}d ago`;
}

function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** One pager per agent, so `/history` keeps going back. */
const pagers = new WeakMap<CreatedAgent, EarlierHistory>();

export const sessionCommands: SlashCommandDef[] = [
  {
    name: "clear",
    description: "Start a new session (the current one stays on disk for /resume)",
    run: (_args, host) => host.newSession(),
  },
  {
    name: "resume",
    description: "Pick an earlier session of this project and continue it",
    argumentHint: "[session id]",
    run: async (args, host) => {
      if (args.trim() !== "") return host.resumeSession(args.trim());
      const current = host.connection.created?.sessionId;
      // Header-only sessions (started, nothing asked) are not worth resuming.
      const sessions = (await host.listSessions()).filter(
        (s) => s.sessionId !== current && (s.title || s.firstPrompt || s.sizeBytes >= 1024),
      );
      if (sessions.length === 0) return host.notice("No other sessions in this project yet.");
      host.pick(
        "Resume a session",
        sessions.map((s) => ({
          value: s.sessionId,
          label: (s.title || s.firstPrompt || "(no prompt)").replace(/\s+/g, " ").slice(0, 80),
          description: `${formatAge(s.modified)} · ${formatSize(s.sizeBytes)} · ${s.sessionId.slice(0, 8)}`,
        })),
        (id) => host.resumeSession(id),
      );
    },
  },
  {
    name: "model",
    description: "Show or switch the model",
    argumentHint: "[model id]",
    run: async (args, host) => {
      const wanted = args.trim();
      if (wanted !== "") return host.switchModel(wanted);
      const { entries } = await host.connection.catalog();
      const current = host.connection.model;
      host.pick(
        `Model (now ${current})`,
        entries.map((m) => ({
          value: m.id,
          label: `${m.id === current ? "● " : "  "}${m.id}`,
          description: `${Math.round(m.contextWindow / 1000)}k context · $${m.price.inputPerMTok}/$${m.price.outputPerMTok} per MTok`,
        })),
        (id) => host.switchModel(id),
        current,
      );
    },
  },
  {
    name: "compact",
    description: "Summarize the conversation to free context",
    argumentHint: "[instructions]",
    run: async (args, host) => {
      const compact = host.connection.capabilities.compact;
      if (!compact)
        return host.notice("/compact arrives with the compaction work; not available in this build yet.");
      host.notice("Compacting…");
      await compact(args.trim() === "" ? undefined : args.trim());
    },
  },
  {
    name: "init",
    description: "Ask Keel to write an AGENTS.md for this repository",
    run: (_args, host) => host.submit(INIT_PROMPT, "/init"),
  },
  {
    name: "memory",
    description: "Open AGENTS.md in $EDITOR",
    run: async (_args, host) => {
      const path = join(host.cwd, "AGENTS.md");
      if (!existsSync(path))
        writeFileSync(path, "# AGENTS.md\n\nNotes for coding agents working in this repository.\n", {
          flag: "wx",
        });
      await host.openInEditor(path);
    },
  },
  {
    name: "history",
    description: "Show earlier messages of this session (read lazily from the session file)",
    argumentHint: "[count]",
    run: async (args, host) => {
      const created = host.connection.created;
      if (!created) return host.notice("No session yet.");
      const count = Number.parseInt(args.trim() || "20", 10);
      if (!Number.isInteger(count) || count < 1) return host.notice("Usage: /history [count]");
      let pager = pagers.get(created);
      if (!pager) {
        pager = new EarlierHistory(created);
        pagers.set(created, pager);
      }
      const page = await pager.next(count);
      if (!page) return host.notice("No earlier messages.");
      host.notice(
        `── ${page.messages.length} earlier messages${page.fromFile ? " (from before a compaction)" : ""} ──`,
      );
      host.showMessages(page.messages);
      host.notice("── end of the earlier page; /history again for older ones ──");
    },
  },
  {
    name: "export",
    description: "Write the conversation as markdown to a file",
    argumentHint: "[file]",
    whileBusy: true,
    run: (args, host) => {
      const created = host.connection.created;
      if (!created) return host.notice("No session yet.");
      const name =
        args.trim() || `keel-${created.sessionId.slice(0, 8)}-${new Date().toISOString().slice(0, 10)}.md`;
      const path = isAbsolute(name) ? name : resolve(host.cwd, name);
      writeFileSync(
        path,
        transcriptMarkdown(created.agent.messages, {
          sessionId: created.sessionId,
          model: host.connection.model,
        }),
      );
      host.notice(`Wrote ${path}`, style.green);
    },
  },
  {
    name: "exit",
    description: "Leave Keel (the session can be resumed)",
    whileBusy: true,
    run: (_args, host) => host.exit(),
  },
];

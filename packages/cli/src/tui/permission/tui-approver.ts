import type { Component } from "@earendil-works/pi-tui";
import type { Approver, PermissionRequest } from "@keel/permissions";
import { type DialogAnswer, PermissionDialog } from "./permission-dialog.js";
import type { RuleSuggestion, SuggestionContext } from "./rule-suggestions.js";

type ApprovalRequest = PermissionRequest & {
  reason: string;
  toolUseId: string;
  rule?: string;
  guarded?: boolean;
};
type Verdict = { behavior: "allow" } | { behavior: "deny"; reason: string };

/** Where the dialog is shown: the TUI's live region, above the prompt. */
export interface DialogHost {
  showDialog(dialog: Component): void;
  closeDialog(dialog: Component): void;
  /** Rows the dialog may use. */
  dialogRows(): number;
}

export interface TuiApproverOptions {
  host: DialogHost;
  context: () => SuggestionContext;
  /**
   * Persist "don't ask again" rules (to `.keel/settings.local.json`) and apply them to the
   * running policy. Resolves whether the running policy now holds them; must not throw (a
   * failure is reported by the callee and resolves false).
   */
  rememberRules: (rules: string[]) => Promise<boolean>;
  /** Esc in the dialog: stop the current turn. */
  interrupt: () => void;
}

/**
 * An allow rule can lift only a plain "needs <level>" ask: not one an ask rule made, nor a
 * guarded one (protected paths, commands a deny rule could match) — offering "don't ask again"
 * there would be a promise the policy cannot keep.
 */
function rememberable(request: ApprovalRequest): boolean {
  if (request.rule !== undefined || request.guarded === true) return false;
  return request.reason.startsWith(`${request.toolName} needs `);
}

/** Identity of a call for the in-session fallback memory: the exact command or file. */
function callKey(request: ApprovalRequest): string {
  const { input } = request;
  const detail = input.command ?? input.file_path ?? input.notebook_path ?? input.url ?? "";
  return `${request.toolName}\u0000${String(detail)}`;
}

/**
 * The `Approver` behind the TUI's permission dialog. Requests are answered one at a time, in
 * arrival order; an aborted request resolves `deny` and its dialog closes.
 */
export class TuiApprover implements Approver {
  private readonly o: TuiApproverOptions;
  private queue: Promise<void> = Promise.resolve();
  /** Calls approved with "don't ask again" while the running policy could not take the rule. */
  private readonly remembered = new Set<string>();

  constructor(options: TuiApproverOptions) {
    this.o = options;
  }

  approve(request: ApprovalRequest, signal: AbortSignal): Promise<Verdict> {
    const turn = this.queue.then(() => this.ask(request, signal));
    this.queue = turn.then(
      () => undefined,
      () => undefined,
    );
    return turn;
  }

  private async ask(request: ApprovalRequest, signal: AbortSignal): Promise<Verdict> {
    if (signal.aborted) return { behavior: "deny", reason: "Interrupted by the user." };
    if (this.remembered.has(callKey(request))) return { behavior: "allow" };
    // The shell analysis is loaded on the first question, not at start-up.
    const suggestions: RuleSuggestion[] = rememberable(request)
      ? await import("./rule-suggestions.js").then((m) => m.suggestAllowRules(request, this.o.context()))
      : [];
    const answer = await new Promise<DialogAnswer | "aborted">((resolve) => {
      let settled = false;
      let dialog: PermissionDialog | undefined;
      const done = (a: DialogAnswer | "aborted") => {
        if (settled) return;
        settled = true;
        signal.removeEventListener("abort", onAbort);
        if (dialog) this.o.host.closeDialog(dialog);
        resolve(a);
      };
      const onAbort = () => done("aborted");
      dialog = new PermissionDialog({
        toolName: request.toolName,
        input: request.input,
        reason: request.reason,
        cwd: this.o.context().cwd,
        suggestions,
        maxRows: () => this.o.host.dialogRows(),
        onAnswer: done,
      });
      this.o.host.showDialog(dialog);
      if (signal.aborted) done("aborted");
      else signal.addEventListener("abort", onAbort, { once: true });
    });
    return this.verdict(request, answer);
  }

  private async verdict(request: ApprovalRequest, answer: DialogAnswer | "aborted"): Promise<Verdict> {
    const name = request.toolName;
    switch (answer === "aborted" ? "aborted" : answer.kind) {
      case "allow":
        return { behavior: "allow" };
      case "allowAlways": {
        const { suggestion } = answer as Extract<DialogAnswer, { kind: "allowAlways" }>;
        const live = await this.o.rememberRules(suggestion.rules);
        if (!live) this.remembered.add(callKey(request));
        return { behavior: "allow" };
      }
      case "deny": {
        const { reason } = answer as Extract<DialogAnswer, { kind: "deny" }>;
        return {
          behavior: "deny",
          reason:
            reason === ""
              ? `The user denied this ${name} call. Do not retry it; ask the user what to do instead.`
              : `The user denied this ${name} call and said: ${reason}`,
        };
      }
      case "interrupt":
        this.o.interrupt();
        return { behavior: "deny", reason: `The user interrupted before this ${name} call ran.` };
      default:
        return { behavior: "deny", reason: "Interrupted by the user." };
    }
  }
}

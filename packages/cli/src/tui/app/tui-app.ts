import { homedir } from "node:os";
import { join } from "node:path";
import { type Component, Editor, ProcessTerminal } from "@earendil-works/pi-tui";
import type { AgentEvent, Message } from "@keel/protocol";
import type { Env } from "@keel/sdk";
import type { CliOptions } from "../../args.js";
import { CommandCatalog } from "../commands/command-catalog.js";
import type { CommandHost, PickItem, SlashCommandDef } from "../commands/command-types.js";
import { loadSdkCustomCommands } from "../commands/sdk-custom-commands.js";
import { composePrompt } from "../input/compose-prompt.js";
import { FileIndex } from "../input/file-index.js";
import { PromptHistory } from "../input/prompt-history.js";
import { runShellEscape, shellEscapeContext } from "../input/shell-escape.js";
import type { DialogHost } from "../permission/tui-approver.js";
import { TuiApprover } from "../permission/tui-approver.js";
import { editorTheme, style } from "../render/theme.js";
import { KeelScreen } from "../screen/keel-screen.js";
import { ScrollbackSafeTerminal } from "../screen/scrollback-safe-terminal.js";
import { SessionStats } from "../status/session-stats.js";
import { StatusFooter, StatusLine, type StatusSource } from "../status/status-line.js";
import { TextBlock } from "../transcript/blocks/text-block.js";
import { EventRenderer } from "../transcript/event-renderer.js";
import { Transcript } from "../transcript/transcript.js";
import { defaultViewOptions } from "../transcript/view-options.js";
import { Activity } from "./activity.js";
import { AgentConnection, agentOptionsFrom, type SessionSummary } from "./agent-connection.js";
import { AgentLifecycle } from "./agent-lifecycle.js";
import { editInExternalEditor } from "./external-editor.js";
import { installGlobalKeys } from "./global-keys.js";
import { PromptArea } from "./prompt-area.js";
import { RunController } from "./run-controller.js";
import type { TuiDeps } from "./tui-deps.js";

/**
 * The interactive TUI: wires the terminal, the transcript (a renderer of the agent's event
 * stream), the prompt editor, dialogs and slash commands. It holds no loop logic: prompts go to
 * `agent.run`, messages typed meanwhile to `agent.steer`, Esc aborts the run's signal.
 */
export class TuiApp implements CommandHost, DialogHost, StatusSource {
  readonly cwd: string;
  readonly env: Env;
  readonly options: CliOptions;
  readonly stats = new SessionStats();
  readonly connection: AgentConnection;
  readonly view = defaultViewOptions();
  readonly screen: KeelScreen;
  readonly editor: Editor;
  readonly runs = new RunController();
  private readonly transcript = new Transcript();
  private readonly renderer: EventRenderer;
  private readonly status: StatusLine;
  private readonly promptArea: PromptArea;
  private readonly history: PromptHistory;
  private readonly files: FileIndex;
  private readonly deps: TuiDeps;
  private readonly catalog: CommandCatalog;
  private readonly lifecycle: AgentLifecycle;
  private shellContexts: string[] = [];
  private readonly activity: Activity;
  private finished: ((code: number) => void) | undefined;

  constructor(options: { cli: CliOptions; env: Env; cwd: string; deps?: TuiDeps }) {
    this.options = options.cli;
    this.env = options.env;
    this.cwd = options.cwd;
    this.deps = options.deps ?? {};
    const home = this.env.KEEL_HOME ? this.env.KEEL_HOME : join(this.env.HOME ?? homedir(), ".keel");
    this.history = new PromptHistory(join(home, "history.jsonl"));
    this.files = new FileIndex(this.cwd);
    const terminal = new ScrollbackSafeTerminal(new ProcessTerminal());
    this.status = new StatusLine(this);
    this.screen = new KeelScreen(terminal, this.transcript, []);
    this.editor = new Editor(this.screen, editorTheme, { paddingX: 1 });
    this.promptArea = new PromptArea(this.screen, this.editor);
    this.activity = new Activity({
      tick: () => this.status.tick(),
      requestRender: () => this.screen.requestRender(),
      runBusy: () => this.runs.busy,
    });
    this.screen.addChild(this.status);
    this.screen.addChild(this.promptArea);
    this.screen.addChild(new StatusFooter(this.status));
    this.renderer = new EventRenderer({
      transcript: this.transcript,
      view: this.view,
      cwd: this.cwd,
      spinner: () => this.status.spinnerFrame,
    });
    const approver = new TuiApprover({
      host: this,
      context: () => ({
        cwd: this.cwd,
        home: this.env.HOME ?? homedir(),
        workspaceRoots: this.connection.created?.workspaceRoots ?? [this.cwd],
      }),
      rememberRules: (rules) => this.lifecycle.rememberRules(rules),
      interrupt: () => this.interrupt(),
    });
    this.connection = new AgentConnection({
      base: agentOptionsFrom(this.options),
      approver,
      onEvent: (event) => this.onEvent(event),
    });
    this.lifecycle = new AgentLifecycle({
      connection: this.connection,
      renderer: this.renderer,
      stats: this.stats,
      cwd: this.cwd,
      env: this.env,
      busy: () => this.runs.busy,
      notice: (text, colour) => this.notice(text, colour),
      requestRender: () => this.screen.requestRender(),
      ...(this.deps.listSessions ? { listSessions: this.deps.listSessions } : {}),
    });
    this.editor.onSubmit = (text) => this.onSubmit(text);
    this.catalog = new CommandCatalog({ editor: this.editor, cwd: this.cwd, files: this.files });
    installGlobalKeys(this);
  }

  // ── StatusSource ───────────────────────────────────────────────────────────
  get model(): string {
    return this.connection.model || this.options.model || "…";
  }
  get permissionMode(): string {
    return this.lifecycle.permissionMode;
  }
  get contextWindow(): number | undefined {
    return this.lifecycle.contextWindow;
  }
  get busySince(): number | undefined {
    return this.runs.busySince ?? this.activity.sideSince;
  }
  get busyLabel(): string {
    return this.activity.label;
  }
  get hint(): string | undefined {
    return this.activity.hint;
  }
  get queued(): readonly string[] {
    return this.runs.pending;
  }
  get busy(): boolean {
    return this.runs.busy || this.activity.sideSince !== undefined;
  }

  /** Shows the prompt at once, then opens the agent off the start-up path. Resolves the exit code. */
  start(): Promise<number> {
    const done = new Promise<number>((resolve) => {
      this.finished = resolve;
    });
    const banner = `${style.bold("keel")} ${style.gray(`· ${this.cwd} · /help for commands and keys`)}`;
    this.renderer.add(new TextBlock(banner, { trusted: true }));
    this.screen.setFocus(this.editor);
    this.screen.start();
    // The prompt is drawn before anything heavy loads (the SDK, the provider, the session).
    this.screen.renderNow();
    setImmediate(() => this.boot());
    return done;
  }

  private boot(): void {
    for (const entry of this.history.load()) this.editor.addToHistory(entry);
    void this.lifecycle.start({
      ...(this.options.resume ? { resume: this.options.resume } : {}),
      continueLatest: this.options.continueLatest,
      ...(this.options.forkSession ? { forkSession: true } : {}),
    });
    // `keel --resume` without an id: the picker, once the agent (and its session list) is there.
    const picker = this.options.resumePicker ? this.catalog.parse("/resume") : undefined;
    if (picker) void this.runCommand(picker);
    void this.loadCustomCommands();
    if (this.options.prompt) this.onSubmit(this.options.prompt);
  }

  private async loadCustomCommands(): Promise<void> {
    const load =
      this.deps.customCommands ??
      (() => loadSdkCustomCommands(this.cwd, this.env, (w) => this.notice(`⚠ ${w}`, style.yellow)));
    await this.catalog
      .loadCustom(load)
      .catch((error: unknown) =>
        this.notice(
          `Custom commands not loaded: ${error instanceof Error ? error.message : String(error)}`,
          style.yellow,
        ),
      );
  }

  private onEvent(event: AgentEvent): void {
    this.stats.handle(event);
    this.runs.observe(event);
    this.renderer.handle(event);
    this.screen.requestRender();
  }

  // ── input ──────────────────────────────────────────────────────────────────
  private onSubmit(raw: string): void {
    const text = raw.trim();
    if (text === "") return;
    this.editor.addToHistory(text);
    this.history.add(text, this.cwd);
    const parsed = this.catalog.parse(text);
    if (parsed !== undefined) {
      void this.runCommand(parsed);
    } else if (text.startsWith("!")) {
      void this.runShell(text.slice(1).trim());
    } else if (this.runs.busy) {
      this.runs.enqueue(text);
    } else void this.runPrompt(text);
    this.screen.requestRender();
  }

  private async runCommand(parsed: NonNullable<ReturnType<CommandCatalog["parse"]>>): Promise<void> {
    const { command, name, args } = parsed;
    if (command === undefined)
      return this.notice(`Unknown command /${name}. /help lists the commands.`, style.yellow);
    if (this.busy && !command.whileBusy)
      return this.notice(`/${name} waits until Keel is idle (Esc interrupts).`, style.yellow);
    this.renderer.add(
      new TextBlock(`/${name}${args ? ` ${args}` : ""}`, { prefix: "> ", style: style.gray, spaced: false }),
    );
    try {
      await command.run(args, this);
    } catch (error) {
      this.notice(`/${name} failed: ${error instanceof Error ? error.message : String(error)}`, style.red);
    }
    this.screen.requestRender();
  }

  private async runShell(command: string): Promise<void> {
    if (command === "") return;
    if (this.busy) return this.notice("! commands wait until Keel is idle.", style.yellow);
    this.renderer.add(new TextBlock(command, { prefix: "! ", style: style.magenta, spaced: false }));
    const result = await this.runBusy("Running", (signal) => runShellEscape(command, this.cwd, signal));
    const out = result.output.replace(/\n+$/, "");
    this.renderer.add(new TextBlock(out === "" ? "(no output)" : out, { prefix: "  ⎿ ", style: style.gray }));
    if (result.interrupted) this.notice("Interrupted.", style.red);
    this.shellContexts.push(shellEscapeContext(result));
    this.screen.requestRender();
  }

  private async runPrompt(text: string, display = text): Promise<void> {
    const { content, attached, skipped } = composePrompt(text, this.cwd, this.shellContexts.splice(0));
    this.renderer.prompt(display, attached);
    for (const s of skipped) this.notice(`not attached: ${s}`, style.yellow);
    this.renderer.expectEcho(text);
    this.activity.label = "Working";
    this.stats.startRun();
    this.activity.startSpinner();
    this.screen.requestRender();
    const ok = await this.lifecycle.ready;
    const agent = this.connection.created?.agent;
    if (!ok || !agent) {
      this.activity.stopSpinner();
      return this.notice("Keel could not start (see the error above); fix it and restart.", style.red);
    }
    try {
      await this.runs.run(agent, content);
    } catch (error) {
      this.notice(`✗ ${error instanceof Error ? error.message : String(error)}`, style.red);
    }
    this.activity.stopSpinner();
    await this.lifecycle.applyPendingMode();
    this.files.refresh();
    const next = this.runs.takeQueued();
    if (next !== undefined) void this.runPrompt(next);
    this.screen.requestRender();
  }

  /** Runs side work (a `!` command, `/compact`) with the spinner on; Esc aborts its signal. */
  runBusy<T>(label: string, work: (signal: AbortSignal) => Promise<T>): Promise<T> {
    return this.activity.run(label, work);
  }

  /** Esc: stop the run (or the side work). */
  interrupt(): boolean {
    return this.activity.abortSide() || this.runs.abort();
  }

  /** Shows a transient hint in the footer. */
  flash(text: string, ms = 2000): void {
    this.activity.flash(text, ms);
  }

  toggleView(key: "expandTools" | "showThinking"): void {
    this.view[key] = !this.view[key];
    this.transcript.invalidate();
    this.flash(
      key === "expandTools"
        ? `tool output ${this.view[key] ? "expanded" : "collapsed"}`
        : `thinking ${this.view[key] ? "shown" : "hidden"}`,
    );
  }

  // ── CommandHost ────────────────────────────────────────────────────────────
  print(text: string): void {
    this.renderer.add(new TextBlock(text, { prefix: "  ", trusted: true }));
    this.screen.requestRender();
  }

  notice(text: string, colour?: (t: string) => string): void {
    this.renderer.notice(text, colour);
    this.screen.requestRender();
  }

  showMessages(messages: readonly Message[]): void {
    this.renderer.replay(messages, messages.length);
    this.screen.requestRender();
  }

  submit(prompt: string, display?: string): void {
    if (this.runs.busy) this.runs.enqueue(prompt);
    else void this.runPrompt(prompt, display);
  }

  newSession(): Promise<void> {
    return this.lifecycle.newSession();
  }

  resumeSession(sessionId: string): Promise<void> {
    return this.lifecycle.resumeSession(sessionId);
  }

  switchModel(model: string): Promise<void> {
    return this.lifecycle.switchModel(model);
  }

  /** Shift+Tab. */
  cycleMode(): Promise<void> {
    return this.lifecycle.cycleMode();
  }

  pick(
    title: string,
    items: PickItem[],
    onPick: (value: string) => void | Promise<void>,
    initial?: string,
  ): void {
    this.promptArea.pick({
      title,
      items,
      ...(initial !== undefined ? { initial } : {}),
      onPick: (value) =>
        void Promise.resolve(onPick(value)).catch((error: unknown) =>
          this.notice(error instanceof Error ? error.message : String(error), style.red),
        ),
    });
  }

  async openInEditor(path: string): Promise<void> {
    if (!editInExternalEditor(this.screen, this.env.VISUAL || this.env.EDITOR, path))
      return this.notice(`Set $EDITOR to edit ${path} from Keel.`, style.yellow);
    this.notice(`Edited ${path}`);
  }

  listSessions(): Promise<SessionSummary[]> {
    return this.lifecycle.listSessions();
  }

  reloadPermissions(): Promise<boolean> {
    return this.lifecycle.reloadPermissions();
  }

  commands(): readonly SlashCommandDef[] {
    return this.catalog.commands;
  }

  exit(): void {
    void this.shutdown(0);
  }

  async shutdown(code: number): Promise<void> {
    this.runs.abort();
    this.activity.dispose();
    this.screen.stop();
    const id = this.connection.created?.sessionId;
    await this.connection.close();
    if (id) process.stdout.write(`${style.gray(`Resume this session with: keel --resume ${id}`)}\n`);
    this.finished?.(code);
  }

  // ── DialogHost ─────────────────────────────────────────────────────────────
  showDialog(dialog: Component): void {
    this.promptArea.show(dialog);
  }

  closeDialog(dialog: Component): void {
    this.promptArea.close(dialog);
  }

  dialogRows(): number {
    return Math.max(8, this.screen.terminal.rows - 3);
  }

  get showingDialog(): boolean {
    return !this.promptArea.showingEditor;
  }

  get dialog(): Component {
    return this.promptArea.current;
  }
}

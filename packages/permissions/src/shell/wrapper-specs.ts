import type { LongArity, OptionSpec } from "./getopt.js";

/** How a command that runs another command (`timeout 5 rm x`, `sudo rm x`) is read. */
export interface WrapperSpec {
  options: OptionSpec;
  /** Operands before the command: timeout's duration, chrt's priority, taskset's mask. */
  leading?: "duration" | "number" | "mask";
  /** Options that make it something other than a wrapper (`command -v`, `ionice -p PID`). */
  notWrapper?: readonly string[];
  /** Options after which what runs can't be known (`env -S STRING`, `sudo -s`). */
  hides?: readonly string[];
  /** Options whose value is a path the wrapper writes (`time -o FILE`) or reads (`xargs -a FILE`). */
  writes?: readonly string[];
  reads?: readonly string[];
  /** It runs the command as another user or records it: `full`, whatever the command is. */
  privileged?: string;
  /** `NAME=value` words after the options are the command's environment (`env`, `sudo`). */
  assignments?: boolean;
}

const long = (spec: string): Record<string, LongArity> => {
  const out: Record<string, LongArity> = {};
  for (const item of spec.split(/\s+/).filter((s) => s !== "")) {
    const arity: LongArity = item.endsWith("=") ? "required" : item.endsWith("?") ? "optional" : "none";
    out[`--${item.replace(/[=?]$/, "")}`] = arity;
  }
  return out;
};

const COMMON = "help version";

export const WRAPPER_SPECS: Readonly<Record<string, WrapperSpec>> = {
  timeout: {
    options: {
      flags: "v",
      values: "sk",
      long: long(`signal= kill-after= preserve-status foreground verbose ${COMMON}`),
    },
    leading: "duration",
    notWrapper: ["--help", "--version"],
  },
  time: {
    options: {
      flags: "pvqa",
      values: "of",
      long: long(`portability verbose quiet append output= format= ${COMMON}`),
    },
    writes: ["-o", "--output"],
    notWrapper: ["--help", "--version"],
  },
  nice: {
    options: { values: "n", numeric: true, long: long(`adjustment= ${COMMON}`) },
    notWrapper: ["--help", "--version"],
  },
  nohup: { options: { long: long(COMMON) }, notWrapper: ["--help", "--version"] },
  stdbuf: {
    options: { values: "ioe", long: long(`input= output= error= ${COMMON}`) },
    notWrapper: ["--help", "--version"],
  },
  command: { options: { flags: "pvV" }, notWrapper: ["-v", "-V"] },
  builtin: { options: {} },
  noglob: { options: {} },
  exec: { options: { flags: "cl", values: "a" } },
  setsid: {
    options: { flags: "cfw", long: long(`ctty fork wait ${COMMON}`) },
    notWrapper: ["--help", "--version"],
  },
  env: {
    options: {
      flags: "i0v",
      values: "uCSa",
      long: long(
        `ignore-environment null unset= chdir= split-string= block-signal? default-signal? ignore-signal?
         list-signal-handling debug argv0= ${COMMON}`,
      ),
    },
    // -C changes the directory the command's paths are relative to; -S splits a string into words.
    hides: ["-C", "--chdir", "-S", "--split-string"],
    notWrapper: ["--help", "--version"],
    assignments: true,
  },
  ionice: {
    options: {
      flags: "t",
      values: "cnpPu",
      long: long(`class= classdata= ignore pid= pgid= uid= ${COMMON}`),
    },
    notWrapper: ["-p", "-P", "-u", "--pid", "--pgid", "--uid", "--help", "--version"],
  },
  chrt: {
    options: {
      flags: "abdfiorRvmpe",
      values: "TPD",
      long: long(
        `all-tasks batch deadline fifo idle other rr reset-on-fork verbose max pid ext
         sched-runtime= sched-period= sched-deadline= ${COMMON}`,
      ),
    },
    leading: "number",
    notWrapper: ["-m", "-p", "--max", "--pid", "--help", "--version"],
  },
  taskset: {
    options: { flags: "acp", long: long(`all-tasks cpu-list pid ${COMMON}`) },
    leading: "mask",
    notWrapper: ["-p", "--pid", "--help", "--version"],
  },
  flock: {
    options: {
      flags: "sexunoFhV",
      values: "wE",
      long: long(
        `shared exclusive unlock nonblock nb close no-fork verbose wait= timeout= conflict-exit-code= ${COMMON}`,
      ),
    },
    notWrapper: ["-h", "-V", "--help", "--version"],
  },
  watch: {
    options: {
      flags: "bcCegptwxr",
      values: "nqs",
      optional: "d",
      long: long(
        `beep color no-color errexit chgexit precise no-title no-wrap exec no-rerun interval= equexit=
         shotsdir= differences? ${COMMON}`,
      ),
    },
    notWrapper: ["--help", "--version"],
  },
  xargs: {
    options: {
      flags: "0rtpxo",
      values: "nPdLsaEI",
      optional: "iel",
      long: long(
        `null no-run-if-empty verbose interactive exit open-tty show-limits max-args= max-procs=
         delimiter= max-lines? max-chars= arg-file= eof? replace? process-slot-var= ${COMMON}`,
      ),
    },
    reads: ["-a", "--arg-file"],
    notWrapper: ["--help", "--version", "--show-limits"],
  },
  sudo: {
    options: {
      flags: "AbEHkKnPSBNsilveV",
      values: "ugCDhprtTUR",
      long: long(
        `askpass background preserve-env? set-home non-interactive preserve-groups stdin bell shell
         login list validate edit version help reset-timestamp remove-timestamp user= group=
         close-from= chdir= host= prompt= role= type= command-timeout= other-user= chroot=`,
      ),
    },
    // -s/-i run the command through a shell; -h is help or a host; -D/-R change the directory.
    hides: ["-s", "-i", "-h", "-D", "-R", "--shell", "--login", "--host", "--chdir", "--chroot"],
    notWrapper: [
      "-l",
      "-v",
      "-e",
      "-K",
      "-V",
      "--list",
      "--validate",
      "--edit",
      "--remove-timestamp",
      "--version",
      "--help",
    ],
    privileged: "sudo runs the command as another user",
    assignments: true,
  },
  doas: {
    options: { flags: "nsL", values: "uC" },
    hides: ["-s"],
    notWrapper: ["-L", "-C"],
    privileged: "doas runs the command as another user",
  },
  busybox: {
    options: { long: long("list list-full install help") },
    notWrapper: ["--list", "--list-full", "--install", "--help"],
  },
  toybox: { options: { long: long("help version") }, notWrapper: ["--help", "--version"] },
};

/** `su`/`runuser` options (util-linux); `-c`/`--command`/`--session-command` give the shell code. */
export const SU_OPTIONS: OptionSpec = {
  flags: "flmpPhV",
  values: "cgGsuw",
  long: long(
    `command= session-command= fast group= supp-group= login preserve-environment pty shell=
     whitelist-environment= user= ${COMMON}`,
  ),
};

/** `script` (util-linux): `-c CMD` runs CMD through a shell and records it to a file. */
export const SCRIPT_OPTIONS: OptionSpec = {
  flags: "aefqh",
  values: "cEIOBTmo",
  optional: "t",
  long: long(
    `append command= echo= return flush force quiet log-in= log-out= log-io= log-timing=
     logging-format= output-limit= timing? ${COMMON}`,
  ),
  permute: true,
};

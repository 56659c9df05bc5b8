/**
 * GNU `getopt_long` (and git's parse-options) accept any unambiguous prefix of a long option:
 * `sort --compress-prog=sh` is `--compress-program=sh`, `grep --recu` is `--recursive`. The
 * catalogue's checks are written against full spellings, so each `--xyz[=v]` is first spelled
 * out. A prefix of a **sensitive** option (one that writes, runs a program, reads recursively,
 * follows links or gives the pattern) is taken as that option — as every such option it may
 * abbreviate, when there are several — even where the real command would call it ambiguous.
 */

interface LongOptions {
  /** Options a check relies on: their abbreviations must be recognised. */
  sensitive: readonly string[];
  /** Other options (spelled out when the abbreviation is unique). */
  other: readonly string[];
}

const words = (s: string): string[] =>
  s
    .split(/\s+/)
    .filter((w) => w !== "")
    .map((w) => `--${w}`);
const table = (sensitive: string, other: string): LongOptions => ({
  sensitive: words(sensitive),
  other: words(other),
});

const GREP = table(
  "dereference-recursive recursive directories regexp file",
  `after-context basic-regexp before-context binary binary-files byte-offset color colour context
   count devices exclude exclude-dir exclude-from extended-regexp files-with-matches
   files-without-match fixed-strings help ignore-case no-ignore-case include initial-tab
   invert-match label line-buffered line-number line-regexp max-count no-filename no-messages
   null null-data only-matching perl-regexp quiet silent text version with-filename word-regexp`,
);

/** git diff options that print contents or run programs (the log/show/diff family). */
const GIT_DIFF_SENSITIVE = `output ext-diff patch patch-with-raw patch-with-stat unified pickaxe-all
  pickaxe-regex word-diff word-diff-regex color-words cc dd full-diff binary textconv
  function-context diff-merges remerge-diff find-object open-files-in-pager`;
const GIT_DIFF_OTHER = `no-patch stat numstat shortstat name-only name-status raw summary dirstat quiet
  no-ext-diff no-textconv no-color color oneline format pretty abbrev-commit no-abbrev-commit
  relative-date date graph decorate no-decorate all branches tags remotes since until after
  before author committer grep max-count skip reverse first-parent merges no-merges follow
  exit-code relative cached staged no-index ignore-all-space ignore-space-change`;

const GIT_LOG = table(GIT_DIFF_SENSITIVE, GIT_DIFF_OTHER);

const TABLES: Readonly<Record<string, LongOptions>> = {
  grep: GREP,
  egrep: GREP,
  fgrep: GREP,
  rg: table(
    "pre hostname-bin search-zip follow regexp file files type-list",
    `pre-glob ignore-case smart-case case-sensitive fixed-strings word-regexp line-regexp
     invert-match count files-with-matches files-without-match hidden no-ignore glob iglob type
     type-not max-count max-depth json line-number no-line-number only-matching context
     after-context before-context color colors heading no-heading null multiline pcre2
     replace sort sortr stats text threads vimgrep with-filename no-filename ignore-file`,
  ),
  sort: table(
    "output compress-program temporary-directory files0-from",
    `batch-size buffer-size check debug dictionary-order field-separator general-numeric-sort
     human-numeric-sort ignore-case ignore-leading-blanks ignore-nonprinting key merge
     month-sort numeric-sort parallel random-sort random-source reverse sort stable unique
     version-sort zero-terminated help version`,
  ),
  tree: table("output fromfile", "help version inodes device noreport nolinks dirsfirst filesfirst"),
  date: table(
    "set file",
    "date debug iso-8601 resolution rfc-email rfc-3339 reference universal utc uct help version",
  ),
  hostname: table(
    "file boot",
    "domain fqdn long all-fqdns ip-address all-ip-addresses short alias yp nis help version verbose",
  ),
  file: table(
    "compile files-from magic-file",
    `brief checking-printout dereference exclude exclude-quiet extension keep-going list mime
     mime-type mime-encoding no-buffer no-dereference no-pad no-sandbox parameter preserve-date
     print0 raw separator special-files uncompress uncompress-noreport help version`,
  ),
  diff: table(
    "recursive dereference from-file to-file",
    `brief report-identical-files context unified normal side-by-side width left-column
     suppress-common-lines paginate expand-tabs initial-tab tabsize suppress-blank-empty label
     show-c-function show-function-line new-file unidirectional-new-file ignore-case
     ignore-tab-expansion ignore-trailing-space ignore-space-change ignore-all-space
     ignore-blank-lines ignore-matching-lines text strip-trailing-cr ifdef minimal horizon-lines
     speed-large-files color palette no-dereference exclude exclude-from starting-file
     ignore-file-name-case no-ignore-file-name-case help version`,
  ),
  sed: table(
    "expression file in-place",
    `quiet silent debug follow-symlinks line-length null-data zero-terminated posix
     regexp-extended separate sandbox unbuffered binary help version`,
  ),
  cp: table(
    "target-directory suffix",
    `archive attributes-only backup copy-contents debug dereference force interactive link
     no-dereference no-preserve no-clobber no-target-directory one-file-system parents preserve
     recursive reflink remove-destination sparse strip-trailing-slashes symbolic-link update
     verbose context keep-directory-symlink help version`,
  ),
  mv: table(
    "target-directory suffix",
    `backup debug exchange force interactive no-clobber no-copy no-target-directory
     strip-trailing-slashes update verbose context help version`,
  ),
  ln: table(
    "target-directory suffix symbolic",
    `backup directory force interactive logical no-dereference no-target-directory physical
     relative verbose help version`,
  ),
  "git log": GIT_LOG,
  "git show": GIT_LOG,
  "git diff": GIT_LOG,
  "git shortlog": GIT_LOG,
  "git grep": table(
    "open-files-in-pager textconv file ext-grep",
    `cached untracked no-index exclude-standard recurse-submodules text ignore-case word-regexp
     invert-match full-name extended-regexp basic-regexp perl-regexp fixed-strings line-number
     column files-with-matches name-only files-without-match null count color break heading
     show-function function-context threads and or not all-match quiet max-depth`,
  ),
  "git blame": table("contents textconv", "porcelain line-porcelain incremental show-stats root"),
  "git cat-file": table("textconv filters batch batch-check batch-command", "follow-symlinks path"),
};

/**
 * Spells out one option: a long option abbreviation becomes the sensitive options it may stand
 * for, or the one option it abbreviates; anything else is returned as written.
 */
function expand(option: string, spec: LongOptions): string[] {
  if (!option.startsWith("--") || option === "--") return [option];
  const eq = option.indexOf("=");
  const name = eq < 0 ? option : option.slice(0, eq);
  const value = eq < 0 ? "" : option.slice(eq);
  if (spec.sensitive.includes(name) || spec.other.includes(name)) return [option];
  const sensitive = spec.sensitive.filter((s) => s.startsWith(name));
  if (sensitive.length > 0) return sensitive.map((s) => `${s}${value}`);
  const other = spec.other.filter((s) => s.startsWith(name));
  return other.length === 1 ? [`${other[0]}${value}`] : [option];
}

/** The options of `command` (`grep`, or `git log` for a git subcommand) with long options spelled out. */
export function spellOutLongOptions(command: string, options: readonly string[]): string[] {
  const spec = TABLES[command];
  if (spec === undefined) return [...options];
  return options.flatMap((o) => expand(o, spec));
}

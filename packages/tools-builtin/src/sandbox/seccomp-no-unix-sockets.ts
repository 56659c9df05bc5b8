/**
 * A classic-BPF seccomp program that makes `socket(AF_UNIX, …)` fail with EACCES, so a
 * sandboxed command cannot connect to host daemons through Unix sockets (docker, D-Bus,
 * ssh-agent, X11), which `--unshare-net` alone does not prevent for filesystem sockets.
 * `socketpair` stays allowed (runtimes use it for child-process pipes). Other architectures
 * than x86-64 and arm64 get an allow-all program (the filter is defence in depth).
 */
const BPF_LD_W_ABS = 0x20;
const BPF_JEQ_K = 0x15;
const BPF_JGE_K = 0x35;
/** x32-ABI syscall numbers carry this bit; refuse them outright on x86-64. */
const X32_SYSCALL_BIT = 0x40000000;
const BPF_RET_K = 0x06;
const SECCOMP_RET_ALLOW = 0x7fff0000;
const SECCOMP_RET_ERRNO = 0x00050000;
const EACCES = 13;
const AF_UNIX = 1;

/** `struct seccomp_data`: nr at 0, arch at 4, args[0] (low word, little-endian) at 16. */
const OFFSET_NR = 0;
const OFFSET_ARCH = 4;
const OFFSET_ARG0 = 16;

const ARCHES: Record<string, { audit: number; socketNr: number }> = {
  x64: { audit: 0xc000003e, socketNr: 41 },
  arm64: { audit: 0xc00000b7, socketNr: 198 },
};

function insn(code: number, jt: number, jf: number, k: number): Buffer {
  const b = Buffer.alloc(8);
  b.writeUInt16LE(code, 0);
  b.writeUInt8(jt, 2);
  b.writeUInt8(jf, 3);
  b.writeUInt32LE(k >>> 0, 4);
  return b;
}

export function noUnixSocketsFilter(arch: string = process.arch): Buffer {
  const target = ARCHES[arch];
  const allow = insn(BPF_RET_K, 0, 0, SECCOMP_RET_ALLOW);
  if (!target) return allow;
  // Jumps are relative: jt/jf skip that many instructions after the current one.
  return Buffer.concat([
    insn(BPF_LD_W_ABS, 0, 0, OFFSET_ARCH), // 0
    insn(BPF_JEQ_K, 0, 5, target.audit), // 1: other arch → 7 allow
    insn(BPF_LD_W_ABS, 0, 0, OFFSET_NR), // 2
    insn(BPF_JGE_K, 4, 0, X32_SYSCALL_BIT), // 3: x32 ABI → 8 deny
    insn(BPF_JEQ_K, 0, 2, target.socketNr), // 4: not socket() → 7 allow
    insn(BPF_LD_W_ABS, 0, 0, OFFSET_ARG0), // 5
    insn(BPF_JEQ_K, 1, 0, AF_UNIX), // 6: AF_UNIX → 8 deny, else 7 allow
    allow, // 7
    insn(BPF_RET_K, 0, 0, SECCOMP_RET_ERRNO | EACCES), // 8
  ]);
}

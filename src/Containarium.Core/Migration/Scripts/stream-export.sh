# Runs on the source host: writes `incus export` of box $1 (with its snapshots, uncompressed) to stdout and,
# as the last stderr line, "CTR-SHA256 <hex>" of exactly the bytes written (tee into a fifo read by the hasher).
# /bin/sh may be dash: no pipefail, so export's exit status travels through a file.
set -u
name=$1
d=$(mktemp -d "${TMPDIR:-/tmp}/containarium-export.XXXXXX") || exit 70
trap 'rm -rf "$d"' EXIT
mkfifo "$d/sum.fifo" || exit 70
# OpenSSL's SHA-256 uses the CPU's SHA instructions: several times faster than coreutils' sha256sum, which would
# otherwise take a core of its own for the whole stream. Both print the hex digest as the first field.
sum256() { if command -v openssl >/dev/null 2>&1; then openssl dgst -sha256 -r; else sha256sum; fi; }
sum256 <"$d/sum.fifo" >"$d/sum" &
hasher=$!
{ incus export "$name" - --compression none -q </dev/null; echo $? >"$d/rc"; } | tee "$d/sum.fifo"
copied=$?
wait "$hasher"
rc=$(cat "$d/rc" 2>/dev/null || echo 70)
printf 'CTR-SHA256 %s\n' "$(cut -d' ' -f1 "$d/sum")" >&2
[ "$rc" = 0 ] || exit "$rc"
[ "$copied" = 0 ] || exit 74

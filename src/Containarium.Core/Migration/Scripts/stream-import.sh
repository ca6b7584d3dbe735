# Runs on the destination host: `incus import` of the tarball on stdin as box $1 into pool $2, hashing the
# received bytes; the last stderr line is "CTR-SHA256 <hex>". $3 is a per-run state directory holding the
# importer's pid, so that a cleanup after a cut link can stop a half-fed import (stream-import-abort.sh).
set -u
name=$1
pool=$2
state=$3
mkdir -m 700 "$state" || exit 70
mkfifo "$state/sum.fifo" "$state/data.fifo" || exit 70
# OpenSSL's SHA-256 uses the CPU's SHA instructions: several times faster than coreutils' sha256sum, which would
# otherwise take a core of its own for the whole stream. Both print the hex digest as the first field.
sum256() { if command -v openssl >/dev/null 2>&1; then openssl dgst -sha256 -r; else sha256sum; fi; }
sum256 <"$state/sum.fifo" >"$state/sum" &
hasher=$!
incus import - "$name" -s "$pool" -q <"$state/data.fifo" &
importer=$!
echo "$importer" >"$state/import.pid"
tee "$state/sum.fifo" >"$state/data.fifo"
copied=$?
wait "$hasher"
wait "$importer"
rc=$?
printf 'CTR-SHA256 %s\n' "$(cut -d' ' -f1 "$state/sum")" >&2
rm -rf "$state"
[ "$rc" = 0 ] || exit "$rc"
[ "$copied" = 0 ] || exit 74

# Runs on the destination host: `incus import` of the tarball on stdin as box $1 into pool $2, hashing the
# received bytes; the last stderr line is "CTR-SHA256 <hex>". $3 is a per-run state directory holding the
# importer's pid, so that a cleanup after a cut link can stop a half-fed import (stream-import-abort.sh).
set -u
name=$1
pool=$2
state=$3
mkdir -m 700 "$state" || exit 70
mkfifo "$state/sum.fifo" "$state/data.fifo" || exit 70
sha256sum <"$state/sum.fifo" >"$state/sum" &
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

# Runs on the destination host after a failed transfer: stops the importer of state directory $1 (if it
# still runs) and waits until it is gone, so no import can complete after the cleanup looked.
set -u
state=$1
if [ -f "$state/import.pid" ]; then
  pid=$(cat "$state/import.pid")
  kill -TERM "$pid" 2>/dev/null
  i=0
  while kill -0 "$pid" 2>/dev/null && [ "$i" -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
  kill -KILL "$pid" 2>/dev/null
fi
rm -rf "$state"
exit 0

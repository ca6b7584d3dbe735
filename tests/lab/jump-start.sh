#!/bin/bash
# Starts the jump sshd again after jump-stop.sh.
set -euo pipefail
exec "$(dirname "$0")/sshd.sh" start jump

#!/usr/bin/env bash
# Gradescope runs this once when it builds the autograder image. The zip uploaded to Gradescope holds this file,
# run_autograder, the mathgrade source (as mathgrade/) and the spec (as k2.yaml).
# mathgrade needs Python 3.11 or newer: Gradescope's Ubuntu 22.04 image has 3.10 as python3 (its universe
# repository has python3.11); the 24.04 image has 3.12.
set -euo pipefail
apt-get update -qq
PY=""
for candidate in python3.13 python3.12 python3.11; do
  if command -v "$candidate" >/dev/null; then PY="$candidate"; break; fi
done
if [ -z "$PY" ]; then
  apt-get install -y -qq python3.11 python3.11-venv
  PY=python3.11
fi
apt-get install -y -qq "$PY-venv" || true   # the venv module is a separate package on Debian and Ubuntu
"$PY" -m venv /opt/mathgrade && /opt/mathgrade/bin/pip install -q /autograder/source/mathgrade

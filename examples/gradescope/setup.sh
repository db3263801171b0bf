#!/usr/bin/env bash
# Gradescope runs this once when it builds the autograder image. The zip uploaded to Gradescope holds this file,
# run_autograder, the mathgrade source (as mathgrade/) and the spec (as k2.yaml).
set -euo pipefail
apt-get update -qq && apt-get install -y -qq python3 python3-venv python3-pip
python3 -m venv /opt/mathgrade && /opt/mathgrade/bin/pip install -q /autograder/source/mathgrade

#!/usr/bin/env bash
# Load run of the local runner, in-process, loopback only (see docs/SECURITY.md, "Load").
#   hardening/load.sh [clients=8] [requests=4000] [maxSeconds=60]
# Builds local + hardening's load driver (profile -Dtokengate.load=true), then runs dev.tokengate.local.LoadRun:
# GET /hello with valid, revoked and invalid tokens from concurrent clients (bounded by count and time), then a
# revoke/revoke-all race on one user checked against the audit trail. Exit code 1 if any answer was wrong.
set -euo pipefail
cd "$(dirname "$0")/.."
# moto_server: found or installed by the runner itself (testkit's PythonTools; README, "Python tools").
./mvnw -B -q -pl local,hardening -Dtokengate.load=true test-compile dependency:build-classpath \
  -Dmdep.outputFile=target/load.classpath -Dmdep.includeScope=test
# Local-only dummy credentials: the functions read credentials from the environment only.
export AWS_ACCESS_KEY_ID=local-demo AWS_SECRET_ACCESS_KEY=local-demo AWS_REGION=us-east-1
unset AWS_SESSION_TOKEN AWS_PROFILE || true
exec java -cp "hardening/target/test-classes:$(cat hardening/target/load.classpath)" dev.tokengate.local.LoadRun "$@"

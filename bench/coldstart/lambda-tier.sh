#!/usr/bin/env bash
# Cold starts under Lambda's runtime interface client (docs/PERFORMANCE.md, "Cold start under the runtime client"):
# runs lambda-tier's ColdStartMeasurement, which starts each function's zip N times in a fresh Lambda tier sandbox
# (on demand, and the SnapStart path as far as it can be emulated) and the Node peer against the same moto, then
# writes bench/target/coldstart-lambda-tier[-label].{json,md}. It builds the function zips itself (in the reactor,
# offline); nothing else of the build's tests runs.
#
# Usage: bench/coldstart/lambda-tier.sh [--compare-zips] [-Dcoldstart.runs=7] [-Dcoldstart.only=authorizer,node]
#                                       [-Dcoldstart.label=name] [-Dlambda.tier.java=/path/to/bin/java] [...]
# --compare-zips: also measure two other builds of the authorizer zip beside the default (arm64) one, made first in
#   bench/target/zips/: authorizer-x86_64.zip (-Daccp.arch=x86_64, whose ACCP loads on an x86_64 build machine) and
#   authorizer-two-arch.zip (the same plus ACCP's aarch64 jar: the zip as it was before one architecture was shipped).
# Needs: a JDK 17+, moto (as for ./mvnw verify), node >= 20 and `npm ci --prefix bench/node`.
set -euo pipefail
cd "$(dirname "$0")/../.."

compare=false
args=()
for arg in "$@"; do
  case "$arg" in
    --compare-zips) compare=true ;;
    *) args+=("$arg") ;;
  esac
done

if [ ! -d bench/node/node_modules/@aws-sdk/client-dynamodb ]; then
  echo "The Node peer's packages are missing: npm ci --prefix bench/node (or -Dcoldstart.only=authorizer,revoke,audit)" >&2
fi

if $compare; then
  zips=bench/target/zips
  mkdir -p "$zips"
  ./mvnw -B -o -q -pl authorizer -am package -DskipTests -Daccp.arch=x86_64
  cp authorizer/target/authorizer.zip "$zips/authorizer-x86_64.zip"
  ./mvnw -B -o -q -pl authorizer -am package -DskipTests
  python3 - "$zips" <<'PY'
import shutil, sys, zipfile
zips = sys.argv[1]
two = f"{zips}/authorizer-two-arch.zip"
shutil.copy(f"{zips}/authorizer-x86_64.zip", two)
with zipfile.ZipFile("authorizer/target/authorizer.zip") as arm, zipfile.ZipFile(two, "a") as out:
    for info in arm.infolist():
        if info.filename.startswith("lib/AmazonCorrettoCryptoProvider-"):
            out.writestr(info, arm.read(info))
PY
  args+=("-Dcoldstart.zips=x86_64=$PWD/$zips/authorizer-x86_64.zip,two-arch=$PWD/$zips/authorizer-two-arch.zip")
fi

uptime
# -Dtest=NONE: no unit test runs; -Dit.test: Failsafe runs only the measurement (named so that verify never does).
./mvnw -B -o -pl lambda-tier -am verify \
  -Dtest=NONE -Dsurefire.failIfNoSpecifiedTests=false \
  -Dit.test=ColdStartMeasurement -Dfailsafe.failIfNoSpecifiedTests=false \
  "${args[@]}"
uptime

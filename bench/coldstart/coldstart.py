#!/usr/bin/env python3
"""Cold-start measurement for tokengate's functions and the Node peer (see docs/PERFORMANCE.md).

For each function it unzips <module>/target/<module>.zip into a fresh task root (classes at the root, jars in lib/,
as Lambda lays it out), then N times starts a fresh JVM with Lambda's default flags, builds the handler through its
no-arg constructor (environment pointing at a moto_server this script starts and an inline JWKS) and sends it one
request: the authorizer decides one token (one BatchGetItem), revoke-fn revokes one token id (one conditional
UpdateItem). The Node peer starts N fresh processes that load aws-jwt-verify and verify one token.

It needs boto3 (a dependency of moto): where the build installed moto into the project venv rather than finding it
on PATH, run it with that venv's Python, `.venv-tools/venv/bin/python bench/coldstart/coldstart.py ...`.

Usage (from the repository root, after the build and `npm ci --prefix bench/node`):
  python3 bench/coldstart/coldstart.py [--runs 10] [--java /path/to/java] [--flags "..."] [--label name]
        [--only authorizer,revoke,node] [--extra-env K=V ...] [--layout dir|jar] [--appcds]

--appcds: per function, one unmeasured training run (same flags, same task root, same class path) with
-XX:ArchiveClassesAtExit writes a dynamic AppCDS archive (JDK 13+) into the task root; one unmeasured check run
counts the classes loaded from it; the N measured runs then add -XX:SharedArchiveFile. The archive is only valid
for the exact JVM build and class path that wrote it (the JVM silently ignores it otherwise: hence the check run).
"""
import argparse
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
# What Lambda's java17/java21 runtimes start the JVM with (JAVA_TOOL_OPTIONS unset): C1 only, serial GC, CDS on.
LAMBDA_FLAGS = "-XX:+TieredCompilation -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xshare:auto"
TABLE = "coldstart-tokens"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def moto_server():
    """moto_server in the build's order (README, "Python tools"): MOTO_SERVER, then PATH, then the project venv.
    Unlike the build, this does not check the version of a moto_server on PATH."""
    found = os.environ.get("MOTO_SERVER") or shutil.which("moto_server")
    if found:
        return found
    venv = os.path.join(ROOT, ".venv-tools", "venv", "bin", "moto_server")
    if os.access(venv, os.X_OK):
        return venv
    sys.exit("moto_server not found: the build installs it into .venv-tools/ when it needs to (./mvnw -B verify), "
             "or set MOTO_SERVER")


def start_moto():
    port = free_port()
    log = open(os.path.join(tempfile.gettempdir(), f"coldstart-moto-{port}.log"), "w")
    env = dict(os.environ, MOTO_ALLOW_NONEXISTENT_REGION="true")
    proc = subprocess.Popen([moto_server(), "-H", "127.0.0.1", "-p", str(port)], stdout=log, stderr=log, env=env)
    deadline = time.time() + 30
    while time.time() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            break
        except OSError:
            time.sleep(0.1)
    else:
        proc.kill()
        sys.exit("moto_server did not start")
    import boto3
    ddb = boto3.client("dynamodb", region_name="us-east-1", endpoint_url=f"http://127.0.0.1:{port}",
                       aws_access_key_id="testing", aws_secret_access_key="testing")
    ddb.create_table(TableName=TABLE, BillingMode="PAY_PER_REQUEST",
                     AttributeDefinitions=[{"AttributeName": "PK", "AttributeType": "S"},
                                           {"AttributeName": "SK", "AttributeType": "S"}],
                     KeySchema=[{"AttributeName": "PK", "KeyType": "HASH"},
                                {"AttributeName": "SK", "KeyType": "RANGE"}])
    return proc, port


def task_root(module):
    archive = os.path.join(ROOT, module, "target", f"{module}.zip")
    if not os.path.exists(archive):
        sys.exit(f"{archive} is missing: build it first (see docs/PERFORMANCE.md)")
    root = tempfile.mkdtemp(prefix=f"task-{module}-")
    with zipfile.ZipFile(archive) as z:
        z.extractall(root)
    return root, os.path.getsize(archive)


def compile_driver(java):
    out = os.path.join(ROOT, "bench", "target", "coldstart-driver")
    os.makedirs(out, exist_ok=True)
    javac = os.path.join(os.path.dirname(java), "javac") if os.path.sep in java else "javac"
    subprocess.run([javac, "--release", "17", "-d", out,
                    os.path.join(ROOT, "bench", "coldstart", "ColdStartDriver.java")], check=True)
    return out


def jar_of(directory, jar, skip=()):
    """Zip a class directory into a jar (a jar needs no manifest on a class path)."""
    with zipfile.ZipFile(jar, "w", zipfile.ZIP_DEFLATED) as z:
        for base, dirs, files in os.walk(directory):
            rel_base = os.path.relpath(base, directory)
            dirs[:] = [d for d in dirs if not (rel_base == "." and d in skip)]
            for name in sorted(files):
                rel = os.path.normpath(os.path.join(rel_base, name))
                if rel not in skip:
                    z.write(os.path.join(base, name), rel)
    return jar


def class_path(root, driver, layout):
    """Lambda's layout (dir): task root + lib/*. The jar layout packs the task root's own classes and the driver
    into jars, for CDS: JDK 17 refuses to dump an archive whose class path has a non-empty directory."""
    if layout == "dir":
        return os.pathsep.join([root, os.path.join(root, "lib", "*"), driver])
    jars = os.path.join(root, "cds-jars")
    os.makedirs(jars, exist_ok=True)
    function_jar = jar_of(root, os.path.join(jars, "function.jar"), skip=("lib", "cds-jars"))
    driver_jar = jar_of(driver, os.path.join(jars, "driver.jar"))
    return os.pathsep.join([function_jar, os.path.join(root, "lib", "*"), driver_jar])


def run_java(java, flags, root, cp, args, env):
    run_env = dict(env, COLD_LAUNCH_EPOCH_NANOS=str(time.time_ns()))
    cmd = [java] + flags.split() + ["-cp", cp, "ColdStartDriver"] + args
    run_env["COLD_LAUNCH_EPOCH_NANOS"] = str(time.time_ns())
    res = subprocess.run(cmd, env=run_env, cwd=root, capture_output=True, text=True, timeout=120)
    lines = [l for l in res.stdout.splitlines() if l.startswith('{"event":"cold_start"')]
    if res.returncode != 0 or not lines:
        sys.exit(f"cold start failed ({res.returncode}):\n{res.stdout}\n{res.stderr}")
    return json.loads(lines[-1]), res.stdout


def appcds(java, flags, root, cp, args, env):
    """Train a dynamic AppCDS archive in root; return the flags that use it and how many classes it served."""
    archive = os.path.join(root, "app.jsa")
    started = time.time()
    run_java(java, f"{flags} -XX:ArchiveClassesAtExit={archive}", root, cp, args, env)
    dump_s = time.time() - started
    use = f"{flags} -XX:SharedArchiveFile={archive}"
    _, out = run_java(java, f"{use} -Xlog:class+load=info", root, cp, args, env)
    top = sum(1 for l in out.splitlines() if "source: shared objects file (top)" in l)
    base = sum(1 for l in out.splitlines() if "source: shared objects file" in l) - top
    other = sum(1 for l in out.splitlines() if "[class,load]" in l and "source: shared objects file" not in l)
    if top == 0:
        sys.exit(f"the AppCDS archive {archive} was not used (class path or JVM mismatch?)")
    return use, {"archiveBytes": os.path.getsize(archive), "trainingRunSeconds": round(dump_s, 1),
                 "classesFromAppArchive": top, "classesFromBaseArchive": base, "classesLoadedOtherwise": other}


def summary(values):
    return {"median": round(statistics.median(values), 1), "min": round(min(values), 1),
            "max": round(max(values), 1)}


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--runs", type=int, default=10)
    p.add_argument("--java", default=shutil.which("java") or "java")
    p.add_argument("--flags", default=LAMBDA_FLAGS)
    p.add_argument("--label", default="")
    p.add_argument("--only", default="authorizer,revoke,node")
    p.add_argument("--fixtures", default=os.path.join(ROOT, "bench", "target", "fixtures.json"))
    p.add_argument("--extra-env", nargs="*", default=[])
    p.add_argument("--appcds", action="store_true", help="train and use a dynamic AppCDS archive per function")
    p.add_argument("--layout", choices=("dir", "jar"), default="dir",
                   help="dir: task root + lib/* (Lambda's); jar: task root classes in a jar (implied by --appcds)")
    a = p.parse_args()
    only = set(a.only.split(","))
    if a.appcds:
        a.layout = "jar"

    with open(a.fixtures) as f:
        fixtures = json.load(f)
    driver = compile_driver(a.java)
    moto, port = start_moto()
    env = dict(os.environ)
    env.pop("JAVA_TOOL_OPTIONS", None)
    env.update({
        "AWS_REGION": "us-east-1", "AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing",
        "DYNAMODB_ENDPOINT": f"http://127.0.0.1:{port}", "TOKEN_TABLE": TABLE,
        "JWT_ISSUER": fixtures["issuer"], "JWT_AUDIENCE": fixtures["audience"],
        "JWKS": json.dumps(fixtures["jwks"]), "JWT_ALGORITHMS": "RS256,ES256",
    })
    for kv in a.extra_env:
        k, v = kv.split("=", 1)
        env[k] = v
    results = {"label": a.label, "java": a.java, "flags": a.flags, "runs": a.runs, "layout": a.layout,
               "appcds": a.appcds}
    try:
        if "authorizer" in only:
            root, size = task_root("authorizer")
            results["authorizerZipBytes"] = size
            cp = class_path(root, driver, a.layout)
            flags = a.flags
            if a.appcds:
                flags, results["authorizerAppCds"] = appcds(a.java, a.flags, root, cp,
                                                            ["authorizer", fixtures["ES256"]], env)
                results["authorizerAppCds"]["flags"] = flags
            runs = []
            for i in range(a.runs):
                r, out = run_java(a.java, flags, root, cp, ["authorizer", fixtures["ES256"]], env)
                if r["outcome"] != "ALLOW":
                    sys.exit(f"authorizer did not allow the fixture token:\n{out}")
                runs.append(r)
            results["authorizer"] = {k: summary([r[k] for r in runs])
                                     for k in ("launchToMainMs", "constructorMs", "primingMs", "initMs", "firstRequestMs", "totalMs")}
            results["authorizerLog"] = [l for l in out.splitlines() if "authorizer.crypto" in l or "snapstart" in l]
        if "revoke" in only:
            root, size = task_root("revoke-fn")
            results["revokeZipBytes"] = size
            cp = class_path(root, driver, a.layout)
            with open(os.path.join(ROOT, "events", "revoke-fn", "revoke-own-token.json")) as f:
                template = f.read()
            def fresh_event(name):
                event = os.path.join(root, f"event-{name}.json")
                with open(event, "w") as f:
                    # a fresh jti each run: every run makes a real first write (REVOKED), not ALREADY_REVOKED
                    f.write(template.replace("7d0c1a52-aaaa-4f6e-9d1e-000000000001", f"cold-{time.time_ns()}"))
                return event

            flags = a.flags
            if a.appcds:
                # training and check runs get their own events too, so the archive sees the REVOKED path
                flags, results["revokeAppCds"] = appcds(a.java, a.flags, root, cp,
                                                        ["revoke", fresh_event("train")], env)
                results["revokeAppCds"]["flags"] = flags
            runs = []
            for i in range(a.runs):
                r, out = run_java(a.java, flags, root, cp, ["revoke", fresh_event(i)], env)
                if r["outcome"] != "200":
                    sys.exit(f"revoke-fn did not answer 200:\n{out}")
                runs.append(r)
            results["revoke"] = {k: summary([r[k] for r in runs])
                                 for k in ("launchToMainMs", "constructorMs", "primingMs", "initMs", "firstRequestMs", "totalMs")}
        if "node" in only:
            script = os.path.join(ROOT, "bench", "node", "coldstart.mjs")
            if not os.path.isdir(os.path.join(ROOT, "bench", "node", "node_modules", "aws-jwt-verify")):
                sys.exit("run `npm ci --prefix bench/node` first")
            runs = []
            for i in range(a.runs):
                started = time.time_ns()
                res = subprocess.run(["node", script, a.fixtures, "ES256"], capture_output=True, text=True, check=True)
                wall = (time.time_ns() - started) / 1e6
                r = json.loads(res.stdout.strip().splitlines()[-1])
                r["processWallMs"] = wall
                runs.append(r)
            results["node"] = {k: summary([r[k] for r in runs])
                               for k in ("initMs", "firstVerifyMs", "totalMs", "processWallMs")}
    finally:
        moto.terminate()
        moto.wait(10)
    out_file = os.path.join(ROOT, "bench", "target", f"coldstart{('-' + a.label) if a.label else ''}.json")
    with open(out_file, "w") as f:
        json.dump(results, f, indent=2)
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()

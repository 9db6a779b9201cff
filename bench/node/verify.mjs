// Warm throughput of aws-jwt-verify on the tokens and JWKS the Java bench wrote (bench/target/fixtures.json).
// Same shape as the JMH runs: warm-up rounds, then timed rounds of 1 s; prints one line per algorithm and a JSON
// summary. Usage: node bench/node/verify.mjs [fixtures.json] [warmupRounds] [rounds]
import { readFileSync } from "node:fs";
import { JwtVerifier } from "aws-jwt-verify";

const [file = "bench/target/fixtures.json", warmups = "3", rounds = "5"] = process.argv.slice(2);
const fixtures = JSON.parse(readFileSync(file, "utf8"));

function verifierFor() {
  const verifier = JwtVerifier.create({
    issuer: fixtures.issuer,
    audience: fixtures.audience,
    // never fetched: the set is hydrated below, as the Java side's inline JWKS
    jwksUri: "https://issuer.bench.tokengate.dev/.well-known/jwks.json",
  });
  verifier.cacheJwks(fixtures.jwks);
  return verifier;
}

function round(verifier, token, millis) {
  let ops = 0;
  const start = process.hrtime.bigint();
  const end = start + BigInt(millis) * 1_000_000n;
  let now = start;
  while (now < end) {
    for (let i = 0; i < 16; i++) {
      verifier.verifySync(token);
    }
    ops += 16;
    now = process.hrtime.bigint();
  }
  return (ops * 1e9) / Number(now - start);
}

function stats(values) {
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  const sd = Math.sqrt(values.reduce((a, b) => a + (b - mean) ** 2, 0) / Math.max(1, values.length - 1));
  return { mean, sd };
}

const results = {};
for (const alg of ["RS256", "ES256"]) {
  const verifier = verifierFor();
  const token = fixtures[alg];
  verifier.verifySync(token); // throws if the fixture does not verify
  for (let i = 0; i < Number(warmups); i++) round(verifier, token, 1000);
  const opsPerSecond = [];
  for (let i = 0; i < Number(rounds); i++) opsPerSecond.push(round(verifier, token, 1000));
  const { mean, sd } = stats(opsPerSecond);
  results[alg] = { opsPerSecond: Math.round(mean), sd: Math.round(sd), nsPerOp: Math.round(1e9 / mean) };
  console.log(`${alg}: ${Math.round(mean)} ops/s ± ${Math.round(sd)} (sd, ${rounds} x 1 s), ${Math.round(1e9 / mean)} ns/op`);
}
console.log(JSON.stringify({ node: process.version, awsJwtVerify: "5.2.1", results }));

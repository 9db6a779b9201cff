// Node peer cold start: process start -> aws-jwt-verify loaded -> first verification of one token.
// Prints one JSON line with milliseconds since the process started (performance.now() counts from there).
// Usage: node bench/node/coldstart.mjs fixtures.json RS256|ES256
import { readFileSync } from "node:fs";
import { performance } from "node:perf_hooks";

const [file, alg = "ES256"] = process.argv.slice(2);
const { JwtVerifier } = await import("aws-jwt-verify");
const fixtures = JSON.parse(readFileSync(file, "utf8"));
const verifier = JwtVerifier.create({
  issuer: fixtures.issuer,
  audience: fixtures.audience,
  jwksUri: "https://issuer.bench.tokengate.dev/.well-known/jwks.json",
});
verifier.cacheJwks(fixtures.jwks);
const initMs = performance.now();
const payload = verifier.verifySync(fixtures[alg]);
const firstMs = performance.now();
console.log(JSON.stringify({ event: "cold_start", initMs, firstVerifyMs: firstMs - initMs, totalMs: firstMs,
  sub: payload.sub }));

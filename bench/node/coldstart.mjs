// Node peer cold start: process start -> aws-jwt-verify loaded (and, with TOKEN_TABLE set, an AWS SDK v3 DynamoDB
// client built) -> first verification of one token (and one GetItem of its revocation item, where the Java authorizer
// makes one BatchGetItem), so a Node authorizer does the same work as ours.
// Prints one JSON line: milliseconds since the process started (performance.now() counts from there), and the same
// instants as epoch milliseconds (performance.timeOrigin + now) for a driver that timed the process launch itself.
// Usage: node bench/node/coldstart.mjs fixtures.json RS256|ES256
// The DynamoDB work runs when TOKEN_TABLE is set; it reads DYNAMODB_ENDPOINT, AWS_REGION and the SDK's default
// credential chain (the variables Lambda sets for an on-demand function).
import { readFileSync } from "node:fs";
import { performance } from "node:perf_hooks";

const [file, alg = "ES256"] = process.argv.slice(2);
const table = process.env.TOKEN_TABLE;
const { JwtVerifier } = await import("aws-jwt-verify");
const dynamodb = table ? await import("@aws-sdk/client-dynamodb") : undefined;
const fixtures = JSON.parse(readFileSync(file, "utf8"));
const verifier = JwtVerifier.create({
  issuer: fixtures.issuer,
  audience: fixtures.audience,
  jwksUri: "https://issuer.bench.tokengate.dev/.well-known/jwks.json",
});
verifier.cacheJwks(fixtures.jwks);
// Built at init, as a Lambda handler module would: the client (credentials, endpoint) is reused by every request.
const client = dynamodb
  ? new dynamodb.DynamoDBClient({ endpoint: process.env.DYNAMODB_ENDPOINT || undefined })
  : undefined;
const initMs = performance.now();

// One request's work: verify the token, then (with a table) read its revocation item, keyed as core's TokenTable keys
// it (PK USER#<issuerId>#<sub>, SK TOKEN#<jti>).
async function decide(token) {
  const started = performance.now();
  const payload = verifier.verifySync(token);
  const verifyMs = performance.now() - started;
  if (!client) {
    return { payload, verifyMs };
  }
  const answer = await client.send(new dynamodb.GetItemCommand({
    TableName: table,
    Key: { PK: { S: `USER#default#${payload.sub}` }, SK: { S: `TOKEN#${payload.jti}` } },
    ConsistentRead: true,
  }));
  return { payload, verifyMs, itemFound: answer.Item !== undefined, attempts: answer.$metadata.attempts };
}

const first = await decide(fixtures[alg]);
const firstMs = performance.now();
// The same work once more, for contrast: what the first request paid beyond a warm one (an open connection).
const second = await decide(fixtures[alg]);
const secondMs = performance.now() - firstMs;

const epoch = (ms) => performance.timeOrigin + ms;
console.log(JSON.stringify({
  event: "cold_start", initMs, firstVerifyMs: first.verifyMs, firstRequestMs: firstMs - initMs,
  secondVerifyMs: second.verifyMs, secondRequestMs: secondMs, totalMs: firstMs,
  initEpochMs: epoch(initMs), firstEndEpochMs: epoch(firstMs), sub: first.payload.sub, itemFound: first.itemFound,
  firstAttempts: first.attempts,
}));

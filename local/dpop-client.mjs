#!/usr/bin/env node
// LOCAL DEMO ONLY. A minimal DPoP client (RFC 9449) for ./run-local: Node 20+, built-in crypto only, no packages.
//   node local/dpop-client.mjs keygen                                  > key.json   a fresh P-256 key (private JWK)
//   node local/dpop-client.mjs jwk   key.json                                      its public JWK (for /dev/tokens)
//   node local/dpop-client.mjs proof key.json GET http://127.0.0.1:3000/hello TOKEN   one fresh proof (DPoP header)
// Each proof has its own jti and the current iat, and names one method and URL (no query) and one access token
// (ath): send a new one with every request. The private key stays in key.json: never send it anywhere.
import { createHash, createPrivateKey, generateKeyPairSync, randomUUID, sign } from 'node:crypto';
import { readFileSync } from 'node:fs';

const b64url = (bytes) => Buffer.from(bytes).toString('base64url');
const json = (value) => b64url(JSON.stringify(value));

function publicJwk(privateJwk) {
  const { kty, crv, x, y } = privateJwk;
  return { kty, crv, x, y };
}

function proof(privateJwk, method, url, accessToken) {
  const header = { typ: 'dpop+jwt', alg: 'ES256', jwk: publicJwk(privateJwk) };
  const claims = {
    jti: randomUUID(),
    htm: method,
    htu: url.split('#')[0].split('?')[0],
    iat: Math.floor(Date.now() / 1000),
    ath: b64url(createHash('sha256').update(accessToken, 'ascii').digest()),
  };
  const signingInput = `${json(header)}.${json(claims)}`;
  const key = createPrivateKey({ key: privateJwk, format: 'jwk' });
  // JWS ES256 is the raw R||S pair (RFC 7518 3.4), not DER.
  const signature = sign('sha256', Buffer.from(signingInput), { key, dsaEncoding: 'ieee-p1363' });
  return `${signingInput}.${b64url(signature)}`;
}

const [command, ...args] = process.argv.slice(2);
const readKey = (file) => JSON.parse(readFileSync(file, 'utf8'));
switch (command) {
  case 'keygen': {
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    console.log(JSON.stringify(privateKey.export({ format: 'jwk' })));
    break;
  }
  case 'jwk':
    console.log(JSON.stringify(publicJwk(readKey(args[0]))));
    break;
  case 'proof': {
    const [file, method, url, token] = args;
    if (!token) {
      console.error('usage: proof <key.json> <METHOD> <URL> <access token>');
      process.exit(2);
    }
    console.log(proof(readKey(file), method, url, token));
    break;
  }
  default:
    console.error('usage: node local/dpop-client.mjs keygen | jwk <key.json> | proof <key.json> <METHOD> <URL> <token>');
    process.exit(2);
}

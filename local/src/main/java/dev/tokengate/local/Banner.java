package dev.tokengate.local;

/** LOCAL ONLY. The start-up banner: what runs where, and curl commands that work as printed. */
final class Banner {
    private Banner() {
    }

    static String text(String base, LocalOptions options) {
        String token = "python3 -c 'import sys,json; print(json.load(sys.stdin)[\"token\"])'";
        return """

                tokengate is running locally (LOCAL DEMO ONLY: throwaway signing keys, moto as DynamoDB).
                  API Gateway stand-in  %1$s   (authorizer result TTL: %2$d s)
                  trusted issuers       demo (at+jwt, aud) and cognito (Cognito-shaped: token_use, client_id, no aud)
                                        POST %1$s/dev/tokens {"sub":..., "issuer":"demo"|"cognito"}
                  audit trail           %1$s/dev/audit
                  metrics               %1$s/dev/metrics   (the functions' EMF lines, added up as CloudWatch would)

                Try it (bash):
                  TOKEN=$(curl -s -X POST %1$s/dev/tokens -d '{"sub":"alice","scope":"orders:read"}' | %3$s)
                  curl -i -H "Authorization: Bearer $TOKEN" %1$s/hello                      # 200, echoes the authorizer context
                  curl -i -X POST -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' \\
                       -d "{\\"token\\":\\"$TOKEN\\",\\"reason\\":\\"logout\\"}" %1$s/revocations   # 200, revoked
                  curl -i -H "Authorization: Bearer $TOKEN" %1$s/hello                      # 401 (TTL 0: at once)
                  curl -s %1$s/dev/audit                                                   # the REVOKED audit item
                  curl -s %1$s/dev/metrics                                                 # Decisions by outcome, Revocations, audit counts
                  ADMIN=$(curl -s -X POST %1$s/dev/tokens -d '{"sub":"security","scope":"tokengate:admin"}' | %3$s)
                  curl -i -X POST -H "Authorization: Bearer $ADMIN" -H 'Content-Type: application/json' \\
                       -d '{"reason":"compromised"}' %1$s/users/bob/revoke-all                # 200, every older bob token is refused

                Two issuers, two alices (a sub is unique only within its issuer):
                  DEMO_ALICE=$(curl -s -X POST %1$s/dev/tokens -d '{"sub":"alice","issuer":"demo"}' | %3$s)
                  COGNITO_ALICE=$(curl -s -X POST %1$s/dev/tokens -d '{"sub":"alice","issuer":"cognito","scope":"orders/read"}' | %3$s)
                  curl -i -X POST -H "Authorization: Bearer $ADMIN" -H 'Content-Type: application/json' \\
                       -d '{"reason":"offboarded"}' %1$s/users/alice/revoke-all              # 200: alice of demo (the admin's issuer)
                  curl -i -H "Authorization: Bearer $DEMO_ALICE" %1$s/hello                 # 401, revoked
                  curl -i -H "Authorization: Bearer $COGNITO_ALICE" %1$s/hello              # 200: alice of cognito is someone else

                The identity provider signs the user out (OpenID Connect Back-Channel Logout, no bearer token):
                  BOB=$(curl -s -X POST %1$s/dev/tokens -d '{"sub":"bob","sid":"bob-laptop"}' | %3$s)
                  curl -i -H "Authorization: Bearer $BOB" %1$s/hello                        # 200
                  curl -s -X POST %1$s/dev/logout -d '{"sid":"bob-laptop"}'                 # the demo issuer posts a logout token
                  curl -i -H "Authorization: Bearer $BOB" %1$s/hello                        # 401: SESSION_REVOKED
                  curl -s -X POST %1$s/dev/logout -d '{"sub":"alice"}'                      # every alice token of demo: USER_REVOKED
                  curl -s %1$s/dev/audit                                                   # IDP_SESSION_REVOKED, IDP_USER_REVOKED_ALL
                DPoP: a token bound to a key only its client holds (Node 20, no packages; local/README.md explains):
                  node local/dpop-client.mjs keygen > /tmp/tokengate-dpop-key.json
                  BOUND=$(curl -s -X POST %1$s/dev/tokens \
                       -d "{\"sub\":\"carol\",\"jwk\":$(node local/dpop-client.mjs jwk /tmp/tokengate-dpop-key.json)}" | %3$s)
                  PROOF=$(node local/dpop-client.mjs proof /tmp/tokengate-dpop-key.json GET %1$s/hello "$BOUND")
                  curl -i -H "Authorization: DPoP $BOUND" -H "DPoP: $PROOF" %1$s/hello    # 200 (with TTL 0)
                  curl -i -H "Authorization: DPoP $BOUND" -H "DPoP: $PROOF" %1$s/hello    # 401: the proof was replayed
                  curl -i -H "Authorization: Bearer $BOUND" %1$s/hello                    # 401: the stolen token alone is useless

                Function logs (JSON lines) follow. Ctrl-C stops everything.
                """.formatted(base, options.authorizerTtl().toSeconds(), token);
    }
}

package dev.tokengate.local;

/** LOCAL ONLY. The start-up banner: what runs where, and curl commands that work as printed. */
final class Banner {
    private Banner() {
    }

    static String text(String base, LocalOptions options) {
        String token = "python3 -c 'import sys,json; print(json.load(sys.stdin)[\"token\"])'";
        return """

                tokengate is running locally (LOCAL DEMO ONLY: a throwaway signing key, moto as DynamoDB).
                  API Gateway stand-in  %1$s   (authorizer result TTL: %2$d s)
                  demo issuer           %1$s/dev/jwks.json, POST %1$s/dev/tokens
                  audit trail           %1$s/dev/audit

                Try it (bash):
                  TOKEN=$(curl -s -X POST %1$s/dev/tokens -d '{"sub":"alice","scope":"orders:read"}' | %3$s)
                  curl -i -H "Authorization: Bearer $TOKEN" %1$s/hello                      # 200, echoes the authorizer context
                  curl -i -X POST -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' \\
                       -d "{\\"token\\":\\"$TOKEN\\",\\"reason\\":\\"logout\\"}" %1$s/revocations   # 200, revoked
                  curl -i -H "Authorization: Bearer $TOKEN" %1$s/hello                      # 401 (TTL 0: at once)
                  curl -s %1$s/dev/audit                                                   # the REVOKED audit item
                  ADMIN=$(curl -s -X POST %1$s/dev/tokens -d '{"sub":"security","scope":"tokengate:admin"}' | %3$s)
                  curl -i -X POST -H "Authorization: Bearer $ADMIN" -H 'Content-Type: application/json' \\
                       -d '{"reason":"compromised"}' %1$s/users/bob/revoke-all                # 200, every older bob token is refused

                Function logs (JSON lines) follow. Ctrl-C stops everything.
                """.formatted(base, options.authorizerTtl().toSeconds(), token);
    }
}

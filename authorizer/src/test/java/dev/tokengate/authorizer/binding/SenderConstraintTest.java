package dev.tokengate.authorizer.binding;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.jwk.ECKey;
import dev.tokengate.core.token.Confirmation;
import dev.tokengate.core.token.DenyReason;
import dev.tokengate.core.token.IssuerProfile;
import dev.tokengate.core.token.JwtConfig;
import dev.tokengate.core.token.ValidatedToken;
import dev.tokengate.testkit.DpopProofs;
import dev.tokengate.testkit.TestCertificates;
import dev.tokengate.testkit.TestKeys;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Fail closed on bindings: which token passes with which evidence, and why each one that does not is refused. */
class SenderConstraintTest {
    static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");
    static final String TOKEN = "eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJhbGljZSJ9.c2lnbmF0dXJl";
    static final String URL = "https://api.example.com/orders/42";
    static final Optional<HttpTarget> TARGET = HttpTarget.of("GET", "https://api.example.com", "/orders/42");
    static final ECKey KEY = TestKeys.ec("client");
    static final ECKey OTHER_KEY = TestKeys.ec("thief");
    static final String JWKS = TestKeys.publicJson(TestKeys.ec("issuer"));
    static final IssuerProfile ALLOWED = JwtConfig.fromEnvironment(Map.of("JWT_ISSUER", "https://issuer.example/",
            "JWT_AUDIENCE", "api", "JWKS", JWKS)).profiles().get(0);
    static final IssuerProfile REQUIRED = JwtConfig.fromEnvironment(Map.of("TRUSTED_ISSUERS",
            "[{\"id\":\"strict\",\"issuer\":\"https://issuer.example/\",\"jwks\":" + JWKS + ",\"audiences\":[\"api\"],"
                    + "\"dpop\":\"required\"}]")).profiles().get(0);
    static X509Certificate certificate;
    static X509Certificate otherCertificate;

    private final SenderConstraint constraint = new SenderConstraint(new DpopProofVerifier(), false);

    @BeforeAll
    static void certificates() {
        certificate = TestCertificates.selfSigned("client.example");
        otherCertificate = TestCertificates.selfSigned("thief.example");
    }

    static ValidatedToken token(Confirmation cnf) {
        return new ValidatedToken("default", "alice", "jti-1", "https://issuer.example/", List.of("api"),
                NOW.plusSeconds(600), NOW.minusSeconds(60), Set.of(), Optional.empty(), Optional.empty(),
                Optional.empty(), cnf);
    }

    static ValidatedToken dpopBound(ECKey key) {
        return token(new Confirmation(true, Optional.of(DpopProofs.thumbprint(key)), Optional.empty(), Set.of()));
    }

    static ValidatedToken certificateBound(X509Certificate cert) {
        return token(new Confirmation(true, Optional.empty(), Optional.of(TestCertificates.thumbprint(cert)),
                Set.of()));
    }

    static SenderEvidence dpop(String... proofs) {
        return new SenderEvidence(SenderEvidence.Scheme.DPOP, true, List.of(proofs), TARGET, Optional.empty());
    }

    static SenderEvidence bearer() {
        return new SenderEvidence(SenderEvidence.Scheme.BEARER, true, List.of(), TARGET, Optional.empty());
    }

    static SenderEvidence bearerWithCertificate(X509Certificate cert) {
        return new SenderEvidence(SenderEvidence.Scheme.BEARER, true, List.of(), TARGET,
                Optional.of(TestCertificates.pem(cert)));
    }

    static String proofBy(ECKey key) {
        return DpopProofs.of(key, "GET", URL, TOKEN, NOW).sign();
    }

    private SenderConstraint.Outcome check(ValidatedToken token, SenderEvidence evidence) {
        return constraint.check(token, ALLOWED, TOKEN, evidence, NOW);
    }

    private static DenyReason reason(SenderConstraint.Outcome outcome) {
        assertThat(outcome).isInstanceOf(SenderConstraint.Refused.class);
        return ((SenderConstraint.Refused) outcome).reason();
    }

    // --- bearer tokens -----------------------------------------------------------------------------------------------

    @Test
    void aTokenWithoutCnfPassesAsABearerTokenWhenTheProfileAllowsIt() {
        assertThat(check(token(Confirmation.NONE), bearer())).isEqualTo(SenderConstraint.Accepted.UNBOUND);
        assertThat(check(token(Confirmation.NONE), SenderEvidence.invisible(SenderEvidence.Scheme.BEARER)))
                .isEqualTo(SenderConstraint.Accepted.UNBOUND);
    }

    @Test
    void aProfileThatRequiresDpopRefusesTokensThatAreNotDpopBound() {
        assertThat(reason(constraint.check(token(Confirmation.NONE), REQUIRED, TOKEN, bearer(), NOW)))
                .isEqualTo(DenyReason.DPOP_REQUIRED);
        assertThat(reason(constraint.check(certificateBound(certificate), REQUIRED, TOKEN,
                bearerWithCertificate(certificate), NOW))).isEqualTo(DenyReason.DPOP_REQUIRED);
        assertThat(constraint.check(dpopBound(KEY), REQUIRED, TOKEN, dpop(proofBy(KEY)), NOW))
                .isInstanceOf(SenderConstraint.Accepted.class);
    }

    @Test
    void theDpopSchemeWithATokenThatIsNotDpopBoundIsRefused() {
        assertThat(reason(check(token(Confirmation.NONE), dpop(proofBy(KEY))))).isEqualTo(DenyReason.DPOP_KEY_MISMATCH);
        assertThat(reason(check(certificateBound(certificate), dpop(proofBy(KEY)))))
                .isEqualTo(DenyReason.DPOP_KEY_MISMATCH);
    }

    // --- DPoP-bound tokens -------------------------------------------------------------------------------------------

    @Test
    void aDpopBoundTokenPassesWithAValidProofByItsKeyWhoseUseTheStoreMustRecord() {
        DpopProofs proof = DpopProofs.of(KEY, "GET", URL, TOKEN, NOW);

        SenderConstraint.Outcome outcome = check(dpopBound(KEY), dpop(proof.sign()));

        assertThat(outcome).isEqualTo(new SenderConstraint.Accepted(Optional.of(new ProofUse("default",
                DpopProofs.thumbprint(KEY), proof.jti(), NOW.plusSeconds(60)))));
    }

    @Test
    void aDpopBoundTokenSentAsABearerTokenIsRefused() {
        // RFC 9449 section 7.2: the downgrade to Bearer must not work
        assertThat(reason(check(dpopBound(KEY), bearer()))).isEqualTo(DenyReason.DPOP_PROOF_MISSING);
    }

    @Test
    void aDpopBoundTokenWithoutAProofIsRefused() {
        assertThat(reason(check(dpopBound(KEY), dpop()))).isEqualTo(DenyReason.DPOP_PROOF_MISSING);
    }

    @Test
    void aStolenTokenWithTheThiefsOwnValidProofIsRefused() {
        assertThat(reason(check(dpopBound(KEY), dpop(proofBy(OTHER_KEY))))).isEqualTo(DenyReason.DPOP_KEY_MISMATCH);
    }

    @Test
    void twoDpopHeadersAreRefusedHoweverTheGatewayDeliversThem() {
        assertThat(reason(check(dpopBound(KEY), dpop(proofBy(KEY), proofBy(KEY)))))
                .isEqualTo(DenyReason.DPOP_PROOF_INVALID);
        // HTTP APIs join repeated headers with a comma
        assertThat(reason(check(dpopBound(KEY), dpop(proofBy(KEY) + "," + proofBy(KEY)))))
                .isEqualTo(DenyReason.DPOP_PROOF_INVALID);
    }

    @Test
    void aProofThatFailsACheckIsRefusedWithThatChecksReason() {
        String stale = DpopProofs.of(KEY, "GET", URL, TOKEN, NOW.minusSeconds(120)).sign();
        assertThat(reason(check(dpopBound(KEY), dpop(stale)))).isEqualTo(DenyReason.DPOP_PROOF_OUTSIDE_WINDOW);
    }

    @Test
    void aRequestWhoseUrlCannotBeRebuiltCannotCarryAValidProof() {
        SenderEvidence noUrl = new SenderEvidence(SenderEvidence.Scheme.DPOP, true, List.of(proofBy(KEY)),
                Optional.empty(), Optional.empty());
        assertThat(reason(check(dpopBound(KEY), noUrl))).isEqualTo(DenyReason.DPOP_PROOF_MISMATCH);
    }

    // --- bindings that cannot be verified here -------------------------------------------------------------------

    @Test
    void aBoundTokenOnAnEventShapeThatCarriesNoEvidenceIsRefused() {
        // REST TOKEN: only the Authorization value reaches the authorizer
        assertThat(reason(check(dpopBound(KEY), SenderEvidence.invisible(SenderEvidence.Scheme.DPOP))))
                .isEqualTo(DenyReason.UNSUPPORTED_BINDING);
        assertThat(reason(check(certificateBound(certificate), SenderEvidence.invisible(SenderEvidence.Scheme.BEARER))))
                .isEqualTo(DenyReason.UNSUPPORTED_BINDING);
    }

    @Test
    void anUnknownConfirmationMemberOrAnEmptyCnfIsRefusedNotIgnored() {
        ValidatedToken jwkBound = token(new Confirmation(true, Optional.empty(), Optional.empty(), Set.of("jwk")));
        ValidatedToken emptyCnf = token(new Confirmation(true, Optional.empty(), Optional.empty(), Set.of()));
        ValidatedToken jktAndKid = token(new Confirmation(true, Optional.of(DpopProofs.thumbprint(KEY)),
                Optional.empty(), Set.of("kid")));

        assertThat(reason(check(jwkBound, bearer()))).isEqualTo(DenyReason.UNSUPPORTED_BINDING);
        assertThat(reason(check(emptyCnf, bearer()))).isEqualTo(DenyReason.UNSUPPORTED_BINDING);
        assertThat(reason(check(jktAndKid, dpop(proofBy(KEY))))).isEqualTo(DenyReason.UNSUPPORTED_BINDING);
    }

    @Test
    void boundTokensAreRefusedWhileAnswersMayBeCached() {
        SenderConstraint cached = new SenderConstraint(new DpopProofVerifier(), true);

        assertThat(reason(cached.check(dpopBound(KEY), ALLOWED, TOKEN, dpop(proofBy(KEY)), NOW)))
                .isEqualTo(DenyReason.UNSUPPORTED_BINDING);
        assertThat(reason(cached.check(certificateBound(certificate), ALLOWED, TOKEN,
                bearerWithCertificate(certificate), NOW))).isEqualTo(DenyReason.UNSUPPORTED_BINDING);
        assertThat(cached.check(token(Confirmation.NONE), ALLOWED, TOKEN, bearer(), NOW))
                .isEqualTo(SenderConstraint.Accepted.UNBOUND);
    }

    // --- mutual TLS (RFC 8705) ------------------------------------------------------------------------------------

    @Test
    void aCertificateBoundTokenPassesWithItsCertificate() {
        assertThat(check(certificateBound(certificate), bearerWithCertificate(certificate)))
                .isEqualTo(SenderConstraint.Accepted.UNBOUND);
    }

    @Test
    void aCertificateBoundTokenWithAnotherCertificateIsRefused() {
        assertThat(reason(check(certificateBound(certificate), bearerWithCertificate(otherCertificate))))
                .isEqualTo(DenyReason.CLIENT_CERTIFICATE_MISMATCH);
    }

    @Test
    void aCertificateBoundTokenWithoutACertificateIsRefused() {
        assertThat(reason(check(certificateBound(certificate), bearer())))
                .isEqualTo(DenyReason.CLIENT_CERTIFICATE_MISSING);
    }

    @Test
    void somethingThatIsNotACertificateIsAMismatch() {
        SenderEvidence garbage = new SenderEvidence(SenderEvidence.Scheme.BEARER, true, List.of(), TARGET,
                Optional.of("-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydA==\n-----END CERTIFICATE-----"));
        assertThat(reason(check(certificateBound(certificate), garbage)))
                .isEqualTo(DenyReason.CLIENT_CERTIFICATE_MISMATCH);
    }

    @Test
    void aTokenBoundToBothAKeyAndACertificateNeedsBoth() {
        ValidatedToken both = token(new Confirmation(true, Optional.of(DpopProofs.thumbprint(KEY)),
                Optional.of(TestCertificates.thumbprint(certificate)), Set.of()));
        SenderEvidence proofAndCertificate = new SenderEvidence(SenderEvidence.Scheme.DPOP, true,
                List.of(proofBy(KEY)), TARGET, Optional.of(TestCertificates.pem(certificate)));

        assertThat(check(both, proofAndCertificate)).isInstanceOf(SenderConstraint.Accepted.class);
        assertThat(reason(check(both, dpop(proofBy(KEY))))).isEqualTo(DenyReason.CLIENT_CERTIFICATE_MISSING);
        assertThat(reason(check(both, bearerWithCertificate(certificate)))).isEqualTo(DenyReason.DPOP_PROOF_MISSING);
    }
}

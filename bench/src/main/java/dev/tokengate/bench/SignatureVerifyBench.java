package dev.tokengate.bench;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.crypto.impl.ECDSA;
import com.nimbusds.jose.jwk.AsymmetricJWK;
import com.nimbusds.jose.util.Base64URL;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * (a) The floor: one signature verification and nothing else (no parsing, no Base64, no JOSE), with a reused
 * {@code Signature} object, for the JDK provider and for ACCP. ES256's JOSE signature (R||S) is converted to DER once
 * at setup so that the floor does not pay for it.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class SignatureVerifyBench {
    @Param({"RS256", "ES256"})
    public String alg;

    @Param({"JDK", "ACCP"})
    public CryptoProvider provider;

    private Signature signature;
    private PublicKey key;
    private byte[] signingInput;
    private byte[] signatureBytes;

    @Setup
    public void setUp() throws GeneralSecurityException, JOSEException {
        Fixtures fixtures = Fixtures.load();
        String token = fixtures.token(alg);
        int lastDot = token.lastIndexOf('.');
        signingInput = token.substring(0, lastDot).getBytes(StandardCharsets.US_ASCII);
        byte[] jose = new Base64URL(token.substring(lastDot + 1)).decode();
        signatureBytes = "ES256".equals(alg) ? ECDSA.transcodeSignatureToDER(jose) : jose;
        key = ((AsymmetricJWK) fixtures.publicJwk(alg)).toPublicKey();
        signature = Signature.getInstance("ES256".equals(alg) ? "SHA256withECDSA" : "SHA256withRSA",
                provider.forAlgorithm(alg));
        if (!verify()) {
            throw new IllegalStateException("fixture signature does not verify");
        }
    }

    private boolean verify() throws GeneralSecurityException {
        signature.initVerify(key);
        signature.update(signingInput);
        return signature.verify(signatureBytes);
    }

    @Benchmark
    @Fork(value = 1)
    public boolean c2() throws GeneralSecurityException {
        return verify();
    }

    @Benchmark
    @Fork(value = 1, jvmArgsAppend = {"-XX:+TieredCompilation", "-XX:TieredStopAtLevel=1"})
    public boolean c1() throws GeneralSecurityException {
        return verify();
    }
}

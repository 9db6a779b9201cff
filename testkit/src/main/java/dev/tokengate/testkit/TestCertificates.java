package dev.tokengate.testkit;

import com.nimbusds.jose.util.X509CertUtils;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Client certificates made fresh by each test run, as a mutual-TLS client presents them: the JDK's own
 * {@code keytool} generates a self-signed key pair and certificate (the JDK has no public API for that, and no
 * certificate library is added for tests). Only the certificate leaves here, as PEM (what API Gateway puts in the
 * authorizer event) and as its RFC 8705 thumbprint.
 */
public final class TestCertificates {
    private TestCertificates() {
    }

    /** A fresh self-signed EC certificate for {@code CN=<commonName>}. */
    public static X509Certificate selfSigned(String commonName) {
        Path dir = null;
        try {
            dir = Files.createTempDirectory("tokengate-cert");
            Path store = dir.resolve("client.p12");
            String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
            Process process = new ProcessBuilder(List.of(keytool, "-genkeypair", "-alias", "client",
                    "-keyalg", "EC", "-groupname", "secp256r1", "-sigalg", "SHA256withECDSA",
                    "-dname", "CN=" + commonName, "-validity", "2", "-storetype", "PKCS12",
                    "-keystore", store.toString(), "-storepass", "changeit", "-keypass", "changeit"))
                    .redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes());
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException("keytool failed: " + output);
            }
            KeyStore keyStore = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(store)) {
                keyStore.load(in, "changeit".toCharArray());
            }
            return (X509Certificate) keyStore.getCertificate("client");
        } catch (IOException | java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } finally {
            if (dir != null) {
                try (var files = Files.list(dir)) {
                    for (Path file : files.toList()) {
                        Files.deleteIfExists(file);
                    }
                    Files.deleteIfExists(dir);
                } catch (IOException ignored) {
                    // a temp file left behind is harmless
                }
            }
        }
    }

    /** The certificate as API Gateway passes it in {@code clientCert.clientCertPem}. */
    public static String pem(X509Certificate certificate) {
        return X509CertUtils.toPEMString(certificate);
    }

    /** {@code cnf.x5t#S256} of a token bound to this certificate (RFC 8705 section 3.1). */
    public static String thumbprint(X509Certificate certificate) {
        return X509CertUtils.computeSHA256Thumbprint(certificate).toString();
    }
}

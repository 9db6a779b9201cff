package dev.tokengate.authorizer.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URL;
import java.net.URLClassLoader;
import java.security.Security;
import java.security.Signature;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class NativeCryptoTest {
    private static final String ACCP = "AmazonCorrettoCryptoProvider";
    private final ClassLoader loader = NativeCryptoTest.class.getClassLoader();

    @AfterEach
    void restoreJdkProviders() {
        Security.removeProvider(ACCP);
    }

    @Test
    void installsAccpAsTheFirstSignatureProviderOnLinuxX86() throws Exception {
        NativeCrypto.Active active = NativeCrypto.install(null, "Linux", "amd64", loader);

        assertThat(active.isNative()).isTrue();
        assertThat(active.provider()).isEqualTo(ACCP);
        assertThat(active.detail()).startsWith("linux-x86_64");
        assertThat(Signature.getInstance("SHA256withECDSA").getProvider().getName()).isEqualTo(ACCP);
        assertThat(Signature.getInstance("SHA256withRSA").getProvider().getName()).isEqualTo(ACCP);
    }

    @Test
    void systemPropertyKeepsTheJdkProviders() throws Exception {
        NativeCrypto.Active active = NativeCrypto.install("false", "Linux", "amd64", loader);

        assertThat(active.isNative()).isFalse();
        assertThat(active.detail()).contains(NativeCrypto.PROPERTY);
        assertThat(Security.getProvider(ACCP)).isNull();
        assertThat(Signature.getInstance("SHA256withECDSA").getProvider().getName()).isEqualTo("SunEC");
    }

    @Test
    void aNativeLibraryThatCannotLoadFallsBackToTheJdk() throws Exception {
        // The other architecture's jar: its native library cannot load on this machine, exactly as when the
        // wrong library or no writable temp directory is there.
        String otherArch = System.getProperty("os.arch").contains("aarch64") ? "amd64" : "aarch64";

        NativeCrypto.Active active = NativeCrypto.install(null, "Linux", otherArch, loader);

        assertThat(active.isNative()).isFalse();
        assertThat(active.detail()).startsWith("ACCP could not load");
        assertThat(Security.getProvider(ACCP)).isNull();
        assertThat(Signature.getInstance("SHA256withRSA").getProvider().getName()).isEqualTo("SunRsaSign");
    }

    @Test
    void withoutAccpOnTheClassPathTheJdkStays() throws Exception {
        try (URLClassLoader empty = new URLClassLoader(new URL[0], ClassLoader.getPlatformClassLoader())) {
            NativeCrypto.Active active = NativeCrypto.install(null, "Linux", "amd64", empty);

            assertThat(active.isNative()).isFalse();
            assertThat(active.detail()).isEqualTo("ACCP is not on the class path");
        }
    }

    @Test
    void otherPlatformsKeepTheJdk() {
        assertThat(NativeCrypto.install(null, "Mac OS X", "aarch64", loader).isNative()).isFalse();
        assertThat(NativeCrypto.install(null, "Linux", "s390x", loader).detail()).startsWith("no ACCP build");
        assertThat(NativeCrypto.classifier("Linux", "aarch64")).contains("linux-aarch_64");
        assertThat(NativeCrypto.classifier("Linux", "x86_64")).contains("linux-x86_64");
    }
}

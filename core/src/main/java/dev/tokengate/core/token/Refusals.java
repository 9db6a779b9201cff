package dev.tokengate.core.token;

import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jwt.proc.BadJWTException;

/**
 * The checked exceptions our plug points throw to stop nimbus after recording a reason in the
 * {@link ValidationContext}. Their messages carry nothing (the context does), so one stackless instance of each
 * serves every refusal: refusing a token costs no stack walk.
 */
final class Refusals {
    static final KeySourceException KEY_REFUSED = new StacklessKeyRefusal();
    static final BadJWTException CLAIMS_REFUSED = new StacklessClaimsRefusal();
    static final BadJOSEException TYPE_REFUSED = new StacklessTypeRefusal();

    private Refusals() {
    }

    private static final class StacklessKeyRefusal extends KeySourceException {
        private static final long serialVersionUID = 1L;

        StacklessKeyRefusal() {
            super("key refused; see the validation context");
        }

        @Override
        public synchronized Throwable fillInStackTrace() {
            return this;
        }
    }

    private static final class StacklessClaimsRefusal extends BadJWTException {
        private static final long serialVersionUID = 1L;

        StacklessClaimsRefusal() {
            super("claims refused; see the validation context");
        }

        @Override
        public synchronized Throwable fillInStackTrace() {
            return this;
        }
    }

    private static final class StacklessTypeRefusal extends BadJOSEException {
        private static final long serialVersionUID = 1L;

        StacklessTypeRefusal() {
            super("typ refused; see the validation context");
        }

        @Override
        public synchronized Throwable fillInStackTrace() {
            return this;
        }
    }
}

package dev.tokengate.revoke.api;

import dev.tokengate.core.log.LogSink;
import dev.tokengate.core.metrics.EmfWriter;
import dev.tokengate.revoke.idp.BackchannelLogouts;
import dev.tokengate.revoke.idp.GlobalTokenRevocations;
import dev.tokengate.revoke.revocation.Revocations;
import java.time.Clock;
import org.glassfish.jersey.CommonProperties;
import org.glassfish.jersey.internal.inject.AbstractBinder;
import org.glassfish.jersey.server.ResourceConfig;
import org.glassfish.jersey.server.ServerProperties;

/** The Jersey application: our resource, filters and error mappers as instances, nothing discovered or scanned. */
public final class RevokeApi {
    private RevokeApi() {
    }

    /**
     * The revocation routes, and the receivers of revocations the identity provider pushes.
     *
     * @param metrics writes each request line's metrics
     * @param clock the time of each request line's metrics
     */
    public static ResourceConfig resourceConfig(Revocations revocations, BackchannelLogouts logouts,
                                                GlobalTokenRevocations globalRevocations, LogSink log,
                                                EmfWriter metrics, Clock clock) {
        ResourceConfig config = new ResourceConfig();
        // No classpath scanning, no auto-discovered features, no WADL: faster init and nothing registered that we
        // did not choose.
        config.property(ServerProperties.WADL_FEATURE_DISABLE, true);
        config.property(ServerProperties.BV_FEATURE_DISABLE, true);
        config.property(CommonProperties.FEATURE_AUTO_DISCOVERY_DISABLE, true);
        config.property(CommonProperties.JSON_PROCESSING_FEATURE_DISABLE, true);
        config.property(CommonProperties.MOXY_JSON_FEATURE_DISABLE, true);
        // Bodies are read and written as bytes by our own code: none of the XML/image/activation default providers
        // are needed (and jakarta.activation is not on the classpath).
        config.property(CommonProperties.PROVIDER_DEFAULT_DISABLE, "ALL");
        // The resource is registered as a class and its one dependency bound as an instance: registering a resource
        // instance works too, but Jersey then logs a misleading "provider will be ignored" warning (Jersey #3700).
        config.register(RevocationResource.class);
        config.register(BackchannelLogoutResource.class);
        config.register(GlobalTokenRevocationResource.class);
        config.register(new AbstractBinder() {
            @Override
            protected void configure() {
                bind(revocations).to(Revocations.class);
                bind(logouts).to(BackchannelLogouts.class);
                bind(globalRevocations).to(GlobalTokenRevocations.class);
            }
        });
        config.registerInstances(
                new CallerFilter(),
                new RequestLogFilter(log, metrics, clock),
                new ErrorMappers.ApiErrorMapper(),
                new ErrorMappers.WebErrorMapper(),
                new ErrorMappers.UnexpectedErrorMapper(log));
        return config;
    }
}

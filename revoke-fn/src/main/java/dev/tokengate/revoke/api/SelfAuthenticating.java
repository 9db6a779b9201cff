package dev.tokengate.revoke.api;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a resource whose requests authenticate themselves and so carry no authorizer context (the back-channel logout
 * receiver: the logout token is the credential). {@link CallerFilter} lets exactly these through without a caller;
 * every other route still needs one. The template deploys such a route without the authorizer.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@interface SelfAuthenticating {
}

package dev.tokengate.lambdatier.coldstart;

/**
 * One cold start, in milliseconds.
 *
 * @param initMs JVM start to the end of init (SnapStart: to the restore request, so the priming is in it)
 * @param restoreMs SnapStart: restore request to the first request for an event (the afterRestore hooks); else 0
 * @param firstMs the first request, handed over to answered
 * @param secondMs the second request, for contrast
 * @param cryptoProvider the authorizer's {@code authorizer.crypto} provider, or "" for the other functions
 * @param firstCalls the DynamoDB requests the first request made: 1, or more when the SDK retried an attempt that
 *                   outran its timeout (the authorizer's is 400 ms, which a cold JVM on a busy machine can outrun)
 */
record Sample(double initMs, double restoreMs, double firstMs, double secondMs, String cryptoProvider,
              int firstCalls) {
}

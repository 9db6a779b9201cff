package dev.tokengate.bench.scale;

/**
 * The capacity model: a traffic mix played against DynamoDB's per-partition limits and the Lambda, API Gateway and
 * DynamoDB quotas and prices ({@link Aws}), for one deployment {@link Setup}.
 *
 * <p>Traffic: {@link #USERS} users whose decisions follow Zipf's law with exponent {@link #ZIPF_EXPONENT}
 * ({@link #HUMAN_SHARE} of all decisions), plus {@link #MACHINE_SHARES machine clients} (a client-credentials token
 * each). Every user and client presents one token at a time, and each is one partition key (all of a user's
 * revocation items share {@code USER#<issuer>#<sub>}). A decision reads {@link #ITEMS_PER_DECISION} items: token,
 * family, revoke-all (missing items cost the same).
 *
 * <p>Lambda: a decision that reads takes {@link #READ_DECISION_SECONDS}, one answered from memory
 * {@link #HELD_DECISION_SECONDS} (billed duration, 1024 MB); concurrency is Little's law over both, and API Gateway
 * is assumed to spread a token's requests evenly over the warm containers, so a token with rate r meets each of C
 * containers at r / C per second. That is the rate the shield sees, and why it protects a token only while the token
 * is a large enough share of each container's work.
 */
final class ScaleModel {
    static final int USERS = 1_000_000;
    static final double ZIPF_EXPONENT = 1.0;
    static final double HUMAN_SHARE = 0.83;
    static final double[] MACHINE_SHARES = {0.10, 0.05, 0.02};
    static final int ITEMS_PER_DECISION = 3;
    static final double READ_DECISION_SECONDS = 0.010;
    static final double HELD_DECISION_SECONDS = 0.002;
    static final double MEMORY_GB = 1.0;
    /** One revocation (a logout, a revoke-all) per this many decisions; each writes 1 WRU and audits 1 WRU. */
    static final double DECISIONS_PER_REVOCATION = 10_000;
    static final double WRITE_UNITS_PER_REVOCATION = 2;

    /** Zipf weights of the users, normalised to 1 (computed once: a million powers). */
    private static final double[] ZIPF = zipf();

    private ScaleModel() {
    }

    private static double[] zipf() {
        double[] weights = new double[USERS];
        double sum = 0;
        for (int k = 1; k <= USERS; k++) {
            weights[k - 1] = StrictMath.pow(k, -ZIPF_EXPONENT);
            sum += weights[k - 1];
        }
        for (int k = 0; k < USERS; k++) {
            weights[k] /= sum;
        }
        return weights;
    }

    /**
     * How tokengate is deployed.
     *
     * @param shieldThreshold {@code HOT_TOKEN_THRESHOLD_PER_SECOND} (0 = off)
     * @param consistentRead {@code CONSISTENT_READ}
     * @param authorizerTtlSeconds API Gateway's authorizer result TTL (0 = every request invokes the authorizer)
     */
    record Setup(String name, int shieldThreshold, boolean consistentRead, double authorizerTtlSeconds) {
    }

    /**
     * What one setup does at one scale.
     *
     * @param hottestReadUnits read units per second of the busiest partition key
     * @param keysOverLimit partition keys above {@link Aws#PARTITION_READ_UNITS}
     * @param decisionsOverLimit decisions per second of those keys (the ones that meet throttling)
     * @param machineClientReadUnits read units per second of the busiest machine client's partition
     */
    record Result(double decisionsPerSecond, double invocationsPerSecond, double concurrency, double readsPerSecond,
                  double readUnitsPerSecond, double hottestReadUnits, String hottestKey, int keysOverLimit,
                  double decisionsOverLimit, double apiGatewayCostPerMillion, double lambdaCostPerMillion,
                  double dynamoDbReadCostPerMillion, double revocationCostPerMillion, double machineClientReadUnits) {

        double totalCostPerMillion() {
            return apiGatewayCostPerMillion + lambdaCostPerMillion + dynamoDbReadCostPerMillion
                    + revocationCostPerMillion;
        }
    }

    /** The model for {@code decisionsPerSecond} under {@code setup}. */
    static Result run(double decisionsPerSecond, Setup setup) {
        ShieldCurve curve = new ShieldCurve(setup.shieldThreshold());
        double humans = decisionsPerSecond * HUMAN_SHARE;
        double unitsPerRead = ITEMS_PER_DECISION * (setup.consistentRead() ? Aws.STRONG_READ_UNITS_PER_ITEM
                : Aws.EVENTUAL_READ_UNITS_PER_ITEM);

        // Little's law with the shield in the loop: concurrency sets each container's share of a token, which sets
        // what the shield holds, which sets how long decisions take. A few rounds settle it.
        double concurrency = Math.max(1, decisionsPerSecond * READ_DECISION_SECONDS);
        Totals totals = null;
        for (int round = 0; round < 4; round++) {
            totals = new Totals();
            for (int m = 0; m < MACHINE_SHARES.length; m++) {
                totals.add(-(m + 1), decisionsPerSecond * MACHINE_SHARES[m], setup, curve,
                        concurrency, unitsPerRead);
            }
            for (int k = 1; k <= USERS; k++) {
                totals.add(k, humans * ZIPF[k - 1], setup, curve, concurrency, unitsPerRead);
            }
            concurrency = Math.max(1, totals.busySeconds);
        }
        double perMillion = 1e6 / decisionsPerSecond;
        double apiGateway = Aws.HTTP_API_PRICE_PER_MILLION;
        double lambda = totals.invocations * Aws.LAMBDA_PRICE_PER_MILLION_REQUESTS / 1e6 * perMillion
                + totals.busySeconds * MEMORY_GB * Aws.LAMBDA_PRICE_PER_GB_SECOND_ARM * perMillion;
        double reads = totals.reads * unitsPerRead * Aws.PRICE_PER_MILLION_READ_UNITS / 1e6 * perMillion;
        double revocations = decisionsPerSecond / DECISIONS_PER_REVOCATION * WRITE_UNITS_PER_REVOCATION
                * Aws.PRICE_PER_MILLION_WRITE_UNITS / 1e6 * perMillion;
        return new Result(decisionsPerSecond, totals.invocations, concurrency, totals.reads,
                totals.reads * unitsPerRead, totals.hottestUnits, keyName(totals.hottestKey), totals.keysOverLimit,
                totals.decisionsOverLimit, apiGateway, lambda, reads, revocations, totals.machineClientUnits);
    }

    static String keyName(int key) {
        return key < 0 ? "machine client " + (-key) : "Zipf user #" + key;
    }

    /** Sums over every key. */
    private static final class Totals {
        double invocations;
        double reads;
        double busySeconds;
        double hottestUnits;
        int hottestKey;
        int keysOverLimit;
        double decisionsOverLimit;
        double machineClientUnits;

        /** {@code key}: a user's Zipf rank, or minus a machine client's number. */
        void add(int key, double rate, Setup setup, ShieldCurve curve, double concurrency, double unitsPerRead) {
            // API Gateway's authorizer cache: after each call, the token's answer serves it for the TTL (one cache
            // entry per token; Poisson requests make the calls a renewal process at r / (1 + r T)).
            double invoked = setup.authorizerTtlSeconds() > 0 ? rate / (1 + rate * setup.authorizerTtlSeconds())
                    : rate;
            double reads = concurrency * curve.readsPerSecond(invoked / concurrency);
            reads = Math.min(reads, invoked);
            double units = reads * unitsPerRead;
            invocations += invoked;
            this.reads += reads;
            busySeconds += reads * READ_DECISION_SECONDS + (invoked - reads) * HELD_DECISION_SECONDS;
            if (key == -1) {
                machineClientUnits = units;
            }
            if (units > hottestUnits) {
                hottestUnits = units;
                hottestKey = key;
            }
            if (units > Aws.PARTITION_READ_UNITS) {
                keysOverLimit++;
                decisionsOverLimit += rate;
            }
        }
    }
}

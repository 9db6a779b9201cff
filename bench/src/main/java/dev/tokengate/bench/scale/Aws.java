package dev.tokengate.bench.scale;

/**
 * The AWS numbers the capacity model uses, each from the AWS page named beside it (docs/SCALE.md lists them with
 * their links). Prices are us-east-1 list prices; quotas are the defaults, most of which can be raised.
 */
final class Aws {
    private Aws() {
    }

    // --- DynamoDB -----------------------------------------------------------------------------------------------
    /** Read units per second one partition serves (developerguide/warm-throughput-scenarios, bp-partition-key-design). */
    static final double PARTITION_READ_UNITS = 3_000;
    /** Write units per second one partition serves (same pages). */
    static final double PARTITION_WRITE_UNITS = 1_000;
    /**
     * Read units of one item up to 4 KB: 1 strongly consistent, 0.5 eventually consistent; a BatchGetItem is each of
     * its items as a GetItem, and a missing item costs the same (developerguide/read-write-operations).
     */
    static final double STRONG_READ_UNITS_PER_ITEM = 1.0;
    static final double EVENTUAL_READ_UNITS_PER_ITEM = 0.5;
    /** What a new on-demand table serves at once (developerguide/on-demand-capacity-mode). */
    static final double NEW_ON_DEMAND_TABLE_READ_UNITS = 12_000;
    /** Default table-level read throughput quota of an on-demand table (developerguide/on-demand-capacity-mode). */
    static final double TABLE_READ_QUOTA = 40_000;
    /** On-demand: $ per million read request units, and per million write request units (aws.amazon.com/dynamodb/pricing/on-demand). */
    static final double PRICE_PER_MILLION_READ_UNITS = 0.125;
    static final double PRICE_PER_MILLION_WRITE_UNITS = 0.625;
    /** Provisioned: $ per read capacity unit-hour (aws.amazon.com/dynamodb/pricing/provisioned). */
    static final double PRICE_PER_READ_CAPACITY_UNIT_HOUR = 0.00013;

    // --- Lambda -------------------------------------------------------------------------------------------------
    /** Default concurrent executions per account and Region (lambda/latest/dg/gettingstarted-limits). */
    static final double LAMBDA_CONCURRENCY_QUOTA = 1_000;
    /** Execution environments a function may add per 10 seconds (lambda/latest/dg/scaling-behavior). */
    static final double LAMBDA_SCALING_PER_10_SECONDS = 1_000;
    /** $ per million requests, and per GB-second on arm64, first tier (aws.amazon.com/lambda/pricing). */
    static final double LAMBDA_PRICE_PER_MILLION_REQUESTS = 0.20;
    static final double LAMBDA_PRICE_PER_GB_SECOND_ARM = 0.0000133334;

    // --- API Gateway --------------------------------------------------------------------------------------------
    /** Default throttle quota per account and Region, all APIs together (apigateway/latest/developerguide/limits). */
    static final double API_GATEWAY_RPS_QUOTA = 10_000;
    /** $ per million requests, first tier: HTTP APIs and REST APIs (aws.amazon.com/api-gateway/pricing). */
    static final double HTTP_API_PRICE_PER_MILLION = 1.00;
    static final double REST_API_PRICE_PER_MILLION = 3.50;
}

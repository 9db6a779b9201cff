package dev.tokengate.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.StreamSpecification;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveSpecification;

/**
 * Creates the local tables from their definitions in {@code template.yaml}: key schema, attribute definitions, TTL
 * attribute and stream view are read from the template, never repeated in code, so the local engine has exactly
 * the tables a deployment gets.
 */
final class TemplateTables {
    private final JsonNode resources;

    private TemplateTables(JsonNode resources) {
        this.resources = resources;
    }

    static TemplateTables read(Path template) {
        try {
            // CloudFormation short-form tags (!Ref, !Sub, ...) are read as plain values: only literal table
            // properties are used here.
            JsonNode root = new ObjectMapper(new YAMLFactory()).readTree(template.toFile());
            JsonNode resources = root.path("Resources");
            if (!resources.isObject()) {
                throw new IllegalStateException(template + " has no Resources section");
            }
            return new TemplateTables(resources);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + template + ": " + e.getMessage(), e);
        }
    }

    /** The CreateTable request for a table resource of the template, named {@code tableName} locally. */
    CreateTableRequest createRequest(String logicalId, String tableName) {
        JsonNode props = resources.path(logicalId).path("Properties");
        if (!"AWS::DynamoDB::Table".equals(resources.path(logicalId).path("Type").asText())) {
            throw new IllegalStateException("template.yaml has no AWS::DynamoDB::Table named " + logicalId);
        }
        List<KeySchemaElement> keys = new ArrayList<>();
        for (JsonNode k : props.path("KeySchema")) {
            keys.add(KeySchemaElement.builder().attributeName(k.path("AttributeName").asText())
                    .keyType(k.path("KeyType").asText()).build());
        }
        List<AttributeDefinition> attributes = new ArrayList<>();
        for (JsonNode a : props.path("AttributeDefinitions")) {
            attributes.add(AttributeDefinition.builder().attributeName(a.path("AttributeName").asText())
                    .attributeType(a.path("AttributeType").asText()).build());
        }
        if (keys.isEmpty() || attributes.isEmpty()) {
            throw new IllegalStateException(logicalId + " in template.yaml has no KeySchema/AttributeDefinitions");
        }
        CreateTableRequest.Builder request = CreateTableRequest.builder()
                .tableName(tableName)
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .keySchema(keys)
                .attributeDefinitions(attributes);
        JsonNode stream = props.path("StreamSpecification").path("StreamViewType");
        if (stream.isTextual()) {
            request.streamSpecification(StreamSpecification.builder().streamEnabled(true)
                    .streamViewType(StreamViewType.fromValue(stream.asText())).build());
        }
        return request.build();
    }

    /** The TTL attribute the template enables on a table, if any. */
    String ttlAttribute(String logicalId) {
        JsonNode ttl = resources.path(logicalId).path("Properties").path("TimeToLiveSpecification");
        return ttl.path("AttributeName").isTextual() ? ttl.path("AttributeName").asText() : null;
    }

    /** Creates the table on the engine the client talks to, with its TTL setting. */
    void create(DynamoDbClient client, String logicalId, String tableName) {
        client.createTable(createRequest(logicalId, tableName));
        String ttl = ttlAttribute(logicalId);
        if (ttl != null) {
            client.updateTimeToLive(r -> r.tableName(tableName).timeToLiveSpecification(
                    TimeToLiveSpecification.builder().enabled(true).attributeName(ttl).build()));
        }
    }
}

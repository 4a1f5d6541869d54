package dev.postject.service.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/**
 * The OpenAPI 3.1 contract restated in OpenAPI 3.0.3 for the validator. swagger-request-validator
 * 2.44.9 loads a 3.1 document but then checks neither {@code type} nor {@code additionalProperties}
 * (a string field answered as a number passes), while it checks a 3.0 document fully. The contract
 * uses only what maps one to one: {@code type: [T, "null"]} becomes {@code type: T, nullable: true}
 * (so a nullable object is written out where it is used, not a {@code $ref}); 3.1-only
 * members the validator does not use ({@code info.summary}, {@code license.identifier},
 * {@code contentEncoding}) are dropped. Anything else that would not map fails loudly here.
 */
final class ContractAs30 {
    private ContractAs30() {}

    static String of(JsonNode contract) {
        ObjectNode document = contract.deepCopy();
        if (!document.path("openapi").asText().startsWith("3.1.")) {
            throw new IllegalStateException("the contract is expected to be OpenAPI 3.1");
        }
        document.put("openapi", "3.0.3");
        ObjectNode info = (ObjectNode) document.get("info");
        info.remove("summary");
        if (info.get("license") instanceof ObjectNode license) {
            license.remove("identifier");
        }
        restate(document, "");
        return document.toString();
    }

    private static void restate(JsonNode node, String at) {
        if (node instanceof ObjectNode schema) {
            schema.remove("contentEncoding");
            if (schema.get("type") instanceof ArrayNode types) {
                List<String> named = new ArrayList<>();
                types.forEach(type -> named.add(type.asText()));
                boolean nullable = named.remove("null");
                if (named.size() != 1) {
                    throw new IllegalStateException("no OpenAPI 3.0 form for type " + types + " at " + at);
                }
                schema.put("type", named.get(0));
                if (nullable) {
                    schema.put("nullable", true);
                }
            }
            schema.fields().forEachRemaining(field -> restate(field.getValue(), at + "/" + field.getKey()));
        } else if (node instanceof ArrayNode items) {
            for (int i = 0; i < items.size(); i++) {
                restate(items.get(i), at + "/" + i);
            }
        }
    }
}

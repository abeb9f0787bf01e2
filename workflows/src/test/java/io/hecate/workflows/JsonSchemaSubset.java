package io.hecate.workflows;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The part of JSON Schema draft-07 the Camunda element templates schema uses (type, required, properties,
 * items, enum, const, pattern, allOf, anyOf, oneOf, not, if/then/else, local $ref). No JSON Schema library is
 * on the build's classpath; a keyword this class does not know fails loudly instead of passing unchecked.
 */
final class JsonSchemaSubset {

    private static final Set<String> ANNOTATIONS = Set.of("$id", "$schema", "title", "description", "default", "examples", "definitions");

    private final JsonNode root;

    JsonSchemaSubset(JsonNode root) {
        this.root = root;
    }

    /** The violations, each as "JSON pointer: message"; empty when the instance is valid. */
    List<String> validate(JsonNode instance) {
        List<String> errors = new ArrayList<>();
        check(root, instance, "", errors);
        return errors;
    }

    private void check(JsonNode schema, JsonNode instance, String path, List<String> errors) {
        if (schema.isBoolean()) {
            if (!schema.booleanValue()) {
                errors.add(path + ": no value is allowed here");
            }
            return;
        }
        if (schema.has("$ref")) {
            String ref = schema.get("$ref").asText();
            if (!ref.startsWith("#")) {
                throw new IllegalStateException("only local $ref is supported, got " + ref);
            }
            JsonNode target = root.at(JsonPointer.compile(ref.substring(1)));
            if (target.isMissingNode()) {
                throw new IllegalStateException("$ref " + ref + " points nowhere");
            }
            check(target, instance, path, errors);
            return;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = schema.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> keyword = it.next();
            JsonNode value = keyword.getValue();
            switch (keyword.getKey()) {
                case "type" -> {
                    boolean matches = false;
                    for (JsonNode type : value.isArray() ? value : List.of(value)) {
                        matches |= hasType(instance, type.asText());
                    }
                    if (!matches) {
                        errors.add(path + ": must be of type " + value + ", got " + instance.getNodeType());
                    }
                }
                case "required" -> {
                    if (instance.isObject()) {
                        value.forEach(name -> {
                            if (!instance.has(name.asText())) {
                                errors.add(path + ": must have property " + name.asText());
                            }
                        });
                    }
                }
                case "properties" -> {
                    if (instance.isObject()) {
                        value.fields().forEachRemaining(property -> {
                            if (instance.has(property.getKey())) {
                                check(property.getValue(), instance.get(property.getKey()), path + "/" + property.getKey(), errors);
                            }
                        });
                    }
                }
                case "items" -> {
                    if (instance.isArray()) {
                        if (!value.isObject() && !value.isBoolean()) {
                            throw new IllegalStateException("only a single items schema is supported");
                        }
                        for (int i = 0; i < instance.size(); i++) {
                            check(value, instance.get(i), path + "/" + i, errors);
                        }
                    }
                }
                case "enum" -> {
                    boolean listed = false;
                    for (JsonNode allowed : value) {
                        listed |= allowed.equals(instance);
                    }
                    if (!listed) {
                        errors.add(path + ": must be one of " + value + ", got " + instance);
                    }
                }
                case "const" -> {
                    if (!value.equals(instance)) {
                        errors.add(path + ": must be " + value + ", got " + instance);
                    }
                }
                case "pattern" -> {
                    if (instance.isTextual() && !Pattern.compile(value.asText()).matcher(instance.asText()).find()) {
                        errors.add(path + ": must match " + value.asText() + ", got " + instance);
                    }
                }
                case "allOf" -> value.forEach(sub -> check(sub, instance, path, errors));
                case "anyOf" -> {
                    if (countValid(value, instance, path) == 0) {
                        errors.add(path + ": matches none of anyOf " + firstErrors(value, instance, path));
                    }
                }
                case "oneOf" -> {
                    long valid = countValid(value, instance, path);
                    if (valid != 1) {
                        errors.add(path + ": must match exactly one of oneOf, matches " + valid + " " + firstErrors(value, instance, path));
                    }
                }
                case "not" -> {
                    if (valid(value, instance, path)) {
                        errors.add(path + ": must not match " + value);
                    }
                }
                case "if" -> {
                    JsonNode branch = valid(value, instance, path) ? schema.get("then") : schema.get("else");
                    if (branch != null) {
                        check(branch, instance, path, errors);
                    }
                }
                case "then", "else" -> {
                    // applied by "if"
                }
                default -> {
                    if (!ANNOTATIONS.contains(keyword.getKey())) {
                        throw new IllegalStateException("JSON Schema keyword " + keyword.getKey() + " is not supported (at " + path + ")");
                    }
                }
            }
        }
    }

    private boolean valid(JsonNode schema, JsonNode instance, String path) {
        List<String> errors = new ArrayList<>();
        check(schema, instance, path, errors);
        return errors.isEmpty();
    }

    private long countValid(JsonNode schemas, JsonNode instance, String path) {
        long count = 0;
        for (JsonNode schema : schemas) {
            count += valid(schema, instance, path) ? 1 : 0;
        }
        return count;
    }

    private List<String> firstErrors(JsonNode schemas, JsonNode instance, String path) {
        List<String> errors = new ArrayList<>();
        for (JsonNode schema : schemas) {
            List<String> own = new ArrayList<>();
            check(schema, instance, path, own);
            own.stream().limit(2).forEach(errors::add);
        }
        return errors;
    }

    private static boolean hasType(JsonNode instance, String type) {
        return switch (type) {
            case "object" -> instance.isObject();
            case "array" -> instance.isArray();
            case "string" -> instance.isTextual();
            case "boolean" -> instance.isBoolean();
            case "number" -> instance.isNumber();
            case "integer" -> instance.isIntegralNumber();
            case "null" -> instance.isNull();
            default -> throw new IllegalStateException("unknown JSON Schema type " + type);
        };
    }
}

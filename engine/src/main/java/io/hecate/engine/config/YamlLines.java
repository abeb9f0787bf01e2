package io.hecate.engine.config;

import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Where each key of a composed YAML document sits (1-based line per dotted key, {@code a.b[2].c}), and a refusal
 * of a document that contains itself through an alias: no config needs one, and building it would never end.
 */
final class YamlLines {

    private final Map<String, Integer> lines = new HashMap<>();
    private final Set<Node> open = Collections.newSetFromMap(new IdentityHashMap<>());

    private YamlLines() {
    }

    /** @throws ConfigException when an alias makes the document recursive */
    static Map<String, Integer> of(String file, Node root) {
        YamlLines index = new YamlLines();
        if (root != null) {
            index.walk(file, "", root);
        }
        return index.lines;
    }

    private void walk(String file, String path, Node node) {
        if (!open.add(node)) {
            throw new ConfigException(file + ":" + (node.getStartMark().getLine() + 1) + ": " + (path.isEmpty() ? "the document" : path)
                    + " refers to itself through a YAML alias (" + node.getAnchor() + "); write the value out instead");
        }
        if (node instanceof MappingNode mapping) {
            for (NodeTuple tuple : mapping.getValue()) {
                String key = tuple.getKeyNode() instanceof ScalarNode scalar ? scalar.getValue() : "?";
                String child = path.isEmpty() ? key : path + "." + key;
                lines.putIfAbsent(child, tuple.getKeyNode().getStartMark().getLine() + 1);
                walk(file, child, tuple.getValueNode());
            }
        } else if (node instanceof SequenceNode sequence) {
            for (int i = 0; i < sequence.getValue().size(); i++) {
                Node item = sequence.getValue().get(i);
                lines.putIfAbsent(path + "[" + i + "]", item.getStartMark().getLine() + 1);
                walk(file, path + "[" + i + "]", item);
            }
        }
        open.remove(node);
    }
}

package io.hecate.engine.runtime;

import java.util.LinkedHashSet;
import java.util.Set;
import org.camunda.bpm.impl.juel.Builder;
import org.camunda.bpm.impl.juel.IdentifierNode;
import org.camunda.bpm.impl.juel.TreeBuilderException;

/**
 * The names an expression looks up, read with the engine's own JUEL parser: in {@code ${execution.getVariable('x')}}
 * or {@code ${nodes.isEmpty()}} only the first name ({@code execution}, {@code nodes}) is looked up; properties,
 * method names, string literals and functions are not names.
 */
final class ExpressionNames {

    /** The features the engine's expression manager parses with: method calls on variables and beans. */
    private static final Builder PARSER = new Builder(Builder.Feature.METHOD_INVOCATIONS, Builder.Feature.VARARGS);

    private ExpressionNames() {
    }

    static boolean isExpression(String text) {
        return text != null && (text.contains("${") || text.contains("#{"));
    }

    /** @throws IllegalArgumentException with the parser's message when the text is no valid expression */
    static Set<String> of(String text) {
        try {
            Set<String> names = new LinkedHashSet<>();
            for (IdentifierNode node : PARSER.build(text).getIdentifierNodes()) {
                names.add(node.getName());
            }
            return names;
        } catch (TreeBuilderException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }
}

package io.hecate.engine.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.ibatis.mapping.MappedStatement;
import org.apache.ibatis.session.Configuration;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.junit.jupiter.api.Test;

class LeanEngineConfigurationTest {

    private static final String TASKS = "org.camunda.bpm.engine.impl.persistence.entity.TaskEntity.selectTask";

    @Test
    void dropsOnlyTheUnusedMappersOfCamundasMappingFile() throws IOException {
        String full;
        try (InputStream in = getClass().getClassLoader().getResourceAsStream(ProcessEngineConfigurationImpl.DEFAULT_MYBATIS_MAPPING_FILE)) {
            full = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        String lean = LeanEngineConfiguration.withoutUnusedMappers(full);

        // every name still matches a file of this Camunda version, so an upgrade that renames one shows here
        LeanEngineConfiguration.UNUSED_MAPPERS.forEach(name -> {
            assertThat(full).contains("/entity/" + name + ".xml\"");
            assertThat(lean).doesNotContain("/entity/" + name + ".xml\"");
        });
        assertThat(lean).contains("/entity/Commons.xml\"", "/entity/Authorization.xml\"", "/entity/Job.xml\"",
                "/entity/Execution.xml\"", "/entity/Incident.xml\"", "/entity/ExternalTask.xml\"", "/entity/Comment.xml\"", "/entity/Attachment.xml\"", "</configuration>");
    }

    @Test
    void buildsOnlyHecatesStatementsEachAsCamundasOwn() {
        Configuration every = LeanEngineConfiguration.parseEveryStatement();
        Configuration lean = LeanEngineConfiguration.parseMappers();

        // every listed id is one of this Camunda version's statements, so an upgrade that renames one shows here
        assertThat(statementIds(every)).containsAll(LeanEngineConfiguration.STATEMENTS).hasSizeGreaterThan(500);
        assertThat(statementIds(lean).stream().map(id -> id.replace("!selectKey", "")).collect(Collectors.toSet()))
                .isEqualTo(LeanEngineConfiguration.STATEMENTS);
        for (String id : LeanEngineConfiguration.STATEMENTS) {
            assertThat(describe(lean.getMappedStatement(id), 0)).as(id).isEqualTo(describe(every.getMappedStatement(id), 0));
        }
    }

    @Test
    void anyOtherStatementIsBuiltOnItsFirstUse() {
        Configuration every = LeanEngineConfiguration.parseEveryStatement();
        Configuration lean = LeanEngineConfiguration.parseMappers();
        assertThat(LeanEngineConfiguration.STATEMENTS).doesNotContain(TASKS);

        assertThat(lean.hasStatement(TASKS)).isTrue();
        MappedStatement tasks = lean.getMappedStatement(TASKS);

        assertThat(describe(tasks, 0)).isEqualTo(describe(every.getMappedStatement(TASKS), 0));
        assertThat(lean.hasStatement("org.camunda.bpm.engine.impl.persistence.entity.TaskEntity.noSuchStatement")).isFalse();
        assertThat(StatementsOnDemand.missed()).containsKey(TASKS);
    }

    private static Set<String> statementIds(Configuration mybatis) {
        return mybatis.getMappedStatements().stream().filter(MappedStatement.class::isInstance)
                .map(s -> ((MappedStatement) s).getId()).collect(Collectors.toSet());
    }

    /** What MyBatis built, field by field (SQL text, dynamic nodes, result maps, key generators), without the configuration. */
    private static String describe(Object value, int depth) {
        if (value == null || depth > 64) {
            return String.valueOf(value);
        }
        if (value instanceof CharSequence || value instanceof Number || value instanceof Boolean || value instanceof Enum<?>
                || value instanceof Class<?>) {
            return value.toString();
        }
        if (value instanceof Collection<?> items) {
            return items.stream().map(item -> describe(item, depth + 1)).toList().toString();
        }
        if (value instanceof Map<?, ?> map) {
            Map<String, String> sorted = new TreeMap<>();
            map.forEach((k, v) -> sorted.put(String.valueOf(k), describe(v, depth + 1)));
            return sorted.toString();
        }
        if (value instanceof Configuration || !value.getClass().getName().startsWith("org.apache.ibatis")) {
            return value.getClass().getName();
        }
        StringBuilder described = new StringBuilder(value.getClass().getSimpleName()).append('{');
        for (Class<?> type = value.getClass(); type != Object.class; type = type.getSuperclass()) {
            for (Field field : type.getDeclaredFields()) {
                if (!Modifier.isStatic(field.getModifiers())) {
                    field.setAccessible(true);
                    try {
                        described.append(field.getName()).append('=').append(describe(field.get(value), depth + 1)).append(", ");
                    } catch (IllegalAccessException e) {
                        throw new IllegalStateException(e);
                    }
                }
            }
        }
        return described.append('}').toString();
    }
}

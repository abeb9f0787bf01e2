package io.hecate.engine.runtime;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.script.ScriptEngineManager;
import org.apache.ibatis.builder.xml.XMLConfigBuilder;
import org.apache.ibatis.mapping.Environment;
import org.apache.ibatis.session.Configuration;
import org.apache.ibatis.session.ExecutorType;
import org.apache.ibatis.session.defaults.DefaultSqlSessionFactory;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.cfg.StandaloneProcessEngineConfiguration;
import org.camunda.bpm.engine.impl.scripting.engine.DefaultScriptEngineResolver;

/**
 * Camunda without the MyBatis mappers of features Hecate never uses (CMMN, DMN, users and groups, filters, task forms,
 * metrics and reports, cockpit statistics). Building the mappers was 44% of engine boot; each of these files is
 * self-contained (no other mapper includes or extends it), and the engine runs with DMN and CMMN disabled. Comments
 * and attachments stay: every process end bulk-updates their removal time. The mappers that stay are still half of
 * a boot's CPU: {@link #parseAhead} starts parsing them while the caller reads its config, BPMN and history, and
 * {@link ChildPathXPathFactory} answers MyBatis's XPath calls without the JDK's per-call document model.
 */
final class LeanEngineConfiguration extends StandaloneProcessEngineConfiguration {

    static final Set<String> UNUSED_MAPPERS = Set.of(
            "CaseDefinition", "CaseExecution", "CaseSentryPart", "HistoricCaseActivityInstance", "HistoricCaseInstance",
            "DecisionDefinition", "DecisionRequirementsDefinition", "HistoricDecisionInstance", "HistoricDecisionInputInstance",
            "HistoricDecisionOutputInstance",
            "User", "Group", "Membership", "TenantMembership", "IdentityInfo", "Filter",
            "CamundaFormDefinition", "TaskMetrics", "Report", "HistoricTaskInstanceReport",
            "Statistics", "HistoricStatistics");

    /** The only database Hecate runs on: known up front, so the mappers parse before any connection. */
    private static final String DATABASE_TYPE = "h2";
    private static final Pattern MAPPER = Pattern.compile("\\s*<mapper resource=\"[^\"]*/entity/(\\w+)\\.xml\"\\s*/>\\R");

    /** Mappers parsed ahead for the next engine of this process; each parse serves one engine. */
    private static CompletableFuture<Configuration> ahead;

    LeanEngineConfiguration() {
        setDatabaseType(DATABASE_TYPE);
        // no script engine: Hecate runs no scripts (the validator refuses them), and discovering the engines on the
        // class path would start FEEL's Scala runtime (~300 classes, ~50 ms of every boot) for nothing
        setScriptEngineResolver(new DefaultScriptEngineResolver(new ScriptEngineManager(new ClassLoader(null) { })));
    }

    /**
     * No DMN engine: Camunda builds one (with FEEL's Scala runtime, ~300 classes) on every boot even with DMN off;
     * Hecate deploys no decisions and the validator refuses business rule tasks.
     */
    @Override
    protected void initDmnEngine() {
    }

    /** Starts parsing the mappers for the next engine of this process on a thread of its own; a second call does nothing. */
    static synchronized void parseAhead() {
        if (ahead == null) {
            // the thread completes its own future: takeParsed may have cleared the field by the time it is done
            CompletableFuture<Configuration> parsed = new CompletableFuture<>();
            ahead = parsed;
            Thread parser = new Thread(() -> {
                try {
                    parsed.complete(parseMappers());
                } catch (RuntimeException | Error e) {
                    parsed.completeExceptionally(e);
                }
            }, "engine-mappers");
            parser.setDaemon(true);
            parser.start();
        }
    }

    private static Configuration takeParsed() {
        CompletableFuture<Configuration> parsed;
        synchronized (LeanEngineConfiguration.class) {
            parsed = ahead;
            ahead = null;
        }
        if (parsed == null) {
            return parseMappers();
        }
        try {
            return parsed.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException cause ? cause : e;
        }
    }

    /** As Camunda builds its session factory, from mappers parsed ahead when there are. */
    @Override
    protected void initSqlSessionFactory() {
        if (sqlSessionFactory != null) {
            return;
        }
        Configuration mybatis = takeParsed();
        mybatis.setEnvironment(new Environment("default", transactionFactory, dataSource));
        mybatis.setDefaultStatementTimeout(jdbcStatementTimeout);
        if (isJdbcBatchProcessing()) {
            mybatis.setDefaultExecutorType(ExecutorType.BATCH);
        }
        sqlSessionFactory = new DefaultSqlSessionFactory(mybatis);
    }

    /**
     * Camunda's mappings without the unused mappers, every statement built. MyBatis keeps each {@code <sql>} fragment
     * for includes of statements built later, and each fragment holds its mapper's whole DOM: ~13 MB of a long-lived
     * daemon's heap, dropped once every statement is built (nothing reads them after that).
     */
    static Configuration parseMappers() {
        ChildPathXPathFactory.install();
        Properties properties = new Properties();
        properties.put("prefix", "");
        ProcessEngineConfigurationImpl.initSqlSessionFactoryProperties(properties, "", DATABASE_TYPE);
        try (InputStream full = ProcessEngineConfigurationImpl.class.getClassLoader()
                .getResourceAsStream(DEFAULT_MYBATIS_MAPPING_FILE)) {
            String mappings = withoutUnusedMappers(new String(full.readAllBytes(), StandardCharsets.UTF_8));
            Reader reader = new InputStreamReader(new ByteArrayInputStream(mappings.getBytes(StandardCharsets.UTF_8)), StandardCharsets.UTF_8);
            Configuration mybatis = new XMLConfigBuilder(reader, "", properties).parse();
            mybatis.getMappedStatementNames(); // builds the statements left incomplete: the last readers of the fragments
            mybatis.getSqlFragments().clear();
            return mybatis;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String withoutUnusedMappers(String mappings) {
        Matcher m = MAPPER.matcher(mappings);
        StringBuilder kept = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(kept, UNUSED_MAPPERS.contains(m.group(1)) ? "" : Matcher.quoteReplacement(m.group()));
        }
        m.appendTail(kept);
        return kept.toString();
    }
}

package io.hecate.engine.runtime;

import io.hecate.connectors.Futures;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import javax.script.ScriptEngineManager;
import org.apache.ibatis.builder.xml.XMLConfigBuilder;
import org.apache.ibatis.builder.xml.XMLMapperBuilder;
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
 * and attachments stay: every process end bulk-updates their removal time. Of the mappers that stay only the
 * statements Hecate runs are built ({@link #parseMappers}); {@link #parseAhead} starts that while the caller reads its
 * config and history, and {@link ChildPathXPathFactory} answers MyBatis's XPath calls without the JDK's per-call
 * document model.
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
    private static final Pattern MAPPER = Pattern.compile("\\s*<mapper resource=\"([^\"]*/entity/(\\w+)\\.xml)\"\\s*/>\\R");
    private static final Pattern MAPPERS = Pattern.compile("(?s)<mappers>.*</mappers>");
    private static final Pattern NAMESPACE = Pattern.compile("<mapper\\s+namespace\\s*=\\s*\"([^\"]+)\"");
    /** A comment (taken whole, so a statement in it is not one), or a statement element, empty or not, with its attributes in group 2. */
    private static final Pattern COMMENT_OR_STATEMENT = Pattern.compile(
            "(?s)<!--.*?-->|<(select|insert|update|delete)\\b([^>]*?)(?:/>|>.*?</\\1\\s*>)");
    private static final Pattern STATEMENT_ID = Pattern.compile("\\bid\\s*=\\s*\"([^\"]+)\"");

    /** Full ids (namespace.id) of the statements Hecate runs, from its workflows, daemon and commands. */
    static final String STATEMENTS_FILE = "io/hecate/engine/runtime/lean-statements.txt";
    static final Set<String> STATEMENTS = readStatements();

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

    /** Camunda's session factories, with inserts that describe an entity only when its id is refused. */
    @Override
    protected void initSessionFactories() {
        super.initSessionFactories();
        addSessionFactory(new LeanEntityManagerFactory(idGenerator));
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
        return Futures.joined(parsed);
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
     * Camunda's mappings without the unused mappers, and of the others only the statements Hecate runs
     * ({@link #STATEMENTS}) built; the rest come on demand ({@link StatementsOnDemand}). Every statement would be
     * ~28 MB of a long-lived daemon's 39 MB live heap and most of a boot's CPU, for ~600 statements of which Hecate
     * runs 76. MyBatis keeps each {@code <sql>} fragment for includes of statements built later, and each fragment
     * holds its mapper's whole DOM: dropped once every statement is built (nothing reads them after that).
     */
    static Configuration parseMappers() {
        StatementsOnDemand lean = parse(mapper -> onlyStatements(mapper, STATEMENTS));
        lean.fallBackTo(LeanEngineConfiguration::parseEveryStatement);
        return lean;
    }

    /** The same mappers with every statement built. */
    static Configuration parseEveryStatement() {
        return parse(UnaryOperator.identity());
    }

    private static StatementsOnDemand parse(UnaryOperator<String> statements) {
        ChildPathXPathFactory.install();
        Properties properties = new Properties();
        properties.put("prefix", "");
        ProcessEngineConfigurationImpl.initSqlSessionFactoryProperties(properties, "", DATABASE_TYPE);
        String mappings = withoutUnusedMappers(resource(DEFAULT_MYBATIS_MAPPING_FILE));
        StatementsOnDemand mybatis = (StatementsOnDemand) new XMLConfigBuilder(StatementsOnDemand.class,
                new StringReader(MAPPERS.matcher(mappings).replaceFirst("")), "", properties).parse();
        Matcher mapper = MAPPER.matcher(mappings);
        while (mapper.find()) {
            String file = mapper.group(1);
            new XMLMapperBuilder(new StringReader(statements.apply(resource(file))), mybatis, file, mybatis.getSqlFragments()).parse();
        }
        mybatis.getMappedStatementNames(); // builds the statements left incomplete: the last readers of the fragments
        mybatis.getSqlFragments().clear();
        return mybatis;
    }

    /** A mapper file without the statements whose full id {@code kept} does not hold (comments stay as they are). */
    static String onlyStatements(String mapper, Set<String> kept) {
        Matcher namespace = NAMESPACE.matcher(mapper);
        if (!namespace.find()) {
            throw new IllegalStateException("a Camunda mapper without a namespace: " + mapper.substring(0, Math.min(200, mapper.length())));
        }
        Matcher piece = COMMENT_OR_STATEMENT.matcher(mapper);
        StringBuilder out = new StringBuilder();
        while (piece.find()) {
            Matcher id = piece.group(1) == null ? null : STATEMENT_ID.matcher(piece.group(2));
            boolean keep = id == null || !id.find() || kept.contains(namespace.group(1) + "." + id.group(1));
            piece.appendReplacement(out, keep ? Matcher.quoteReplacement(piece.group()) : "");
        }
        piece.appendTail(out);
        return out.toString();
    }

    private static String resource(String path) {
        try (InputStream in = ProcessEngineConfigurationImpl.class.getClassLoader().getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("missing from the class path: " + path);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Set<String> readStatements() {
        return resource(STATEMENTS_FILE).lines().map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#"))
                .collect(Collectors.toUnmodifiableSet());
    }

    static String withoutUnusedMappers(String mappings) {
        Matcher m = MAPPER.matcher(mappings);
        StringBuilder kept = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(kept, UNUSED_MAPPERS.contains(m.group(2)) ? "" : Matcher.quoteReplacement(m.group()));
        }
        m.appendTail(kept);
        return kept.toString();
    }
}

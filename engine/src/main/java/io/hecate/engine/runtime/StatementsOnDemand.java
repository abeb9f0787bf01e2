package io.hecate.engine.runtime;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;
import org.apache.ibatis.mapping.MappedStatement;
import org.apache.ibatis.session.Configuration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Camunda's MyBatis configuration holding only the statements Hecate runs (see {@link LeanEngineConfiguration}).
 * Any other statement is answered by a configuration with every statement, parsed once, on the first call that
 * needs one: the engine behaves exactly as with all of them, and pays the full parse only when it strays from what
 * Hecate's workflows do. Public with a public constructor: MyBatis creates it by class.
 */
public final class StatementsOnDemand extends Configuration {

    private static final Logger LOG = LoggerFactory.getLogger(StatementsOnDemand.class);
    private static final Map<String, LongAdder> MISSED = new ConcurrentHashMap<>();

    private Supplier<Configuration> everything;
    private volatile Configuration all;

    /**
     * How often each statement beyond the lean set was asked for in this JVM: for the tests that keep the set
     * complete (a run that needs one pays the full parse, ~0.5 s, mid-run).
     */
    public static Map<String, Long> missed() {
        Map<String, Long> missed = new TreeMap<>();
        MISSED.forEach((id, count) -> missed.put(id, count.sum()));
        return missed;
    }

    /** Where the statements left out come from; without one this is an ordinary configuration. */
    void fallBackTo(Supplier<Configuration> everything) {
        this.everything = everything;
    }

    @Override
    public MappedStatement getMappedStatement(String id, boolean validateIncompleteStatements) {
        if (everything == null || mappedStatements.containsKey(id)) {
            return super.getMappedStatement(id, validateIncompleteStatements);
        }
        return all(id).getMappedStatement(id, validateIncompleteStatements);
    }

    @Override
    public boolean hasStatement(String id, boolean validateIncompleteStatements) {
        return super.hasStatement(id, validateIncompleteStatements)
                || everything != null && all(id).hasStatement(id, validateIncompleteStatements);
    }

    /** The configuration with every statement, set up as this one (database, timeout, executor). */
    private Configuration all(String missing) {
        MISSED.computeIfAbsent(missing, id -> new LongAdder()).increment();
        Configuration parsed = all;
        if (parsed == null) {
            synchronized (this) {
                parsed = all;
                if (parsed == null) {
                    LOG.info("engine: statement {} is not among the ones Hecate runs; building all of Camunda's statements once", missing);
                    parsed = everything.get();
                    parsed.setEnvironment(getEnvironment());
                    parsed.setDefaultStatementTimeout(getDefaultStatementTimeout());
                    parsed.setDefaultExecutorType(getDefaultExecutorType());
                    all = parsed;
                }
            }
        }
        return parsed;
    }
}

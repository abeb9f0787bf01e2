package io.hecate.engine.runtime;

import org.camunda.bpm.engine.SchemaOperationsCommand;
import org.camunda.bpm.engine.impl.HistoryLevelSetupCommand;
import org.camunda.bpm.engine.impl.SchemaOperationsProcessEngineBuild;
import org.camunda.bpm.engine.impl.history.HistoryLevel;
import org.camunda.bpm.engine.impl.interceptor.CommandContext;
import org.camunda.bpm.engine.impl.persistence.entity.PropertyEntity;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Camunda's schema operations, then the history level the database has stored brought to the configured one. Hecate
 * keeps its own run history and runs Camunda without one ("none"); a database made by an earlier Hecate stored
 * "activity", and Camunda refuses to boot on a mismatch. The rows of Camunda's history written until then stay.
 */
final class SchemaAndHistoryLevel implements SchemaOperationsCommand {

    private static final Logger LOG = LoggerFactory.getLogger(SchemaAndHistoryLevel.class);
    private static final String PROPERTY = "historyLevel";

    @Override
    public Void execute(CommandContext context) {
        new SchemaOperationsProcessEngineBuild().execute(context);
        HistoryLevel configured = context.getProcessEngineConfiguration().getHistoryLevel();
        Integer stored = HistoryLevelSetupCommand.databaseHistoryLevel(context);
        if (stored != null && stored != configured.getId()) {
            PropertyEntity property = context.getPropertyManager().findPropertyById(PROPERTY);
            property.setValue(Integer.toString(configured.getId()));
            LOG.info("the engine's history level goes from {} to {} ({}): Hecate's own run history is kept as before", stored,
                    configured.getId(), configured.getName());
        }
        return null;
    }
}

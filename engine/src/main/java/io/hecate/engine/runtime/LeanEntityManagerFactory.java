package io.hecate.engine.runtime;

import org.camunda.bpm.engine.ProcessEngineException;
import org.camunda.bpm.engine.impl.cfg.IdGenerator;
import org.camunda.bpm.engine.impl.context.Context;
import org.camunda.bpm.engine.impl.db.DbEntity;
import org.camunda.bpm.engine.impl.db.PersistenceSession;
import org.camunda.bpm.engine.impl.db.entitymanager.DbEntityManager;
import org.camunda.bpm.engine.impl.db.entitymanager.DbEntityManagerFactory;
import org.camunda.bpm.engine.impl.util.EnsureUtil;

/**
 * Camunda's entity manager, whose id check before each insert describes the entity only when it refuses the id.
 * Camunda builds that message first, from the entity's {@code toString}: a string concatenation of every field, which
 * the JVM links the first time each entity type is inserted by generating classes (126 of a dry run's 278, ~20 ms of
 * it), and which costs every insert afterwards.
 */
final class LeanEntityManagerFactory extends DbEntityManagerFactory {

    LeanEntityManagerFactory(IdGenerator idGenerator) {
        super(idGenerator);
    }

    @Override
    public DbEntityManager openSession() {
        return new LeanEntityManager(idGenerator, Context.getCommandContext().getSession(PersistenceSession.class));
    }

    static final class LeanEntityManager extends DbEntityManager {

        LeanEntityManager(IdGenerator idGenerator, PersistenceSession persistenceSession) {
            super(idGenerator, persistenceSession);
        }

        /** Camunda's own check; its message (and the exception) come from Camunda's, built for a refused id alone. */
        @Override
        protected void validateId(DbEntity entity) {
            try {
                EnsureUtil.ensureValidIndividualResourceId("Entity", entity.getId());
            } catch (ProcessEngineException refused) {
                super.validateId(entity);
            }
        }
    }
}

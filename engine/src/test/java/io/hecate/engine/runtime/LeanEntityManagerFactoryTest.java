package io.hecate.engine.runtime;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hecate.engine.runtime.LeanEntityManagerFactory.LeanEntityManager;
import org.camunda.bpm.engine.ProcessEngineException;
import org.camunda.bpm.engine.impl.db.DbEntity;
import org.junit.jupiter.api.Test;

class LeanEntityManagerFactoryTest {

    private final LeanEntityManager entities = new LeanEntityManager(null, null);

    @Test
    void insertsAnEntityWithoutDescribingIt() {
        entities.validateId(entity("4f2a-run", null));
    }

    @Test
    void refusesAMissingOrReservedIdWithCamundasMessageNamingTheEntity() {
        assertThatThrownBy(() -> entities.validateId(entity(null, "HistoricActivityInstance[stage]")))
                .isInstanceOf(ProcessEngineException.class)
                .hasMessageContaining("Entity HistoricActivityInstance[stage]")
                .hasMessageContaining("id is null");
        assertThatThrownBy(() -> entities.validateId(entity("*", "Job[*]")))
                .isInstanceOf(ProcessEngineException.class)
                .hasMessageContaining("Entity Job[*]")
                .hasMessageContaining("reserved");
    }

    /** An entity whose description fails the test when asked for, unless given. */
    private static DbEntity entity(String id, String description) {
        return new DbEntity() {
            @Override
            public String getId() {
                return id;
            }

            @Override
            public void setId(String newId) {
            }

            @Override
            public Object getPersistentState() {
                return id;
            }

            @Override
            public String toString() {
                if (description == null) {
                    throw new AssertionError("the entity was described although its id is valid");
                }
                return description;
            }
        };
    }
}

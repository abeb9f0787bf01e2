package io.hecate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.hecate.drills.lab.Lab;
import io.hecate.drills.lab.LabSpec;
import io.hecate.drills.run.EngineSession;
import java.nio.file.Path;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.persistence.deploy.cache.DeploymentCache;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DaemonWarmUpIT {

    @TempDir
    Path dir;

    @Test
    void parsesEveryWorkflowAndRunsSshCommandsOnLoopbackTouchingNoNode() {
        try (Lab lab = Lab.start(LabSpec.defaults(dir)); EngineSession session = EngineSession.open(lab.configFile())) {
            DeploymentCache cache = ((ProcessEngineConfigurationImpl) session.engine().processEngine().getProcessEngineConfiguration())
                    .getDeploymentCache();
            // as a daemon finds it when the deployment was already there: nothing parsed yet
            cache.discardProcessDefinitionCache();

            assertThat(DaemonWarmUp.run(session.engine())).isTrue();

            assertThat(cache.getProcessDefinitionCache().size()).isEqualTo(session.engine().catalog().origins().size());
            assertThat(lab.events()).noneMatch(e -> e.what().startsWith("ran: "));
        }
    }
}

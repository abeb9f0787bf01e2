package io.hecate.engine.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.junit.jupiter.api.Test;

class LeanEngineConfigurationTest {

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
}

package io.hecate.engine.runtime;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.ibatis.session.Configuration;
import org.camunda.bpm.engine.impl.cfg.StandaloneProcessEngineConfiguration;

/**
 * Camunda without the MyBatis mappers of features Hecate never uses (CMMN, DMN, users and groups, filters, task forms,
 * metrics and reports, cockpit statistics). Building the mappers was 44% of engine boot; each of these files is
 * self-contained (no other mapper includes or extends it), and the engine runs with DMN and CMMN disabled. Comments
 * and attachments stay: every process end bulk-updates their removal time.
 */
final class LeanEngineConfiguration extends StandaloneProcessEngineConfiguration {

    static final Set<String> UNUSED_MAPPERS = Set.of(
            "CaseDefinition", "CaseExecution", "CaseSentryPart", "HistoricCaseActivityInstance", "HistoricCaseInstance",
            "DecisionDefinition", "DecisionRequirementsDefinition", "HistoricDecisionInstance", "HistoricDecisionInputInstance",
            "HistoricDecisionOutputInstance",
            "User", "Group", "Membership", "TenantMembership", "IdentityInfo", "Filter",
            "CamundaFormDefinition", "TaskMetrics", "Report", "HistoricTaskInstanceReport",
            "Statistics", "HistoricStatistics");

    private static final Pattern MAPPER = Pattern.compile("\\s*<mapper resource=\"[^\"]*/entity/(\\w+)\\.xml\"\\s*/>\\R");

    @Override
    protected InputStream getMyBatisXmlConfigurationSteam() {
        try (InputStream full = super.getMyBatisXmlConfigurationSteam()) {
            return new ByteArrayInputStream(withoutUnusedMappers(new String(full.readAllBytes(), StandardCharsets.UTF_8))
                    .getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * MyBatis keeps every {@code <sql>} fragment for includes of statements built later, and each fragment holds its
     * mapper's whole DOM: ~10 MB of a long-lived daemon's heap. Once every statement is built nothing reads them.
     */
    @Override
    protected void initSqlSessionFactory() {
        super.initSqlSessionFactory();
        Configuration mybatis = sqlSessionFactory.getConfiguration();
        mybatis.getMappedStatementNames(); // builds the statements left incomplete: the last readers of the fragments
        mybatis.getSqlFragments().clear();
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

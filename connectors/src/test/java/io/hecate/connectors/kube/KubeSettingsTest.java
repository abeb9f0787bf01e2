package io.hecate.connectors.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.client.Config;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KubeSettingsTest {

    @TempDir
    Path tmp;

    @Test
    void clientConfigTakesServerFromTheKubeconfigAndTimeoutAndRetriesFromTheSettings() {
        Path kubeconfig = MockKubeApi.kubeconfig(tmp, "https://titan-01:6443");

        Config config = Fabric8Cluster.config(new KubeSettings(kubeconfig, Duration.ofSeconds(7), 2));

        assertThat(config.getMasterUrl()).startsWith("https://titan-01:6443");
        assertThat(config.getRequestTimeout()).isEqualTo(7000);
        assertThat(config.getConnectionTimeout()).isEqualTo(7000);
        assertThat(config.getRequestRetryBackoffLimit()).isEqualTo(2);
        assertThat(config.getAutoOAuthToken()).isEqualTo("test-token");
    }

    @Test
    void aKubeconfigThatIsNotOneIsNamed() throws IOException {
        Path kubeconfig = Files.writeString(tmp.resolve("kubeconfig"), "clusters: [\n");

        assertThatThrownBy(() -> Fabric8Cluster.config(new KubeSettings(kubeconfig, Duration.ofSeconds(1), 0)))
                .isInstanceOf(KubeException.class)
                .hasMessageStartingWith(kubeconfig + ": cannot parse kubeconfig");
    }

    @Test
    void refusesANonPositiveTimeoutAndNegativeRetries() {
        assertThatThrownBy(() -> new KubeSettings(null, Duration.ZERO, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("requestTimeout");
        assertThatThrownBy(() -> new KubeSettings(null, Duration.ofSeconds(1), -1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("requestRetries");
    }
}

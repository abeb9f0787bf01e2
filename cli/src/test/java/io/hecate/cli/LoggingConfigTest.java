package io.hecate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** A logger silenced by a class name that is not on the classpath silences nothing: the name must be real. */
class LoggingConfigTest {

    @Test
    void everyClassLoggerInThePackagedConfigNamesAClassOnTheClasspath() throws Exception {
        List<String> classLoggers = new ArrayList<>();
        try (InputStream xml = Files.newInputStream(Path.of("src/main/resources/logback.xml"))) {
            NodeList loggers = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(xml).getElementsByTagName("logger");
            for (int i = 0; i < loggers.getLength(); i++) {
                String name = ((Element) loggers.item(i)).getAttribute("name");
                // a package logger ends in a lower-case segment, a class logger in its class name
                if (Character.isUpperCase(name.charAt(name.lastIndexOf('.') + 1))) {
                    classLoggers.add(name);
                }
            }
        }

        assertThat(classLoggers).contains("io.fabric8.kubernetes.client.dsl.internal.VersionUsageUtils");
        assertThat(classLoggers).allSatisfy(name -> assertThat(Class.forName(name, false, getClass().getClassLoader())).isNotNull());
    }
}

package io.hecate.workflows;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.camunda.bpm.engine.delegate.JavaDelegate;

/**
 * Finds the delegates instead of listing them by hand: every concrete {@code *Delegate} class of the delegates
 * package, read from wherever this module's classes are (the classes directory in a build, the jar when
 * installed). A new stage's delegate is found by dropping its class in the package.
 */
final class DelegateScan {

    static final String PACKAGE = "io.hecate.workflows.delegates";

    private DelegateScan() {
    }

    static List<Class<? extends JavaDelegate>> find() {
        String prefix = PACKAGE.replace('.', '/') + "/";
        List<String> entries = entries(prefix).stream()
                .filter(e -> e.endsWith("Delegate.class") && !e.contains("$") && e.indexOf('/', prefix.length()) < 0).toList();
        List<Class<? extends JavaDelegate>> delegates = new ArrayList<>();
        for (String entry : entries) {
            String name = entry.substring(0, entry.length() - ".class".length()).replace('/', '.');
            try {
                Class<?> type = Class.forName(name, false, DelegateScan.class.getClassLoader());
                if (JavaDelegate.class.isAssignableFrom(type) && !Modifier.isAbstract(type.getModifiers())) {
                    delegates.add(type.asSubclass(JavaDelegate.class));
                }
            } catch (ClassNotFoundException e) {
                throw new IllegalStateException("delegate " + name + " listed but not loadable", e);
            }
        }
        if (delegates.isEmpty()) {
            throw new IllegalStateException("no delegates found under " + prefix + " of " + codeSource());
        }
        delegates.sort(Comparator.comparing(Class::getSimpleName));
        return delegates;
    }

    private static List<String> entries(String prefix) {
        Path source = codeSource();
        try {
            if (Files.isDirectory(source)) {
                Path dir = source.resolve(prefix);
                try (Stream<Path> files = Files.list(dir)) {
                    return files.map(f -> prefix + f.getFileName()).toList();
                }
            }
            try (JarFile jar = new JarFile(source.toFile())) {
                return jar.stream().map(e -> e.getName()).filter(n -> n.startsWith(prefix)).toList();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the delegates in " + source, e);
        }
    }

    private static Path codeSource() {
        try {
            return Path.of(DelegateScan.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}

package io.hecate.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileTreesTest {

    @TempDir
    Path tmp;

    @Test
    void deletesANestedTreeWithItsFiles() throws Exception {
        Path root = tmp.resolve("tree");
        Files.createDirectories(root.resolve("a/b/c"));
        Files.createDirectories(root.resolve("empty"));
        Files.writeString(root.resolve("top.txt"), "top");
        Files.writeString(root.resolve("a/one.txt"), "one");
        Files.writeString(root.resolve("a/b/c/deep.txt"), "deep");
        Files.writeString(tmp.resolve("sibling.txt"), "kept");

        FileTrees.delete(root);

        assertThat(root).doesNotExist();
        assertThat(tmp.resolve("sibling.txt")).as("outside the tree").exists();
    }

    @Test
    void aMissingPathIsFine() throws Exception {
        FileTrees.delete(tmp.resolve("never-made"));

        assertThat(tmp).exists();
    }
}

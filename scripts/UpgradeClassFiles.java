import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Opcodes;

/**
 * Rewrites the class files of a jar that are older than Java 6 (class file version < 50) as Java 8 class files with
 * stack map frames, in place. Java 17's AppCDS never archives such a class: picocli, built for Java 5, loaded and
 * verified its ~230 classes from the jar on every command (~40 ms of `hecate --version`'s ~230); Joda-Time (Camunda's
 * timers) is another. Only the version and the frames change; the code is the same. The build runs it on the shaded jar
 * before the archive is made (cli/pom.xml).
 * Usage: java -cp ASM_JAR scripts/UpgradeClassFiles.java JAR
 */
public final class UpgradeClassFiles {

    private static final int JAVA_6 = 50;

    public static void main(String[] args) throws IOException {
        Path jar = Path.of(args[0]);
        Path upgraded = Files.createTempFile(jar.getParent(), jar.getFileName().toString(), ".tmp");
        Map<String, Integer> byPackage = new TreeMap<>();
        try (URLClassLoader classes = new URLClassLoader(new URL[] {jar.toUri().toURL()}, ClassLoader.getPlatformClassLoader());
                ZipInputStream in = new ZipInputStream(Files.newInputStream(jar));
                ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(upgraded))) {
            for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
                byte[] bytes = in.readAllBytes();
                if (entry.getName().endsWith(".class") && majorVersion(bytes) < JAVA_6) {
                    bytes = upgrade(bytes, classes);
                    String name = entry.getName();
                    byPackage.merge(name.contains("/") ? name.substring(0, name.lastIndexOf('/')) : "", 1, Integer::sum);
                }
                ZipEntry copy = new ZipEntry(entry.getName());
                copy.setTime(entry.getTime());
                out.putNextEntry(copy);
                out.write(bytes);
                out.closeEntry();
            }
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(upgraded);
            throw e;
        }
        Files.setPosixFilePermissions(upgraded, Files.getPosixFilePermissions(jar));
        Files.move(upgraded, jar, StandardCopyOption.REPLACE_EXISTING);
        System.out.println(byPackage.isEmpty() ? "no class file older than Java 6 in " + jar
                : "class files upgraded to Java 8 in " + jar + ": " + byPackage);
    }

    private static int majorVersion(byte[] classFile) {
        return ((classFile[6] & 0xff) << 8) | (classFile[7] & 0xff);
    }

    private static byte[] upgrade(byte[] classFile, ClassLoader classes) {
        ClassReader reader = new ClassReader(classFile);
        // frames are computed from scratch; the common super class of two types is looked up in the jar itself
        ClassWriter writer = new ClassWriter(ClassWriter.COMPUTE_FRAMES) {
            @Override
            protected ClassLoader getClassLoader() {
                return classes;
            }
        };
        reader.accept(new ClassVisitor(Opcodes.ASM9, writer) {
            @Override
            public void visit(int version, int access, String name, String signature, String superName, String[] interfaces) {
                super.visit(Opcodes.V1_8, access, name, signature, superName, interfaces);
            }
        }, ClassReader.SKIP_FRAMES);
        return writer.toByteArray();
    }

    private UpgradeClassFiles() {
    }
}

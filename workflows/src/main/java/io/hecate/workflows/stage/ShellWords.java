package io.hecate.workflows.stage;

import java.util.Arrays;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Joins words into one POSIX shell command line: sshd hands the command to the login shell, so every
 * argument is quoted unless it only holds characters no shell treats specially (then it stays readable
 * and matches a sudoers rule written by hand).
 */
public final class ShellWords {

    private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9_./=:@%+,-]+");

    private ShellWords() {
    }

    public static String join(String... words) {
        return Arrays.stream(words).map(ShellWords::quote).collect(Collectors.joining(" "));
    }

    public static String quote(String word) {
        if (PLAIN.matcher(word).matches()) {
            return word;
        }
        return "'" + word.replace("'", "'\\''") + "'";
    }
}
